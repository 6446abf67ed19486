// The emitted apply.sh against moto_server (issue 10, item 4): for_each instances, whose
// addresses hold quotes and brackets, run through it.
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace berth::e2e
