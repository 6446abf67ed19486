// Every example through this helper's builders: the creates of the whole stack and the remove of
// each resource pass the AWS CLI's validation and the capture check; the important fields carry
// the example's values in the API's units.
#include <gtest/gtest.h>

#include "backends/aws/capture_check.h"
#include "backends/aws/emitters.h"
#include "tests/unit/aws_services/services_fixture.h"

namespace berth::aws::testing {
namespace {

std::string Example(const std::string& name) {
  return std::string(BERTH_SOURCE_DIR) + "/examples/" + name;
}

class EveryExample : public ::testing::TestWithParam<const char*> {};

TEST_P(EveryExample, CreatesAndRemovesAreValidAndCaptured) {
  ir::Program program = CompilePath(Example(GetParam()));
  std::vector<AwsCall> calls = CreateAll(program);
  for (const ir::Resource& resource : program.resources) {
    // Each remove runs on its own, so its lookups must capture all it uses.
    std::vector<AwsCall> removes = RemoveOf(program, program, resource.address);
    for (const std::string& problem : CaptureProblems(removes, program))
      ADD_FAILURE() << "remove " << resource.address << ": " << problem;
    for (AwsCall& call : removes) calls.push_back(std::move(call));
  }
  ExpectValid(calls, program);
}

INSTANTIATE_TEST_SUITE_P(Examples, EveryExample,
                         ::testing::Values("ec2_bridge", "fargate_web_api", "multi_service",
                                           "scheduled_batch", "sqs_worker",
                                           "web_fluentbit_sidecar"));

TEST(Validation, TheCliAndTheEnumCheckRejectBadBodies) {
  std::vector<AwsCall> calls = {
      {.service = "elbv2",
       .operation = "create-target-group",
       .body = {{"Name", "x"}, {"Protocol", "HTTP"}, {"Port", "80"}, {"VpcId", "vpc-1"}}},
      {.service = "elbv2",
       .operation = "create-target-group",
       .body = {{"Name", "x"}, {"Protocol", "HTTPX"}, {"Port", 80}, {"VpcId", "vpc-1"}}},
      {.service = "elbv2",
       .operation = "create-target-group",
       .body = {{"Name", "x"}, {"Protocol", "HTTP"}, {"Port", 80}, {"VpcId", "vpc-1"}}},
  };
  std::optional<std::vector<std::string>> rejections = CliRejections(calls);
  if (!rejections) GTEST_SKIP() << "SKIPPED: no AWS CLI installed";
  ASSERT_EQ(rejections->size(), 2u);
  EXPECT_NE((*rejections)[0].find("Invalid type for parameter Port"), std::string::npos);
  EXPECT_NE((*rejections)[1].find("'HTTPX' is not one of"), std::string::npos);
}

TEST(CaptureCheck, NamesPlaceholdersUsedBeforeTheirCapture) {
  std::vector<AwsCall> calls = {
      {.service = "elbv2",
       .operation = "create-listener",
       .address = "load_balancer.a",
       .body = {{"LoadBalancerArn", "{{berth:load_balancer.a.arn}}"}}},
      {.service = "elbv2",
       .operation = "create-load-balancer",
       .address = "load_balancer.a",
       .body = {{"Name", "a"}},
       .captures = {{"load_balancer.a.arn", "LoadBalancers[0].LoadBalancerArn"}}},
      {.service = "elbv2",
       .operation = "create-listener",
       .address = "load_balancer.a",
       .body = {{"LoadBalancerArn", "{{berth:load_balancer.a.arn}}"},
                {"Secret", "{{berth:sensitive.load_balancer.a.x}}"}}},
  };
  std::vector<std::string> problems = UncapturedPlaceholders(calls);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0],
            "call 1 (elbv2 create-listener, load_balancer.a): {{berth:load_balancer.a.arn}} is "
            "not captured by an earlier call");
}

