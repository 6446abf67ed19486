// `berth apply --backend aws-api` against moto_server: the aws emitters' requests sent by the
// wire client, generated values (a load balancer's DNS name inside a URL) passed on in memory,
// sensitive values in request bodies only, the state recording what AWS generated; destroy
// leaves nothing; a stack for another account is refused before any change.
#include <gtest/gtest.h>

#include <map>
#include <regex>

#include "backends/aws_api/client.h"
#include "tests/e2e/aws_api/moto_env.h"
#include "tests/e2e/run_berth.h"
#include "tests/e2e/template_stack.h"

namespace berth::e2e {
namespace {

using aws_api::Json;

class ApplyMoto : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!Moto::Get().Skip().empty()) GTEST_SKIP() << Moto::Get().Skip();
    Moto::Get().Reset();
  }
  Json DefaultSubnets() {
    Json subnets = Ok(MotoClient(), "ec2", "describe-subnets",
                      {{"Filters", {{{"Name", "default-for-az"}, {"Values", {"true"}}}}}});
    Json ids = Json::array();
    for (const Json& subnet : subnets["Subnets"]) {
      if (ids.size() < 2) ids.push_back(subnet["SubnetId"]);
    }
    return ids;
  }
};

TEST_F(ApplyMoto, ApplyCallsAwsAndDestroyLeavesNothing) {
  TempDir dir;
  dir.Write("stack/main.berth", TemplateStack(DefaultSubnets().dump()));
  std::string stack = dir.path() + "/stack";
  RunResult apply = RunBerth({"apply", stack, "--backend", "aws-api", "--auto-approve", "--var",
                              std::string("odd=") + kOddValue},
                             BERTH_SOURCE_DIR, BerthEnv());
  ASSERT_EQ(apply.exit_code, 0) << apply.out << apply.err;
  EXPECT_EQ(apply.out.find(kOddValue), std::string::npos) << "a sensitive value was printed";
  EXPECT_NE(apply.out.find("Apply complete"), std::string::npos) << apply.out;

  aws_api::Client aws = MotoClient();
  std::string dns = Ok(aws, "elbv2", "describe-load-balancers",
                       {{"Names", {"tpl-public"}}})["LoadBalancers"][0]["DNSName"];
  Json task = Ok(aws, "ecs", "describe-task-definition", {{"taskDefinition", "tpl-app"}});
  std::map<std::string, std::string> env;
  for (const Json& e : task["taskDefinition"]["containerDefinitions"][0]["environment"])
    env[e["name"]] = e["value"];
  EXPECT_EQ(env["PUBLIC_URL"], "https://" + dns + "/api");
  EXPECT_EQ(env["ODD"], kOddValue);
  Json policy =
      Ok(aws, "iam", "get-role-policy", {{"RoleName", "tpl-app"}, {"PolicyName", "berth-inline"}});
  EXPECT_NE(policy["PolicyDocument"].dump().find("log-group:/ecs/tpl-app:*"), std::string::npos)
      << policy.dump();

  // The state records the generated values; a sensitive one only as its keyed digest, never in
  // clear (docs/state.md, "Sensitive values").
  std::string state = ReadFile(stack + "/.berth/state.json");
  EXPECT_NE(state.find(R"("dns_name": ")" + dns + "\""), std::string::npos) << state;
  EXPECT_NE(state.find(R"("$digest": "hmac-sha256:)"), std::string::npos) << state;
  EXPECT_EQ(state.find("https://u:p@h"), std::string::npos) << "the state holds a secret in clear";

  RunResult plan =
      RunBerth({"plan", stack, "--backend", "aws-api", "--var", std::string("odd=") + kOddValue},
               BERTH_SOURCE_DIR, BerthEnv());
  EXPECT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_NE(plan.out.find("No changes"), std::string::npos) << plan.out;
  EXPECT_EQ(plan.err.find("stats:"), std::string::npos) << plan.err;

  // BERTH_STATS=1 adds one line on stderr saying what the live read cost; the plan is the same.
  std::vector<std::string> stats_env = BerthEnv();
  stats_env.push_back("BERTH_STATS=1");
  RunResult counted =
      RunBerth({"plan", stack, "--backend", "aws-api", "--var", std::string("odd=") + kOddValue},
               BERTH_SOURCE_DIR, stats_env);
  EXPECT_EQ(counted.exit_code, 0) << counted.err;
  EXPECT_EQ(counted.out, plan.out);
  std::smatch stats;
  ASSERT_TRUE(std::regex_search(
      counted.err, stats,
      std::regex(R"(berth plan: stats: live read: ([0-9]+) AWS calls in [0-9.]+ s \(.*elbv2 )"
                 R"(describe-load-balancers 1 calls [0-9.]+ s.*\)\n)")))
      << counted.err;
  EXPECT_GT(std::stol(stats[1]), 5) << counted.err;

  RunResult destroy = RunBerth({"destroy", stack, "--backend", "aws-api", "--auto-approve"},
                               BERTH_SOURCE_DIR, BerthEnv());
  ASSERT_EQ(destroy.exit_code, 0) << destroy.out << destroy.err;
  EXPECT_TRUE(Ok(aws, "elbv2", "describe-load-balancers", {})["LoadBalancers"].empty());
  EXPECT_TRUE(Ok(aws, "logs", "describe-log-groups", {})["logGroups"].empty());
  EXPECT_FALSE(aws.Call("iam", "get-role", {{"RoleName", "tpl-app"}}).ok());
  Json families = Ok(aws, "ecs", "list-task-definitions", {{"status", "ACTIVE"}});
  EXPECT_TRUE(families["taskDefinitionArns"].empty()) << families.dump();
}

TEST_F(ApplyMoto, AStackForAnotherAccountIsRefusedBeforeAnyChange) {
  TempDir dir;
  dir.Write("stack/main.berth", TemplateStack(DefaultSubnets().dump(), "111122223333"));
  RunResult apply =
      RunBerth({"apply", dir.path() + "/stack", "--backend", "aws-api", "--auto-approve"},
               BERTH_SOURCE_DIR, BerthEnv());
  EXPECT_EQ(apply.exit_code, 1);
  EXPECT_NE(apply.err.find("the stack is for account 111122223333, but the AWS credentials are "
                           "for account 123456789012: refusing to call AWS"),
            std::string::npos)
      << apply.err;
  EXPECT_TRUE(Ok(MotoClient(), "logs", "describe-log-groups", {})["logGroups"].empty());

  RunResult region =
      RunBerth({"apply", dir.path() + "/stack", "--backend", "aws-api", "--auto-approve"},
               BERTH_SOURCE_DIR, BerthEnv("eu-west-1"));
  EXPECT_EQ(region.exit_code, 1);
  EXPECT_NE(region.err.find("the stack is for region ap-northeast-1, but the AWS configuration "
                            "names eu-west-1"),
            std::string::npos)
      << region.err;
}

}  // namespace
}  // namespace berth::e2e
