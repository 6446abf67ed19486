// `berth apply` with the aws backend, then its apply.sh against moto_server, across a change that
// replaces a target group and registers a new task revision (issue 10, item 2 and the
// deregistration of docs/backends.md): the new target group is created, the listener, the rule
// and the service move to it, then the old one is deleted, which AWS refuses while anything
// still uses it; the service moves to the new revision before the old one is deregistered.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "tests/e2e/moto/moto_env.h"
#include "tests/e2e/run_berth.h"

namespace berth::e2e {
namespace {

using nlohmann::json;

std::string CarryStack(const std::string& subnets, const std::string& vpc,
                       const std::string& target_group, const std::string& version) {
  return R"(stack "carry" {
  region  = "ap-northeast-1"
  account = "123456789012"
}

cluster "main" { name = "carry-main" }

security_group "tasks" {
  name        = "carry-tasks"
  description = "carry tasks"
  vpc         = ")" +
         vpc + R"("
}

target_group "api" {
  name        = ")" +
         target_group + R"("
  port        = 8080
  protocol    = HTTP
  target_type = ip
  vpc         = ")" +
         vpc + R"("
}

load_balancer "public" {
  name    = "carry-public"
  subnets = )" +
         subnets + R"(
  listener "http" {
    port     = 80
    protocol = HTTP
    forward {
      target_group = target_group.api
    }
  }
}

listener_rule "api" {
  load_balancer = load_balancer.public
  listener      = "http"
  priority      = 10
  path          = ["/api/*"]
  forward {
    target_group = target_group.api
  }
}

task "api" {
  family   = "carry-api"
  cpu      = 256
  memory   = 512MiB
  requires = ["FARGATE"]
  container "app" {
    image = "public.ecr.aws/docker/library/busybox:1.36"
    port  = 8080
    env   = { VERSION = ")" +
         version + R"(" }
  }
}

service "api" {
  name          = "carry-api"
  cluster       = cluster.main
  task          = task.api
  desired_count = 1
  launch_type   = FARGATE
  network {
    subnets         = )" +
         subnets + R"(
    security_groups = [security_group.tasks.id]
  }
  load_balancer {
    target_group = target_group.api
    container    = "app"
    port         = 8080
  }
}
)";
}

// The directory `berth apply` wrote its requests to ("... apply.sh to DIR").
std::string OutputDirectory(const std::string& apply_out) {
  std::string marker = "manifest.json and apply.sh to ";
  size_t at = apply_out.rfind(marker);
  if (at == std::string::npos) return "";
  size_t end = apply_out.find('\n', at);
  return apply_out.substr(at + marker.size(), end - at - marker.size());
}

std::vector<std::string> Operations(const std::string& dir) {
  std::vector<std::string> operations;
  json manifest = json::parse(ReadFile(dir + "/manifest.json"));
  for (const json& call : manifest["calls"])
    operations.push_back(call["operation"].get<std::string>() + " " +
                         call["address"].get<std::string>());
  return operations;
}

size_t IndexOf(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) - list.begin();
}