TEST(FargateWebApi, TargetGroupLoadBalancerAndCpuScaling) {
  ir::Program program = CompilePath(Example("fargate_web_api"));
  std::vector<AwsCall> group = CreateOf(program, "target_group.api");
  const Json& tg = Only(group, "create-target-group").body;
  EXPECT_EQ(tg["Name"], "sample-api");
  EXPECT_EQ(tg["Protocol"], "HTTP");
  EXPECT_EQ(tg["Port"], 8080);
  EXPECT_EQ(tg["VpcId"], "vpc-0a1b2c3d4e5f60718");
  EXPECT_EQ(tg["HealthCheckPath"], "/health");
  EXPECT_EQ(tg["TargetType"], "ip");
  EXPECT_FALSE(tg.contains("Matcher")) << "200 is AWS's default";
  EXPECT_FALSE(tg.contains("HealthCheckIntervalSeconds"));
  EXPECT_EQ(tg["Tags"],
            Json::parse(R"([{"Key":"app","Value":"sample-api"},{"Key":"env","Value":"prod"}])"));
  EXPECT_EQ(Only(group, "modify-target-group-attributes").body["Attributes"],
            Json::parse(R"([{"Key":"deregistration_delay.timeout_seconds","Value":"30"}])"));
  ASSERT_EQ(group[0].captures.size(), 2u);
  EXPECT_EQ(group[0].captures[0].name, "target_group.api.arn");
  EXPECT_EQ(group[0].captures[0].query, "TargetGroups[0].TargetGroupArn");

  std::vector<AwsCall> lb = CreateOf(program, "load_balancer.public");
  const Json& create = Only(lb, "create-load-balancer").body;
  EXPECT_EQ(create["Name"], "sample-api");
  EXPECT_EQ(create["SecurityGroups"], Json::parse(R"(["{{berth:security_group.alb.id}}"])"));
  EXPECT_FALSE(create.contains("Scheme")) << "internet-facing is the default";
  EXPECT_FALSE(create.contains("Type"));
  EXPECT_TRUE(WithOperation(lb, "modify-load-balancer-attributes").empty())
      << "idle timeout 60s and no deletion protection are AWS's defaults";
  std::vector<const AwsCall*> listeners = WithOperation(lb, "create-listener");
  ASSERT_EQ(listeners.size(), 2u);
  EXPECT_EQ(listeners[0]->body["DefaultActions"],
            Json::parse(R"([{"Type":"redirect","RedirectConfig":{"Protocol":"HTTPS","Port":"443",
                           "StatusCode":"HTTP_301"}}])"));
  const Json& https = listeners[1]->body;
  EXPECT_EQ(https["LoadBalancerArn"], "{{berth:load_balancer.public.arn}}");
  EXPECT_EQ(https["SslPolicy"], "ELBSecurityPolicy-TLS13-1-2-2021-06");
  EXPECT_EQ(https["Certificates"][0]["CertificateArn"],
            "arn:aws:acm:ap-northeast-1:123456789012:certificate/"
            "0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b");
  EXPECT_EQ(
      https["DefaultActions"],
      Json::parse(R"([{"Type":"forward","TargetGroupArn":"{{berth:target_group.api.arn}}"}])"));
  EXPECT_EQ(listeners[1]->captures[0].name, "load_balancer.public.listener.https.arn");

  std::vector<AwsCall> scaling = CreateOf(program, "service.api");
  const Json& target = Only(scaling, "register-scalable-target").body;
  EXPECT_EQ(target["ResourceId"], "service/sample-api-prod/sample-api");
  EXPECT_EQ(target["ScalableDimension"], "ecs:service:DesiredCount");
  EXPECT_EQ(target["MinCapacity"], 2);
  EXPECT_EQ(target["MaxCapacity"], 10);
  const Json& policy = Only(scaling, "put-scaling-policy").body;
  EXPECT_EQ(policy["PolicyType"], "TargetTrackingScaling");
  const Json& config = policy["TargetTrackingScalingPolicyConfiguration"];
  EXPECT_EQ(config["TargetValue"], 70);
  EXPECT_EQ(config["PredefinedMetricSpecification"]["PredefinedMetricType"],
            "ECSServiceAverageCPUUtilization");
  EXPECT_EQ(config["ScaleOutCooldown"], 60);
  EXPECT_FALSE(config.contains("ScaleInCooldown")) << "300s is AWS's default";
  EXPECT_TRUE(WithOperation(scaling, "create-service").empty())
      << "no service_discovery block: no Cloud Map service";
}

