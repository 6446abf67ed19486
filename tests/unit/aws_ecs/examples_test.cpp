// Every example's clusters, task definitions and services as AWS requests: each body passes the
// AWS CLI's validation against the API model, and the fields that matter have the right values
// and units.
#include <algorithm>
#include <filesystem>

#include "tests/unit/aws_ecs/ecs_fixture.h"

namespace berth::testing {
namespace {

std::vector<std::string> ExampleDirs() {
  std::vector<std::string> dirs;
  for (const auto& entry : std::filesystem::directory_iterator(BERTH_SOURCE_DIR "/examples")) {
    if (entry.is_directory()) dirs.push_back(entry.path().string());
  }
  std::sort(dirs.begin(), dirs.end());
  return dirs;
}

TEST(EcsExamples, EveryRequestPassesTheCli) {
  SKIP_WITHOUT_AWS_CLI();
  std::vector<AwsCall> all;
  for (const std::string& dir : ExampleDirs()) {
    for (AwsCall& call : CreateCalls(CompilePath(dir))) all.push_back(std::move(call));
  }
  EXPECT_GE(all.size(), 15u);
  std::vector<std::string> rejected = RejectedByCli(all);
  EXPECT_TRUE(rejected.empty()) << rejected.front();
}

// The validation can fail: a body of the wrong shape is reported with the CLI's reason.
TEST(EcsExamples, TheCliRejectsABadBody) {
  SKIP_WITHOUT_AWS_CLI();
  AwsCall bad{.service = "ecs",
              .operation = "register-task-definition",
              .address = "task.bad",
              .body = Json::parse(R"({"family": "bad", "containerDefinitions":
                                     [{"name": "a", "image": "b", "cpu": "256"}]})"),
              .captures = {}};
  std::vector<std::string> rejected = RejectedByCli({bad});
  ASSERT_EQ(rejected.size(), 1u);
  EXPECT_NE(rejected[0].find("Parameter validation failed"), std::string::npos) << rejected[0];
}

TEST(EcsExamples, FargateWebApi) {
  ir::Program program = CompilePath(BERTH_SOURCE_DIR "/examples/fargate_web_api");
  Json task = BodyOf(CreateCallsOf(program, "task.api"), "register-task-definition");
  EXPECT_EQ(task["family"], "sample-api");
  EXPECT_EQ(task["cpu"], "256");  // strings at task level
  EXPECT_EQ(task["memory"], "512");
  EXPECT_EQ(task["networkMode"], "awsvpc");
  EXPECT_EQ(task["requiresCompatibilities"], Json::array({"FARGATE"}));
  EXPECT_EQ(task["executionRoleArn"], "arn:aws:iam::123456789012:role/sample-api-exec");
  EXPECT_EQ(task["taskRoleArn"], "arn:aws:iam::123456789012:role/sample-api-task");
  Json app = task["containerDefinitions"][0];
  EXPECT_EQ(app["name"], "app");
  EXPECT_EQ(app["portMappings"], Json::parse(R"([{"containerPort": 8080}])"));
  // The text around the load balancer's DNS name is kept; apply.sh fills the placeholder.
  EXPECT_EQ(app["environment"], Json::parse(R"([{"name": "APP_ENV", "value": "prod"},
      {"name": "PUBLIC_URL", "value": "https://{{berth:load_balancer.public.dns_name}}/api"}])"));
  EXPECT_EQ(app["logConfiguration"]["options"]["awslogs-group"], "/ecs/sample-api");
  // Defaults AWS applies anyway are not spelled out.
  EXPECT_FALSE(app.contains("essential"));
  EXPECT_FALSE(app.contains("privileged"));
  EXPECT_FALSE(app.contains("readonlyRootFilesystem"));
  EXPECT_EQ(task["tags"], Json::parse(R"([{"key": "app", "value": "sample-api"},
                                          {"key": "env", "value": "prod"}])"));

  std::vector<AwsCall> service_calls = CreateCallsOf(program, "service.api");
  Json service = BodyOf(service_calls, "create-service");
  EXPECT_EQ(service["cluster"], "sample-api-prod");
  EXPECT_EQ(service["serviceName"], "sample-api");
  EXPECT_EQ(service["taskDefinition"], "sample-api");
  EXPECT_EQ(service["desiredCount"], 2);
  EXPECT_EQ(service["launchType"], "FARGATE");
  EXPECT_EQ(service["healthCheckGracePeriodSeconds"], 60);
  EXPECT_EQ(service["loadBalancers"], Json::parse(R"([{"targetGroupArn":
      "{{berth:target_group.api.arn}}", "containerName": "app", "containerPort": 8080}])"));
  EXPECT_EQ(service["networkConfiguration"]["awsvpcConfiguration"]["securityGroups"],
            Json::array({"{{berth:security_group.tasks.id}}"}));
  EXPECT_FALSE(service["networkConfiguration"]["awsvpcConfiguration"].contains("assignPublicIp"));
  EXPECT_EQ(service["deploymentConfiguration"], Json::parse(R"({"deploymentCircuitBreaker":
      {"enable": true, "rollback": true}})"));
  EXPECT_FALSE(service.contains("schedulingStrategy"));
  EXPECT_FALSE(service.contains("propagateTags"));

