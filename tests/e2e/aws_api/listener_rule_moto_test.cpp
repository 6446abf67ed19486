// Listener rules declared as resources of their own (`listener_rule`, as std/web_service
// attaches a service to a shared load balancer) read back from moto: the bench stack of three
// services (bench/gen_stack.sh) plans no changes right after apply, and edits of two rules (a
// path, a priority) plan exactly those, apply, and plan no changes again.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <regex>

#include "backends/aws_api/client.h"
#include "tests/e2e/aws_api/moto_env.h"
#include "tests/e2e/moto_gaps.h"
#include "tests/e2e/run_berth.h"

namespace berth::e2e {
namespace {

using aws_api::Json;

std::string OneALine(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& line : lines) out += line + "\n";
  return out;
}

class ListenerRuleMoto : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!Moto::Get().Skip().empty()) GTEST_SKIP() << Moto::Get().Skip();
    Moto::Get().Reset();
    stack_ = dir_.path() + "/stack";
    std::string output;
    ASSERT_EQ(ShellOutput("bench/gen_stack.sh 3 " + stack_, output), 0) << output;
    // The bench stack's subnets and security groups, made in (or taken from) this moto.
    aws_api::Client aws = MotoClient();
    std::string vpc =
        Ok(aws, "ec2", "describe-vpcs",
           {{"Filters", {{{"Name", "isDefault"}, {"Values", {"true"}}}}}})["Vpcs"][0]["VpcId"];
    Json subnets = Ok(aws, "ec2", "describe-subnets",
                      {{"Filters", {{{"Name", "vpc-id"}, {"Values", {vpc}}}}}})["Subnets"];
    ASSERT_GE(subnets.size(), 2u);
    std::string text = ReadFile(stack_ + "/main.berth");
    std::map<std::string, std::string> ids = {{"subnet-a", subnets[0]["SubnetId"]},
                                              {"subnet-b", subnets[1]["SubnetId"]}};
    for (const char* group : {"alb", "app"}) {
      ids[std::string("sg-") + group] = Ok(aws, "ec2", "create-security-group",
                                           {{"GroupName", std::string("bench-") + group},
                                            {"Description", group},
                                            {"VpcId", vpc}})["GroupId"];
    }
    ids_ = ids;
    dir_.Write("stack/main.berth", WithIds(text));
  }
  // `text` with the bench stack's subnet and security group names replaced by moto's ids.
  std::string WithIds(std::string text) const {
    for (const auto& [from, to] : ids_)
      text = std::regex_replace(text, std::regex("\"" + from + "\""), "\"" + to + "\"");
    return text;
  }
  RunResult Berth(std::vector<std::string> args) {
    args.insert(args.begin() + 1, stack_);
    args.push_back("--backend");
    args.push_back("aws-api");
    return RunBerth(args, BERTH_SOURCE_DIR, BerthEnv());
  }
  // The plan's changes that moto's gaps do not explain.
  std::vector<std::string> Changes() {
    RunResult plan = Berth({"plan", "--format", "json"});
    EXPECT_EQ(plan.exit_code, 0) << plan.err;
    if (plan.exit_code != 0) return {"plan failed"};
    return ChangesMotoDoesNotExplain(plan.out);
  }
  void Edit(const std::string& from, const std::string& to) {
    std::string text = ReadFile(stack_ + "/main.berth");
    size_t at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
    dir_.Write("stack/main.berth", text);
  }

  TempDir dir_;
  std::string stack_;
  std::map<std::string, std::string> ids_;
};