TEST(MultiService, RulesIdleTimeoutRequestsLabelAndCloudMap) {
  ir::Program program = CompilePath(Example("multi_service"));
  std::vector<AwsCall> lb = CreateOf(program, "load_balancer.public");
  EXPECT_EQ(Only(lb, "modify-load-balancer-attributes").body["Attributes"],
            Json::parse(R"([{"Key":"idle_timeout.timeout_seconds","Value":"120"}])"));
  std::vector<const AwsCall*> rules = WithOperation(lb, "create-rule");
  ASSERT_EQ(rules.size(), 2u);
  EXPECT_EQ(rules[0]->body["ListenerArn"], "{{berth:load_balancer.public.listener.https.arn}}");
  EXPECT_EQ(rules[0]->body["Priority"], 10);
  EXPECT_EQ(rules[0]->body["Conditions"],
            Json::parse(R"([{"Field":"path-pattern","PathPatternConfig":{"Values":["/api/*"]}}])"));
  EXPECT_EQ(rules[1]->body["Actions"][0]["RedirectConfig"],
            Json::parse(R"({"Path":"/checkout","StatusCode":"HTTP_301"})"));

  std::vector<AwsCall> frontend = CreateOf(program, "service.frontend");
  const Json& spec =
      Only(frontend, "put-scaling-policy")
          .body["TargetTrackingScalingPolicyConfiguration"]["PredefinedMetricSpecification"];
  EXPECT_EQ(spec["PredefinedMetricType"], "ALBRequestCountPerTarget");
  EXPECT_EQ(spec["ResourceLabel"],
            "{{berth:load_balancer.public.arn_suffix}}/{{berth:target_group.frontend.arn_suffix}}");

  std::vector<AwsCall> backend = CreateOf(program, "service.backend");
  ASSERT_FALSE(backend.empty());
  EXPECT_EQ(backend[0].operation, "create-service") << "Cloud Map first: ECS names it";
  const Json& discovery = backend[0].body;
  EXPECT_EQ(discovery["Name"], "backend");
  EXPECT_EQ(discovery["NamespaceId"], "ns-4xq2lfhbmz7v3wnc");
  EXPECT_EQ(discovery["DnsConfig"], Json::parse(R"({"DnsRecords":[{"Type":"A","TTL":10}]})"));
  EXPECT_EQ(backend[0].captures[0].name, "service.backend.service_discovery_arn");
  EXPECT_EQ(backend[0].captures[0].query, "Service.Arn");
  EXPECT_EQ(WithOperation(backend, "put-scaling-policy").size(), 2u);
}

TEST(ScheduledBatch, RuleAndEcsTarget) {
  ir::Program program = CompilePath(Example("scheduled_batch"));
  std::vector<AwsCall> hourly = CreateOf(program, "schedule.hourly");
  const Json& rule = Only(hourly, "put-rule").body;
  EXPECT_EQ(rule["Name"], "sales-etl-hourly");
  EXPECT_EQ(rule["ScheduleExpression"], "rate(1 hour)");
  EXPECT_FALSE(rule.contains("State")) << "ENABLED is the default";
  const Json& target = Only(hourly, "put-targets").body["Targets"][0];
  EXPECT_EQ(target["Arn"], "arn:aws:ecs:ap-northeast-1:123456789012:cluster/batch");
  EXPECT_EQ(target["RoleArn"], "arn:aws:iam::123456789012:role/sales-etl-events");
  const Json& ecs = target["EcsParameters"];
  EXPECT_EQ(ecs["TaskDefinitionArn"],
            "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/sales-etl");
  EXPECT_EQ(ecs["LaunchType"], "FARGATE") << "the task's first requires entry";
  EXPECT_FALSE(ecs.contains("TaskCount"));
  EXPECT_EQ(ecs["NetworkConfiguration"]["awsvpcConfiguration"]["SecurityGroups"][0],
            "{{berth:security_group.etl.id}}");
  EXPECT_FALSE(target.contains("Input"));

  std::vector<AwsCall> nightly = CreateOf(program, "schedule.nightly_full");
  EXPECT_EQ(
      Json::parse(Only(nightly, "put-targets").body["Targets"][0]["Input"].get<std::string>()),
      Json::parse(R"({"containerOverrides":[{"name":"etl",
                           "command":["python","-m","etl.run","--full"]}]})"));
  std::vector<AwsCall> removes = RemoveOf(program, program, "schedule.hourly");
  ASSERT_EQ(removes.size(), 2u);
  EXPECT_EQ(removes[0].operation, "remove-targets");
  EXPECT_EQ(removes[1].operation, "delete-rule");
}

TEST(SqsWorker, StepPoliciesWithTheirAlarms) {
  ir::Program program = CompilePath(Example("sqs_worker"));
  std::vector<AwsCall> calls = CreateOf(program, "service.worker");
  std::vector<const AwsCall*> policies = WithOperation(calls, "put-scaling-policy");
  ASSERT_EQ(policies.size(), 2u);
  const Json& backlog = policies[0]->body;
  EXPECT_EQ(backlog["PolicyName"], "thumbnailer-backlog");
  EXPECT_EQ(backlog["StepScalingPolicyConfiguration"],
            Json::parse(R"({"AdjustmentType":"ChangeInCapacity","StepAdjustments":[
              {"MetricIntervalLowerBound":0.0,"MetricIntervalUpperBound":400.0,"ScalingAdjustment":2},
              {"MetricIntervalLowerBound":400.0,"ScalingAdjustment":5}],"Cooldown":60})"));
  EXPECT_EQ(policies[0]->captures[0].name, "service.worker.autoscaling.step.backlog.policy_arn");
  std::vector<const AwsCall*> alarms = WithOperation(calls, "put-metric-alarm");
  ASSERT_EQ(alarms.size(), 2u);
  const Json& drained = alarms[1]->body;
  EXPECT_EQ(drained["AlarmName"], "workers-thumbnailer-drained");
  EXPECT_EQ(drained["AlarmActions"][0],
            "{{berth:service.worker.autoscaling.step.drained.policy_arn}}");
  EXPECT_EQ(drained["Threshold"], 10.0);
  EXPECT_EQ(drained["ComparisonOperator"], "LessThanThreshold");
  EXPECT_EQ(drained["EvaluationPeriods"], 5);
  EXPECT_EQ(drained["Period"], 60);
  EXPECT_EQ(drained["Dimensions"],
            Json::parse(R"([{"Name":"QueueName","Value":"thumbnail-jobs"}])"));

  std::vector<AwsCall> removes = RemoveOf(program, program, "service.worker");
  ASSERT_EQ(removes.size(), 2u);
  EXPECT_EQ(removes[0].body["AlarmNames"],
            Json::parse(R"(["workers-thumbnailer-backlog","workers-thumbnailer-drained"])"));
  EXPECT_EQ(removes[1].operation, "deregister-scalable-target");
}

}  // namespace
}  // namespace berth::aws::testing
