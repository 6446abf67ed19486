// Small stacks that set every attribute of this helper's kinds: each reaches its API field, in
// the API's units, and every body passes the AWS CLI and the capture check.
#include <gtest/gtest.h>

#include "tests/unit/aws_services/services_fixture.h"

namespace berth::aws::testing {
namespace {

// Target groups, a network and an application load balancer, a listener_rule.
const char* kElbStack = R"berth(
stack "t" {
  region  = "ap-northeast-1"
  account = "123456789012"
  tags    = { team = "web" }
}

target_group "tcp" {
  name                 = "tcp-tg"
  port                 = 5000
  protocol             = TCP
  target_type          = instance
  vpc                  = "vpc-1"
  deregistration_delay = 0s
  health_check {
    protocol            = HTTP
    path                = "/ping"
    port                = 8081
    interval            = 10s
    timeout             = 6s
    healthy_threshold   = 3
    unhealthy_threshold = 3
  }
}

target_group "grpc" {
  name             = "grpc-tg"
  port             = 50051
  protocol         = HTTPS
  protocol_version = GRPC
  vpc              = "vpc-1"
  slow_start       = 60s
  health_check {
    matcher = "0-99"
  }
}

load_balancer "nlb" {
  name                = "nlb"
  type                = network
  internal            = true
  subnets             = ["subnet-1", "subnet-2"]
  ip_address_type     = dualstack
  deletion_protection = true
  listener "tcp" {
    port     = 5000
    protocol = TCP
    forward {
      target_group = target_group.tcp
    }
  }
  listener "tls" {
    port            = 443
    protocol        = TLS
    certificate_arn = "arn:aws:acm:ap-northeast-1:123456789012:certificate/abc"
    ssl_policy      = "ELBSecurityPolicy-TLS13-1-2-2021-06"
    forward {
      target_group = target_group.tcp
    }
  }
}

load_balancer "alb" {
  name    = "alb"
  subnets = ["subnet-1", "subnet-2"]
  listener "http" {
    port     = 80
    protocol = HTTP
    fixed_response {
      status_code  = 404
      content_type = "application/json"
      body         = "{}"
    }
    rule "hosts" {
      priority = 5
      host     = ["a.example.com"]
      path     = ["/x/*"]
      redirect {
        protocol    = HTTPS
        port        = 443
        host        = "b.example.com"
        path        = "/y"
        query       = "z=1"
        status_code = HTTP_302
      }
    }
  }
}

listener_rule "extra" {
  load_balancer = load_balancer.alb
  listener      = "http"
  priority      = 7
  host          = ["c.example.com"]
  forward {
    target_group = target_group.grpc
  }
  tags = { owner = "platform" }
}
)berth";

// A Fargate service with Cloud Map, every autoscaling policy kind, and a schedule on capacity
// providers.
const char* kServiceStack = R"berth(
stack "t" {
  region  = "ap-northeast-1"
  account = "123456789012"
  tags    = { team = "web" }
}

cluster "c" {
  name = "c"
}

role "exec" {
  name    = "exec"
  managed = ["arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"]
}

role "events" {
  name  = "events"
  trust = ["events.amazonaws.com"]
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
    dns_type  = SRV
    ttl       = 30s
    container = "app"
    port      = 80
  }
  autoscaling {
    min = 1
    max = 4
    target "queue" {
      value             = 50
      disable_scale_in  = true
      scale_in_cooldown = 120s
      metric {
        namespace  = "AWS/SQS"
        name       = "ApproximateNumberOfMessagesVisible"
        statistic  = Sum
        dimensions = { QueueName = "q" }
      }
    }
    step "burst" {
      threshold          = 90
      period             = 120s
      evaluation_periods = 2
      adjustment_type    = PercentChangeInCapacity
      cooldown           = 30s
      aggregation        = Maximum
      metric {
        namespace = "AWS/ECS"
        name      = "CPUUtilization"
      }
      adjustment {
        lower  = 0
        change = 50
      }
    }
    scheduled "night" {
      schedule = "cron(0 22 * * ? *)"
      min      = 0
      max      = 1
      timezone = "Asia/Tokyo"
    }
  }
}

schedule "spot" {
  name             = "spot"
  expression       = "cron(0 3 * * ? *)"
  cluster          = cluster.c
  task             = task.t
  role             = role.events
  count            = 3
  platform_version = "1.4.0"
  enabled          = false
  capacity_provider {
    name   = "FARGATE_SPOT"
    weight = 2
    base   = 1
  }
  network {
    subnets          = ["subnet-1"]
    assign_public_ip = true
  }
  override "app" {
    env = { MODE = "full" }
  }
}
)berth";

