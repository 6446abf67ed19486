// Updates: what changed, and only that, in the order AWS needs it, with the ARNs of what
// already exists found by describe calls in the same list (the capture check proves it).
#include <gtest/gtest.h>

#include "tests/unit/aws_services/services_fixture.h"

namespace berth::aws::testing {
namespace {

const char* kBefore = R"berth(
stack "t" {
  region  = "ap-northeast-1"
  account = "123456789012"
  tags    = { team = "web" }
}
target_group "a" {
  name = "a"
  port = 80
  vpc  = "vpc-1"
  health_check {
    path = "/health"
  }
}
target_group "b" {
  name = "b"
  port = 80
  vpc  = "vpc-1"
}
load_balancer "lb" {
  name         = "lb"
  subnets      = ["subnet-1", "subnet-2"]
  idle_timeout = 60s
  listener "https" {
    port            = 443
    protocol        = HTTPS
    certificate_arn = "arn:aws:acm:ap-northeast-1:123456789012:certificate/old"
    forward {
      target_group = target_group.a
    }
    rule "api" {
      priority = 10
      path     = ["/api/*"]
      forward {
        target_group = target_group.b
      }
    }
    rule "old" {
      priority = 20
      path     = ["/old"]
      fixed_response {
        status_code = 410
      }
    }
  }
  listener "admin" {
    port     = 8443
    protocol = HTTP
    forward {
      target_group = target_group.a
    }
  }
}
listener_rule "docs" {
  load_balancer = load_balancer.lb
  listener      = "https"
  priority      = 30
  path          = ["/docs/*"]
  forward {
    target_group = target_group.a
  }
}
)berth";

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

std::vector<std::string> Operations(const std::vector<AwsCall>& calls) {
  std::vector<std::string> operations;
  for (const AwsCall& call : calls) operations.push_back(call.operation);
  return operations;
}

TEST(Updates, LoadBalancerChangesInPlace) {
  std::string after = kBefore;
  after = Replace(after, "idle_timeout = 60s", "idle_timeout = 30s\n  deletion_protection = true");
  after = Replace(after, R"(subnets      = ["subnet-1", "subnet-2"])",
                  R"(subnets      = ["subnet-1", "subnet-3"])");
  after = Replace(after, "certificate/old", "certificate/new");
  after = Replace(after, "priority = 10", "priority = 25");
  after = Replace(after, R"(rule "old" {
      priority = 20
      path     = ["/old"]
      fixed_response {
        status_code = 410
      }
    })",
                  R"(rule "new" {
      priority = 10
      host     = ["new.example.com"]
      forward {
        target_group = target_group.b
      }
    })");
  after = Replace(after, R"(listener "admin" {
    port     = 8443)",
                  R"(listener "metrics" {
    port     = 9443)");
  ir::Program old_program = CompileSource(kBefore);
  ir::Program new_program = CompileSource(after);
  std::vector<AwsCall> calls = UpdateOf(old_program, new_program, "load_balancer.lb");
  EXPECT_EQ(Operations(calls),
            (std::vector<std::string>{
                "describe-target-groups",  // target_group.a: the modified listener forwards there
                "describe-target-groups",  // target_group.b: the new rule forwards there
                "describe-load-balancers", "set-subnets", "modify-load-balancer-attributes",
                "describe-listeners", "delete-listener", "modify-listener", "describe-rules",
                "delete-rule", "set-rule-priorities", "create-rule", "create-listener"}));
  EXPECT_EQ(Only(calls, "modify-load-balancer-attributes").body["Attributes"],
            Json::parse(R"([{"Key":"idle_timeout.timeout_seconds","Value":"30"},
                            {"Key":"deletion_protection.enabled","Value":"true"}])"));
  const AwsCall& listeners = Only(calls, "describe-listeners");
  ASSERT_EQ(listeners.captures.size(), 2u);
  EXPECT_EQ(listeners.captures[0].query, "Listeners[?Port==`443`].ListenerArn | [0]");
  EXPECT_EQ(listeners.captures[1].query, "Listeners[?Port==`8443`].ListenerArn | [0]");
  EXPECT_EQ(Only(calls, "modify-listener").body["Certificates"][0]["CertificateArn"],
            "arn:aws:acm:ap-northeast-1:123456789012:certificate/new");
  // api moves from 10 to 25 before new takes 10; old is deleted first.
  EXPECT_EQ(Only(calls, "set-rule-priorities").body["RulePriorities"],
            Json::parse(R"([{"RuleArn":"{{berth:load_balancer.lb.listener.https.rule.api.arn}}",
                            "Priority":25}])"));
  EXPECT_EQ(Only(calls, "describe-rules").captures.size(), 2u) << "api and old, by priority";
  EXPECT_EQ(Only(calls, "create-listener").body["Port"], 9443);
  ExpectValid(calls, new_program);
}

TEST(Updates, NothingChangedIsNoCalls) {
  ir::Program program = CompileSource(kBefore);
  for (const ir::Resource& resource : program.resources) {
    EXPECT_TRUE(UpdateOf(program, program, resource.address).empty()) << resource.address;
  }
}

