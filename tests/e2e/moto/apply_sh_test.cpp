// The emitted apply.sh against moto_server (issue 10, items 4 and 5): for_each instances, whose
// addresses hold quotes and brackets, run through it; and it refuses to run in an account or a
// region other than the stack's, unless told to.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "tests/e2e/moto/moto_env.h"
#include "tests/e2e/run_berth.h"

namespace berth::e2e {
namespace {

using nlohmann::json;

// Two instances of std/web_service behind one load balancer: every captured value of the
// instances (`module.web["blue"].target_group.main.arn`...) carries a for_each key.
std::string ForEachStack(const std::string& subnets, const std::string& vpc) {
  return R"(stack "foreach" {
  region  = "ap-northeast-1"
  account = "123456789012"
}

import "std/web_service"

cluster "main" { name = "foreach-main" }

load_balancer "public" {
  name    = "foreach-public"
  subnets = )" +
         subnets +
         R"(
  listener "http" {
    port     = 80
    protocol = HTTP
    fixed_response {
      status_code  = 404
      content_type = "text/plain"
      body         = "no route"
    }
  }
}

web_service "web" {
  for_each        = { blue = 10, green = 20 }
  name            = "foreach-${each.key}"
  cluster         = cluster.main
  load_balancer   = load_balancer.public
  vpc             = ")" +
         vpc +
         R"("
  listener        = "http"
  priority        = each.value
  path            = "/${each.key}/*"
  image           = "public.ecr.aws/docker/library/busybox:1.36"
  subnets         = )" +
         subnets +
         R"(
  security_groups = []
}
)";
}

TEST(MotoApplySh, ForEachInstancesRunThroughApplySh) {
  Moto moto;
  if (!moto.skip().empty()) GTEST_SKIP() << moto.skip();
  TempDir dir;
  std::string subnets = DefaultSubnets(moto), vpc = DefaultVpc(moto);
  ASSERT_FALSE(subnets.empty());
  ASSERT_FALSE(vpc.empty());
  dir.Write("stack/main.berth", ForEachStack(subnets, vpc));
  std::string out = dir.path() + "/out";
  RunResult emit = RunBerth({"emit", "aws", dir.path() + "/stack", "-o", out});
  ASSERT_EQ(emit.exit_code, 0) << emit.err;
  // The requests consume values captured for the instances: names with quotes and brackets.
  json manifest = json::parse(ReadFile(out + "/manifest.json"));
  bool keyed_capture = false;
  for (const json& call : manifest["calls"]) {
    for (const json& capture : call["captures"]) {
      keyed_capture = keyed_capture ||
                      capture["name"].get<std::string>().find("[\"blue\"]") != std::string::npos;
    }
  }
  ASSERT_TRUE(keyed_capture) << manifest.dump(2);

  ShellResult apply = Shell(moto.Env() + "BERTH_WORK=" + ShellQuote(dir.path() + "/work") + " sh " +
                            ShellQuote(out + "/apply.sh"));
  ASSERT_EQ(apply.exit_code, 0) << apply.err;

  // Both instances exist, each service registered in its own target group.
  for (std::string key : {"blue", "green"}) {
    ShellResult tg = moto.Aws("elbv2 describe-target-groups --names foreach-" + key +
                              " --query 'TargetGroups[0].TargetGroupArn' --output text");
    ASSERT_EQ(tg.exit_code, 0) << tg.err;
    std::string arn = Trim(tg.out);
    ShellResult service =
        moto.Aws("ecs describe-services --cluster foreach-main --services foreach-" + key +
                 " --query 'services[0].loadBalancers[0].targetGroupArn' --output text");
    ASSERT_EQ(service.exit_code, 0) << service.err;
    EXPECT_EQ(Trim(service.out), arn) << key;
  }
}

// A stack of one log group, for the account and region checks.
std::string LogGroupStack(const std::string& name, const std::string& account,
                          const std::string& region) {
  std::string label = name;  // stack labels are identifiers
  std::replace(label.begin(), label.end(), '-', '_');
  return "stack \"" + label + "\" {\n  region  = \"" + region + "\"\n  account = \"" + account +
         "\"\n}\n\nlog_group \"app\" {\n  name      = \"/ecs/" + name + "\"\n  retention = 7d\n}\n";
}