TEST(ElbAttributes, TargetGroups) {
  ir::Program program = CompileSource(kElbStack);
  std::vector<AwsCall> tcp = CreateOf(program, "target_group.tcp");
  const Json& body = Only(tcp, "create-target-group").body;
  EXPECT_EQ(body["Protocol"], "TCP");
  EXPECT_EQ(body["TargetType"], "instance");
  EXPECT_FALSE(body.contains("ProtocolVersion")) << "HTTP and HTTPS only";
  EXPECT_EQ(body["HealthCheckProtocol"], "HTTP");
  EXPECT_EQ(body["HealthCheckPort"], "8081");
  EXPECT_EQ(body["HealthCheckPath"], "/ping");
  EXPECT_EQ(body["HealthCheckIntervalSeconds"], 10);
  EXPECT_EQ(body["HealthCheckTimeoutSeconds"], 6);
  EXPECT_EQ(body["HealthyThresholdCount"], 3);
  EXPECT_EQ(body["UnhealthyThresholdCount"], 3);
  EXPECT_EQ(body["Matcher"], Json::parse(R"({"HttpCode":"200"})"))
      << "behind a network load balancer AWS's default matcher is 200-399";
  EXPECT_EQ(body["Tags"], Json::parse(R"([{"Key":"team","Value":"web"}])"));
  EXPECT_EQ(Only(tcp, "modify-target-group-attributes").body["Attributes"],
            Json::parse(R"([{"Key":"deregistration_delay.timeout_seconds","Value":"0"}])"))
      << "no slow start on TCP target groups";

  std::vector<AwsCall> grpc = CreateOf(program, "target_group.grpc");
  const Json& grpc_body = Only(grpc, "create-target-group").body;
  EXPECT_EQ(grpc_body["ProtocolVersion"], "GRPC");
  EXPECT_EQ(grpc_body["Matcher"], Json::parse(R"({"GrpcCode":"0-99"})"));
  EXPECT_EQ(grpc_body["TargetType"], "ip");
  EXPECT_EQ(Only(grpc, "modify-target-group-attributes").body["Attributes"],
            Json::parse(R"([{"Key":"slow_start.duration_seconds","Value":"60"}])"));
  EXPECT_EQ(grpc[0].captures[1].name, "target_group.grpc.arn_suffix");
  EXPECT_EQ(grpc[0].captures[1].keep_from, "targetgroup/");
}

TEST(ElbAttributes, LoadBalancersListenersAndRules) {
  ir::Program program = CompileSource(kElbStack);
  std::vector<AwsCall> nlb = CreateOf(program, "load_balancer.nlb");
  const Json& create = Only(nlb, "create-load-balancer").body;
  EXPECT_EQ(create["Type"], "network");
  EXPECT_EQ(create["Scheme"], "internal");
  EXPECT_EQ(create["IpAddressType"], "dualstack");
  EXPECT_FALSE(create.contains("SecurityGroups"));
  EXPECT_EQ(nlb[0].captures.back().keep_from, "net/");
  EXPECT_EQ(Only(nlb, "modify-load-balancer-attributes").body["Attributes"],
            Json::parse(R"([{"Key":"deletion_protection.enabled","Value":"true"}])"))
      << "no idle timeout attribute on network load balancers";
  const AwsCall* tls = WithOperation(nlb, "create-listener").at(1);
  EXPECT_EQ(tls->body["Protocol"], "TLS");
  EXPECT_EQ(tls->body["SslPolicy"], "ELBSecurityPolicy-TLS13-1-2-2021-06");

  std::vector<AwsCall> alb = CreateOf(program, "load_balancer.alb");
  EXPECT_EQ(Only(alb, "create-listener").body["DefaultActions"],
            Json::parse(R"([{"Type":"fixed-response","FixedResponseConfig":{"StatusCode":"404",
                          "ContentType":"application/json","MessageBody":"{}"}}])"));
  const Json& rule = Only(alb, "create-rule").body;
  EXPECT_EQ(rule["Priority"], 5);
  EXPECT_EQ(rule["Conditions"], Json::parse(R"([
      {"Field":"path-pattern","PathPatternConfig":{"Values":["/x/*"]}},
      {"Field":"host-header","HostHeaderConfig":{"Values":["a.example.com"]}}])"));
  EXPECT_EQ(rule["Actions"], Json::parse(R"([{"Type":"redirect","RedirectConfig":{
      "Protocol":"HTTPS","Port":"443","Host":"b.example.com","Path":"/y","Query":"z=1",
      "StatusCode":"HTTP_302"}}])"));

  std::vector<AwsCall> extra = CreateOf(program, "listener_rule.extra");
  const Json& extra_rule = Only(extra, "create-rule").body;
  EXPECT_EQ(extra_rule["ListenerArn"], "{{berth:load_balancer.alb.listener.http.arn}}");
  EXPECT_EQ(extra_rule["Priority"], 7);
  EXPECT_EQ(extra_rule["Actions"][0]["TargetGroupArn"], "{{berth:target_group.grpc.arn}}");
  EXPECT_EQ(extra_rule["Tags"],
            Json::parse(R"([{"Key":"owner","Value":"platform"},{"Key":"team","Value":"web"}])"));
  EXPECT_EQ(extra[0].captures[0].name, "listener_rule.extra.arn");

  std::vector<AwsCall> removes = RemoveOf(program, program, "listener_rule.extra");
  ASSERT_EQ(removes.size(), 4u);
  EXPECT_EQ(removes[2].captures[0].query, "Rules[?Priority=='7'].RuleArn | [0]");
  EXPECT_EQ(removes[3].operation, "delete-rule");
}