TEST(Updates, TargetGroupHealthCheckAttributesAndTags) {
  std::string after = Replace(kBefore, R"(path = "/health")", R"(path = "/ready")");
  after = Replace(after, R"(name = "a"
  port = 80
  vpc  = "vpc-1")",
                  R"(name = "a"
  port = 80
  vpc  = "vpc-1"
  deregistration_delay = 10s
  tags = { team = "api", tier = "1" })");
  ir::Program old_program = CompileSource(kBefore);
  ir::Program new_program = CompileSource(after);
  std::vector<AwsCall> calls = UpdateOf(old_program, new_program, "target_group.a");
  EXPECT_EQ(Operations(calls),
            (std::vector<std::string>{"describe-target-groups", "modify-target-group",
                                      "modify-target-group-attributes", "add-tags"}));
  // Every setting: ModifyTargetGroup keeps what it is not given.
  EXPECT_EQ(calls[1].body, Json::parse(R"({"TargetGroupArn":"{{berth:target_group.a.arn}}",
      "HealthCheckProtocol":"HTTP","HealthCheckPort":"traffic-port","HealthCheckPath":"/ready",
      "HealthCheckIntervalSeconds":30,"HealthCheckTimeoutSeconds":5,"HealthyThresholdCount":5,
      "UnhealthyThresholdCount":2,"Matcher":{"HttpCode":"200"}})"));
  EXPECT_EQ(calls[2].body["Attributes"],
            Json::parse(R"([{"Key":"deregistration_delay.timeout_seconds","Value":"10"},
                            {"Key":"slow_start.duration_seconds","Value":"0"}])"));
  EXPECT_EQ(calls[3].body["Tags"],
            Json::parse(R"([{"Key":"team","Value":"api"},{"Key":"tier","Value":"1"}])"));
  ExpectValid(calls, new_program);
}

TEST(Updates, ListenerRulePriorityAndPath) {
  std::string after = Replace(kBefore, R"(priority      = 30
  path          = ["/docs/*"])",
                              R"(priority      = 40
  path          = ["/docs/*", "/help/*"])");
  ir::Program old_program = CompileSource(kBefore);
  ir::Program new_program = CompileSource(after);
  std::vector<AwsCall> calls = UpdateOf(old_program, new_program, "listener_rule.docs");
  EXPECT_EQ(Operations(calls),
            (std::vector<std::string>{"describe-target-groups", "describe-load-balancers",
                                      "describe-listeners", "describe-rules", "set-rule-priorities",
                                      "modify-rule"}));
  EXPECT_EQ(calls[3].captures[0].query, "Rules[?Priority=='30'].RuleArn | [0]")
      << "found by the priority it has before the change";
  EXPECT_EQ(calls[4].body["RulePriorities"][0]["Priority"], 40);
  ExpectValid(calls, new_program);
}

const char* kService = R"berth(
stack "t" {
  region  = "ap-northeast-1"
  account = "123456789012"
}
cluster "c" {
  name = "c"
}
role "exec" {
  name    = "exec"
  managed = ["arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"]
}
task "t" {
  family         = "t"
  cpu            = 256
  memory         = 512MiB
  requires       = ["FARGATE"]
  execution_role = role.exec
  container "app" {
    image = "nginx:1.27"
    port  = 80
  }
}
service "s" {
  name        = "s"
  cluster     = cluster.c
  task        = task.t
  launch_type = FARGATE
  network {
    subnets = ["subnet-1"]
  }
  service_discovery {
    namespace = "ns-1"
    ttl       = 60s
  }
  autoscaling {
    min = 1
    max = 4
    target "cpu" {
      value = 70%
    }
    target "memory" {
      value = 80%
    }
  }
}
)berth";

TEST(Updates, AutoscalingAndCloudMap) {
  std::string after = Replace(kService, "max = 4", "max = 6");
  after = Replace(after, R"(target "memory" {
      value = 80%
    })",
                  R"x(scheduled "night" {
      schedule = "cron(0 22 * * ? *)"
      max      = 2
    })x");
  after = Replace(after, "ttl       = 60s", "ttl       = 15s");
  ir::Program old_program = CompileSource(kService);
  ir::Program new_program = CompileSource(after);
  std::vector<AwsCall> calls = UpdateOf(old_program, new_program, "service.s");
  EXPECT_EQ(Operations(calls),
            (std::vector<std::string>{"list-services", "update-service", "register-scalable-target",
                                      "delete-scaling-policy", "put-scheduled-action"}));
  EXPECT_EQ(calls[0].captures[0].query, "Services[?Name=='s'].Id | [0]");
  EXPECT_EQ(calls[1].body, Json::parse(R"({"Id":"{{berth:service.s.service_discovery_id}}",
      "Service":{"DnsConfig":{"DnsRecords":[{"Type":"A","TTL":15}]}}})"));
  EXPECT_EQ(calls[2].body["MaxCapacity"], 6);
  EXPECT_EQ(calls[3].body["PolicyName"], "s-memory");
  ExpectValid(calls, new_program);

  // Autoscaling and Cloud Map dropped: the scalable target is deregistered, the Cloud Map
  // service deleted.
  std::string without = Replace(kService, R"(service_discovery {
    namespace = "ns-1"
    ttl       = 60s
  })",
                                "");
  size_t at = without.find("  autoscaling {");
  without = without.substr(0, at) + "}\n";
  ir::Program plain = CompileSource(without);
  std::vector<AwsCall> drops = UpdateOf(old_program, plain, "service.s");
  // The Cloud Map service goes last: after the ECS update-service (tests/unit/aws_ecs) that
  // stops naming it, which emission puts between the updates and update_last.
  EXPECT_EQ(Operations(drops), (std::vector<std::string>{"deregister-scalable-target",
                                                         "list-services", "delete-service"}));
  ExpectValid(drops, plain);
}

}  // namespace
}  // namespace berth::aws::testing