bool LogGroupExists(const Moto& moto, const std::string& name, const std::string& region) {
  ShellResult r = moto.Aws("logs describe-log-groups --log-group-name-prefix /ecs/" + name +
                               " --query 'length(logGroups)' --output text",
                           region);
  return r.exit_code == 0 && Trim(r.out) == "1";
}

TEST(MotoApplySh, RefusesAnotherAccountUnlessTold) {
  Moto moto;
  if (!moto.skip().empty()) GTEST_SKIP() << moto.skip();
  TempDir dir;
  // moto answers get-caller-identity with account 123456789012.
  dir.Write("stack/main.berth",
            LogGroupStack("identity-account", "111122223333", "ap-northeast-1"));
  std::string out = dir.path() + "/out";
  ASSERT_EQ(RunBerth({"emit", "aws", dir.path() + "/stack", "-o", out}).exit_code, 0);

  ShellResult refused = Shell(moto.Env() + "sh " + ShellQuote(out + "/apply.sh"));
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("apply.sh: the AWS CLI's credentials are for account 123456789012, "
                             "but these requests are for account 111122223333; nothing was run"),
            std::string::npos)
      << refused.err;
  EXPECT_FALSE(LogGroupExists(moto, "identity-account", "ap-northeast-1"));

  ShellResult overridden =
      Shell(moto.Env() + "sh " + ShellQuote(out + "/apply.sh") + " --no-identity-check");
  EXPECT_EQ(overridden.exit_code, 0) << overridden.err;
  EXPECT_TRUE(LogGroupExists(moto, "identity-account", "ap-northeast-1"));
}

TEST(MotoApplySh, RefusesAnotherRegionUnlessTold) {
  Moto moto;
  if (!moto.skip().empty()) GTEST_SKIP() << moto.skip();
  TempDir dir;
  dir.Write("stack/main.berth", LogGroupStack("identity-region", "123456789012", "ap-northeast-1"));
  std::string out = dir.path() + "/out";
  ASSERT_EQ(RunBerth({"emit", "aws", dir.path() + "/stack", "-o", out}).exit_code, 0);

  // The CLI configured for us-west-2: refused before any call.
  ShellResult refused = Shell(moto.Env("us-west-2") + "sh " + ShellQuote(out + "/apply.sh"));
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("apply.sh: the AWS CLI is configured for region us-west-2, but these "
                             "requests are for ap-northeast-1; nothing was run"),
            std::string::npos)
      << refused.err;
  EXPECT_FALSE(LogGroupExists(moto, "identity-region", "us-west-2"));
  EXPECT_FALSE(LogGroupExists(moto, "identity-region", "ap-northeast-1"));

  // A --region in AWS_CLI counts as the CLI's region, as it does for every call.
  ShellResult flag = Shell(moto.Env("us-west-2") + "AWS_CLI='aws --region eu-west-1' sh " +
                           ShellQuote(out + "/apply.sh"));
  EXPECT_EQ(flag.exit_code, 1);
  EXPECT_NE(flag.err.find("configured for region eu-west-1"), std::string::npos) << flag.err;

  // Told to run anyway, it runs where the CLI points.
  ShellResult overridden =
      Shell(moto.Env("us-west-2") + "sh " + ShellQuote(out + "/apply.sh") + " --no-identity-check");
  EXPECT_EQ(overridden.exit_code, 0) << overridden.err;
  EXPECT_NE(overridden.err.find("not checking the AWS account and region"), std::string::npos);
  EXPECT_TRUE(LogGroupExists(moto, "identity-region", "us-west-2"));

  // The right region runs without a flag.
  ShellResult matching = Shell(moto.Env("ap-northeast-1") + "sh " + ShellQuote(out + "/apply.sh"));
  EXPECT_EQ(matching.exit_code, 0) << matching.err;
  EXPECT_TRUE(LogGroupExists(moto, "identity-region", "ap-northeast-1"));
}

}  // namespace
}  // namespace berth::e2e