TEST(MotoReplaceCarry, ARenamedTargetGroupTakesItsUsersAlong) {
  Moto moto;
  if (!moto.skip().empty()) GTEST_SKIP() << moto.skip();
  TempDir dir;
  std::string subnets = DefaultSubnets(moto), vpc = DefaultVpc(moto);
  ASSERT_FALSE(subnets.empty());
  std::string stack = dir.path() + "/stack";
  auto apply_sh = [&](const std::string& out) {
    return Shell(moto.Env() + "BERTH_WORK=" + ShellQuote(dir.path() + "/work") + " sh " +
                 ShellQuote(out + "/apply.sh"));
  };

  dir.Write("stack/main.berth", CarryStack(subnets, vpc, "carry-api", "1"));
  RunResult first = RunBerth({"apply", stack, "--auto-approve"});
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
  ShellResult created = apply_sh(OutputDirectory(first.out));
  ASSERT_EQ(created.exit_code, 0) << created.err;

  dir.Write("stack/main.berth", CarryStack(subnets, vpc, "carry-api-v2", "2"));
  RunResult plan = RunBerth({"plan", stack});
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_NE(plan.out.find("-/+ target_group.api {"), std::string::npos) << plan.out;
  EXPECT_NE(plan.out.find("# load_balancer.public will be updated in place"), std::string::npos)
      << plan.out;
  EXPECT_NE(plan.out.find("listeners[\"http\"].forward.target_group = target_group.api -> (known "
                          "after apply: target_group.api is replaced)"),
            std::string::npos)
      << plan.out;
  EXPECT_NE(plan.out.find("# listener_rule.api will be updated in place"), std::string::npos);
  EXPECT_NE(plan.out.find("load_balancers[0].target_group = target_group.api -> (known after "
                          "apply: target_group.api is replaced)"),
            std::string::npos)
      << plan.out;

  RunResult second = RunBerth({"apply", stack, "--auto-approve"});
  ASSERT_EQ(second.exit_code, 0) << second.out << second.err;
  std::string out = OutputDirectory(second.out);
  std::vector<std::string> ops = Operations(out);
  size_t create = IndexOf(ops, "create-target-group target_group.api");
  size_t listener = IndexOf(ops, "modify-listener load_balancer.public");
  size_t rule = IndexOf(ops, "modify-rule listener_rule.api");
  size_t service = IndexOf(ops, "update-service service.api");
  size_t remove = IndexOf(ops, "delete-target-group target_group.api");
  size_t deregister = IndexOf(ops, "deregister-task-definition task.api");
  ASSERT_LT(remove, ops.size()) << json(ops).dump(2);
  ASSERT_LT(deregister, ops.size()) << json(ops).dump(2);
  EXPECT_LT(create, listener);
  EXPECT_LT(create, rule);
  EXPECT_LT(create, service);
  EXPECT_LT(listener, remove);
  EXPECT_LT(rule, remove);
  EXPECT_LT(service, remove);
  EXPECT_LT(service, deregister);

  ShellResult moved = apply_sh(out);
  ASSERT_EQ(moved.exit_code, 0) << moved.err;

  ShellResult arn = moto.Aws(
      "elbv2 describe-target-groups --names carry-api-v2 --query "
      "'TargetGroups[0].TargetGroupArn' --output text");
  ASSERT_EQ(arn.exit_code, 0) << arn.err;
  std::string new_arn = Trim(arn.out);
  EXPECT_NE(moto.Aws("elbv2 describe-target-groups --names carry-api").exit_code, 0)
      << "the old target group is deleted";
  ShellResult lb = moto.Aws(
      "elbv2 describe-load-balancers --names carry-public --query "
      "'LoadBalancers[0].LoadBalancerArn' --output text");
  ShellResult forwards =
      moto.Aws("elbv2 describe-listeners --load-balancer-arn " + Trim(lb.out) +
               " --query 'Listeners[0].DefaultActions[0].TargetGroupArn' --output text");
  EXPECT_EQ(Trim(forwards.out), new_arn) << forwards.err;
  ShellResult services = moto.Aws(
      "ecs describe-services --cluster carry-main --services carry-api --query "
      "'services[0].loadBalancers[0].targetGroupArn' --output text");
  ASSERT_EQ(services.exit_code, 0) << services.err;
  EXPECT_EQ(Trim(services.out), new_arn);
  ShellResult rule_target =
      moto.Aws("elbv2 describe-rules --listener-arn $(" + moto.Env() + ShellQuote(moto.Cli()) +
               " elbv2 describe-listeners --load-balancer-arn " + Trim(lb.out) +
               " --query 'Listeners[0].ListenerArn' --output text) --query "
               "\"Rules[?Priority=='10'].Actions[0].TargetGroupArn\" --output text");
  EXPECT_EQ(Trim(rule_target.out), new_arn) << rule_target.err;
  // The previous revision is deregistered once the service moved off it (moto keeps the
  // service's taskDefinition as sent, the family, so the revision is read from the family).
  ShellResult old_revision = moto.Aws(
      "ecs describe-task-definition --task-definition carry-api:1 --query "
      "'taskDefinition.status' --output text");
  EXPECT_EQ(Trim(old_revision.out), "INACTIVE") << old_revision.err;
  ShellResult latest = moto.Aws(
      "ecs describe-task-definition --task-definition carry-api --query "
      "'taskDefinition.[revision, status]' --output text");
  EXPECT_EQ(Trim(latest.out), "2\tACTIVE") << latest.err;
}

}  // namespace
}  // namespace berth::e2e