TEST_F(ListenerRuleMoto, RulesPlanNoChangesAfterApplyAndEditsPlanExactly) {
  RunResult apply = Berth({"apply", "--auto-approve"});
  ASSERT_EQ(apply.exit_code, 0) << apply.out << apply.err;
  std::vector<std::string> changes = Changes();
  EXPECT_TRUE(changes.empty()) << OneALine(changes);
  RunResult text = Berth({"plan"});
  EXPECT_EQ(text.out.find("listener_rule"), std::string::npos) << text.out;

  // A path and a priority: the rules are found by the ARNs the state recorded, so a rule whose
  // priority changed is the same rule, updated.
  Edit("path            = \"/svc2/*\"", "path            = \"/two/*\"");
  Edit("priority        = 3\n", "priority        = 30\n");
  changes = Changes();
  std::sort(changes.begin(), changes.end());
  ASSERT_EQ(changes.size(), 2u) << OneALine(changes);
  EXPECT_EQ(changes[0],
            R"(module.svc2.listener_rule.main: ["update"] path: ["/svc2/*"] -> ["/two/*"])");
  EXPECT_EQ(changes[1], R"(module.svc3.listener_rule.main: ["update"] priority: 3 -> 30)");

  apply = Berth({"apply", "--auto-approve"});
  ASSERT_EQ(apply.exit_code, 0) << apply.out << apply.err;
  changes = Changes();
  EXPECT_TRUE(changes.empty()) << OneALine(changes);

  // What moto holds: the edited rules and the other one as they were.
  aws_api::Client aws = MotoClient();
  std::string lb =
      Ok(aws, "elbv2", "describe-load-balancers", {})["LoadBalancers"][0]["LoadBalancerArn"];
  std::string listener = Ok(aws, "elbv2", "describe-listeners",
                            {{"LoadBalancerArn", lb}})["Listeners"][0]["ListenerArn"];
  std::map<std::string, std::string> paths;  // priority -> path
  Json rules = Ok(aws, "elbv2", "describe-rules", {{"ListenerArn", listener}})["Rules"];
  for (const Json& rule : rules) {
    if (rule.value("IsDefault", false)) continue;
    for (const Json& condition : rule["Conditions"]) {
      Json values = condition.contains("PathPatternConfig")
                        ? condition["PathPatternConfig"]["Values"]
                        : condition["Values"];
      paths[rule["Priority"].get<std::string>()] = values[0];
    }
  }
  EXPECT_EQ(paths, (std::map<std::string, std::string>{
                       {"1", "/svc1/*"}, {"2", "/two/*"}, {"30", "/svc3/*"}}))
      << rules.dump();
}

// Without the state (lost, or a stack applied by someone else), the rules are still the
// declared ones: found on their load balancer's listener at their priorities.
TEST_F(ListenerRuleMoto, RulesAreFoundByPriorityWithoutTheState) {
  RunResult apply = Berth({"apply", "--auto-approve"});
  ASSERT_EQ(apply.exit_code, 0) << apply.out << apply.err;
  std::filesystem::remove_all(stack_ + "/.berth");
  std::vector<std::string> changes = Changes();
  EXPECT_TRUE(changes.empty()) << OneALine(changes);
}

// Rules past the first page of describe-rules (moto answers 50 a page): an edit of the 55th
// nested rule, whose ARN the state does not record, finds it by its priority on the second page.
// Apply read one page and failed: "elbv2 describe-rules returned no Rules[?Priority=='55']...".
TEST_F(ListenerRuleMoto, NestedRuleOnTheSecondPageIsFoundByPriority) {
  std::string text = R"(stack "pages" {
  region  = "ap-northeast-1"
  account = "123456789012"
}

load_balancer "public" {
  type            = application
  subnets         = ["subnet-a", "subnet-b"]
  security_groups = ["sg-alb"]

  listener "http" {
    port     = 80
    protocol = HTTP
    fixed_response {
      status_code = 404
    }
)";
  for (int i = 1; i <= 55; ++i) {
    std::string n = std::to_string(i);
    text += "    rule \"r" + n + "\" {\n      priority = " + n + "\n      path     = [\"/r" + n +
            "/*\"]\n      fixed_response {\n        status_code = 200\n      }\n    }\n";
  }
  text += "  }\n}\n";
  dir_.Write("stack/main.berth", WithIds(text));
  RunResult apply = Berth({"apply", "--auto-approve"});
  ASSERT_EQ(apply.exit_code, 0) << apply.out << apply.err;

  Edit("path     = [\"/r55/*\"]", "path     = [\"/fifty-five/*\"]");
  apply = Berth({"apply", "--auto-approve"});
  ASSERT_EQ(apply.exit_code, 0) << apply.out << apply.err;

  aws_api::Client aws = MotoClient();
  std::string lb =
      Ok(aws, "elbv2", "describe-load-balancers", {})["LoadBalancers"][0]["LoadBalancerArn"];
  std::string listener = Ok(aws, "elbv2", "describe-listeners",
                            {{"LoadBalancerArn", lb}})["Listeners"][0]["ListenerArn"];
  Json rules = Ok(aws, "elbv2", "describe-rules", {{"ListenerArn", listener}, {"PageSize", 400}});
  std::map<std::string, std::string> paths;  // priority -> path, of the rules edited or next
  for (const Json& rule : rules["Rules"]) {
    std::string priority = rule["Priority"];
    if (priority != "1" && priority != "54" && priority != "55") continue;
    const Json& condition = rule["Conditions"][0];
    paths[priority] = condition.contains("PathPatternConfig")
                          ? condition["PathPatternConfig"]["Values"][0]
                          : condition["Values"][0];
  }
  EXPECT_EQ(rules["Rules"].size(), 56u);
  EXPECT_EQ(paths, (std::map<std::string, std::string>{
                       {"1", "/r1/*"}, {"54", "/r54/*"}, {"55", "/fifty-five/*"}}))
      << rules.dump();
}

}  // namespace
}  // namespace berth::e2e