TEST(ElbAttributes, WholeStackIsValid) {
  ir::Program program = CompileSource(kElbStack);
  std::vector<AwsCall> calls = CreateAll(program);
  for (const ir::Resource& resource : program.resources) {
    for (AwsCall& call : RemoveOf(program, program, resource.address)) calls.push_back(call);
  }
  ExpectValid(calls, program);
}

TEST(ServiceAttributes, AutoscalingPolicies) {
  ir::Program program = CompileSource(kServiceStack);
  std::vector<AwsCall> calls = CreateOf(program, "service.s");
  std::vector<const AwsCall*> policies = WithOperation(calls, "put-scaling-policy");
  ASSERT_EQ(policies.size(), 2u);
  EXPECT_EQ(policies[0]->body["TargetTrackingScalingPolicyConfiguration"], Json::parse(R"({
      "TargetValue":50,
      "CustomizedMetricSpecification":{"MetricName":"ApproximateNumberOfMessagesVisible",
        "Namespace":"AWS/SQS","Dimensions":[{"Name":"QueueName","Value":"q"}],"Statistic":"Sum"},
      "ScaleInCooldown":120,"DisableScaleIn":true})"));
  EXPECT_EQ(policies[1]->body["StepScalingPolicyConfiguration"], Json::parse(R"({
      "AdjustmentType":"PercentChangeInCapacity",
      "StepAdjustments":[{"MetricIntervalLowerBound":0.0,"ScalingAdjustment":50}],
      "Cooldown":30,"MetricAggregationType":"Maximum"})"));
  const Json& alarm = Only(calls, "put-metric-alarm").body;
  EXPECT_EQ(alarm["Period"], 120);
  EXPECT_EQ(alarm["EvaluationPeriods"], 2);
  EXPECT_EQ(alarm["ComparisonOperator"], "GreaterThanOrEqualToThreshold");
  EXPECT_EQ(alarm["Statistic"], "Average");
  EXPECT_FALSE(alarm.contains("Dimensions"));
  const Json& scheduled = Only(calls, "put-scheduled-action").body;
  EXPECT_EQ(scheduled["ScheduledActionName"], "s-night");
  EXPECT_EQ(scheduled["Schedule"], "cron(0 22 * * ? *)");
  EXPECT_EQ(scheduled["Timezone"], "Asia/Tokyo");
  EXPECT_EQ(scheduled["ScalableTargetAction"], Json::parse(R"({"MinCapacity":0,"MaxCapacity":1})"));
  // Untagged: the 2023-03 API that tags scalable targets is newer than Debian 12's awscli.
  EXPECT_FALSE(Only(calls, "register-scalable-target").body.contains("Tags"));
  EXPECT_EQ(alarm["Tags"], Json::parse(R"([{"Key":"team","Value":"web"}])"));
}

TEST(ServiceAttributes, CloudMapSrv) {
  ir::Program program = CompileSource(kServiceStack);
  std::vector<AwsCall> calls = CreateOf(program, "service.s");
  const Json& body = Only(calls, "create-service").body;
  EXPECT_EQ(body["Name"], "s") << "the ECS service's name when none is given";
  EXPECT_EQ(body["DnsConfig"], Json::parse(R"({"DnsRecords":[{"Type":"SRV","TTL":30}]})"));
  EXPECT_EQ(body["HealthCheckCustomConfig"], Json::parse(R"({"FailureThreshold":1})"));
}

TEST(ServiceAttributes, ScheduleOnCapacityProviders) {
  ir::Program program = CompileSource(kServiceStack);
  std::vector<AwsCall> calls = CreateOf(program, "schedule.spot");
  EXPECT_EQ(Only(calls, "put-rule").body["State"], "DISABLED");
  const Json& target = Only(calls, "put-targets").body["Targets"][0];
  EXPECT_EQ(target["EcsParameters"], Json::parse(R"({
      "TaskDefinitionArn":"arn:aws:ecs:ap-northeast-1:123456789012:task-definition/t",
      "TaskCount":3,
      "NetworkConfiguration":{"awsvpcConfiguration":{"Subnets":["subnet-1"],
                                                     "AssignPublicIp":"ENABLED"}},
      "PlatformVersion":"1.4.0",
      "CapacityProviderStrategy":[{"capacityProvider":"FARGATE_SPOT","weight":2,"base":1}]})"))
      << "no LaunchType: capacity providers decide";
  EXPECT_EQ(Json::parse(target["Input"].get<std::string>()),
            Json::parse(R"({"containerOverrides":[{"name":"app",
                           "environment":[{"name":"MODE","value":"full"}]}]})"));
}

TEST(ServiceAttributes, WholeStackIsValid) {
  ir::Program program = CompileSource(kServiceStack);
  std::vector<AwsCall> calls = CreateAll(program);
  for (const ir::Resource& resource : program.resources) {
    for (AwsCall& call : RemoveOf(program, program, resource.address)) calls.push_back(call);
  }
  ExpectValid(calls, program);
}

}  // namespace
}  // namespace berth::aws::testing