  Json cluster = BodyOf(CreateCallsOf(program, "cluster.main"), "create-cluster");
  EXPECT_EQ(cluster["clusterName"], "sample-api-prod");
  EXPECT_EQ(cluster["settings"],
            Json::parse(R"([{"name": "containerInsights", "value": "enabled"}])"));
}

TEST(EcsExamples, Ec2Bridge) {
  ir::Program program = CompilePath(BERTH_SOURCE_DIR "/examples/ec2_bridge");
  Json task = BodyOf(CreateCallsOf(program, "task.api"), "register-task-definition");
  EXPECT_FALSE(task.contains("cpu"));
  EXPECT_EQ(task["networkMode"], "bridge");
  Json api = task["containerDefinitions"][0];
  EXPECT_EQ(api["cpu"], 256);  // an integer at container level
  EXPECT_EQ(api["memory"], 768);
  EXPECT_EQ(api["memoryReservation"], 512);
  EXPECT_EQ(api["portMappings"], Json::parse(R"([{"containerPort": 8080, "hostPort": 0}])"));
  EXPECT_EQ(api["ulimits"],
            Json::parse(R"([{"name": "nofile", "softLimit": 65536, "hardLimit": 65536}])"));
  EXPECT_EQ(api["logConfiguration"]["logDriver"], "awslogs");
  Json service = BodyOf(CreateCallsOf(program, "service.api"), "create-service");
  EXPECT_EQ(service["launchType"], "EC2");
  EXPECT_EQ(service["deploymentConfiguration"]["maximumPercent"], 100);
  EXPECT_EQ(service["deploymentConfiguration"]["minimumHealthyPercent"], 75);
  EXPECT_FALSE(service.contains("networkConfiguration"));
}

TEST(EcsExamples, FluentBitSidecar) {
  ir::Program program = CompilePath(BERTH_SOURCE_DIR "/examples/web_fluentbit_sidecar");
  Json task = BodyOf(CreateCallsOf(program, "task.web"), "register-task-definition");
  ASSERT_EQ(task["containerDefinitions"].size(), 2u);
  Json app = task["containerDefinitions"][0];
  Json router = task["containerDefinitions"][1];
  EXPECT_EQ(app["name"], "app");  // declaration order kept
  EXPECT_EQ(app["logConfiguration"]["logDriver"], "awsfirelens");
  EXPECT_EQ(app["logConfiguration"]["options"]["log_group_name"], "/ecs/shop-web/app");
  EXPECT_EQ(app["dependsOn"],
            Json::parse(R"([{"containerName": "log_router", "condition": "START"}])"));
  // Sorted by name, as AWS returns them.
  EXPECT_EQ(app["environment"][0]["name"], "LOG_FORMAT");
  EXPECT_EQ(app["environment"][1]["name"], "NODE_ENV");
  EXPECT_EQ(
      router["firelensConfiguration"],
      Json::parse(R"({"type": "fluentbit", "options": {"enable-ecs-log-metadata": "true"}})"));
  EXPECT_EQ(router["memoryReservation"], 50);
}

}  // namespace
}  // namespace berth::testing
