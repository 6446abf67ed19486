// A stack that sets every attribute of cluster, task, container and service: each request
// passes the AWS CLI's validation, and the values arrive in the API's units and shapes.
#include "tests/unit/aws_ecs/ecs_fixture.h"

namespace berth::testing {
namespace {

const char* kEverything =
#include "tests/unit/aws_ecs/everything.berth.inc"
    ;

TEST(EcsEverything, EveryRequestPassesTheCli) {
  SKIP_WITHOUT_AWS_CLI();
  std::vector<AwsCall> calls = CreateCalls(CompileSource(kEverything));
  ASSERT_EQ(calls.size(), 6u);
  std::vector<std::string> rejected = RejectedByCli(calls);
  EXPECT_TRUE(rejected.empty()) << rejected.front();
}

TEST(EcsEverything, ContainerFields) {
  ir::Program program = CompileSource(kEverything);
  Json task = BodyOf(CreateCallsOf(program, "task.all"), "register-task-definition");
  Json app = task["containerDefinitions"][0];
  EXPECT_EQ(app["repositoryCredentials"]["credentialsParameter"],
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:reg");
  EXPECT_EQ(app["essential"], false);
  EXPECT_EQ(app["environment"], Json::parse(R"([{"name": "A", "value": "1"},
                                               {"name": "B", "value": "2"}])"));
  EXPECT_EQ(app["environmentFiles"],
            Json::parse(R"([{"value": "arn:aws:s3:::bucket/app.env", "type": "s3"}])"));
  EXPECT_EQ(app["portMappings"][1], Json::parse(R"({"containerPortRange": "9000-9099"})"));
  EXPECT_EQ(app["portMappings"][0]["protocol"], "udp");
  EXPECT_EQ(app["restartPolicy"], Json::parse(R"({"enabled": true, "ignoredExitCodes": [0],
                                                 "restartAttemptPeriod": 60})"));
  EXPECT_EQ(app["disableNetworking"], false);  // set, so sent, even though false
  EXPECT_EQ(app["extraHosts"],
            Json::parse(R"([{"hostname": "db.local", "ipAddress": "10.0.0.5"}])"));
  EXPECT_EQ(app["systemControls"],
            Json::parse(R"([{"namespace": "net.core.somaxconn", "value": "1024"}])"));
  EXPECT_EQ(app["resourceRequirements"], Json::parse(R"([{"value": "1", "type": "GPU"},
      {"value": "eia", "type": "InferenceAccelerator"}])"));
  EXPECT_EQ(app["healthCheck"], Json::parse(R"({"command": ["CMD", "true"], "interval": 10,
                                               "timeout": 2, "retries": 5, "startPeriod": 30})"));
  EXPECT_EQ(app["linuxParameters"]["tmpfs"],
            Json::parse(R"([{"containerPath": "/tmp", "size": 128, "mountOptions": ["noexec"]}])"));
  EXPECT_EQ(app["linuxParameters"]["maxSwap"], 512);
  EXPECT_EQ(app["linuxParameters"]["sharedMemorySize"], 64);
  EXPECT_EQ(app["logConfiguration"]["secretOptions"][0]["name"], "splunk-token");
  EXPECT_EQ(app["startTimeout"], 60);
  // The envoy container's health check uses AWS's defaults: only the command is sent.
  EXPECT_EQ(task["containerDefinitions"][1]["healthCheck"],
            Json::parse(R"({"command": ["CMD-SHELL", "curl -s http://localhost:9901/ready"]})"));
}

TEST(EcsEverything, TaskFields) {
  ir::Program program = CompileSource(kEverything);
  Json task = BodyOf(CreateCallsOf(program, "task.all"), "register-task-definition");
  EXPECT_EQ(task["cpu"], "1024");
  EXPECT_EQ(task["memory"], "2048");
  EXPECT_EQ(task["ephemeralStorage"], Json::parse(R"({"sizeInGiB": 30})"));
  EXPECT_EQ(task["runtimePlatform"], Json::parse(R"({"cpuArchitecture": "ARM64"})"));
  EXPECT_EQ(task["proxyConfiguration"], Json::parse(R"({"type": "APPMESH",
      "containerName": "envoy", "properties": [{"name": "AppPorts", "value": "8080"},
      {"name": "IgnoredUID", "value": "1337"}, {"name": "ProxyIngressPort", "value": "15000"}]})"));
  Json volumes = task["volumes"];
  EXPECT_EQ(volumes[0], Json::parse(R"({"name": "efs", "efsVolumeConfiguration":
      {"fileSystemId": "fs-1", "rootDirectory": "/data", "transitEncryption": "ENABLED",
       "transitEncryptionPort": 2999,
       "authorizationConfig": {"accessPointId": "fsap-1", "iam": "ENABLED"}}})"));
  EXPECT_EQ(volumes[1]["dockerVolumeConfiguration"]["scope"], "shared");
  EXPECT_EQ(volumes[2], Json::parse(R"({"name": "host", "host": {"sourcePath": "/var/data"}})"));
  EXPECT_EQ(volumes[3]["fsxWindowsFileServerVolumeConfiguration"]["authorizationConfig"]["domain"],
            "corp.example.com");
  EXPECT_EQ(volumes[5], Json::parse(R"({"name": "ebs", "configuredAtLaunch": true})"));
  EXPECT_EQ(task["inferenceAccelerators"],
            Json::parse(R"([{"deviceName": "eia", "deviceType": "eia2.medium"}])"));
}

TEST(EcsEverything, ServiceFields) {
  ir::Program program = CompileSource(kEverything);
  Json service = BodyOf(CreateCallsOf(program, "service.all"), "create-service");
  EXPECT_EQ(service["role"], "arn:aws:iam::123456789012:role/infra");
  EXPECT_EQ(service["loadBalancers"][0]["advancedConfiguration"]["alternateTargetGroupArn"],
            "{{berth:target_group.green.arn}}");
  EXPECT_EQ(service["loadBalancers"][1],
            Json::parse(R"({"loadBalancerName": "legacy", "containerName": "app",
                            "containerPort": 8080})"));
  EXPECT_EQ(service["serviceRegistries"], Json::parse(R"([{"registryArn":
      "{{berth:service.all.service_discovery_arn}}", "port": 8080, "containerName": "app",
      "containerPort": 8080}])"));
  Json deployment = service["deploymentConfiguration"];
  EXPECT_EQ(deployment["deploymentCircuitBreaker"],
            Json::parse(R"({"enable": true, "rollback": false})"));
  EXPECT_EQ(deployment["bakeTimeInMinutes"], 10);
  EXPECT_EQ(deployment["alarms"], Json::parse(R"({"alarmNames": ["high-errors"],
                                                 "rollback": true, "enable": true})"));
  EXPECT_EQ(deployment["lifecycleHooks"][0]["timeoutConfiguration"],
            Json::parse(R"({"timeoutInMinutes": 30, "action": "ROLLBACK"})"));
  EXPECT_EQ(deployment["lifecycleHooks"][0]["hookDetails"], Json::parse(R"({"check": "smoke"})"));
  EXPECT_EQ(deployment["linearConfiguration"],
            Json::parse(R"({"stepPercent": 10, "stepBakeTimeInMinutes": 5})"));
  EXPECT_EQ(service["healthCheckGracePeriodSeconds"], 90);
  EXPECT_EQ(service["serviceConnectConfiguration"]["services"][0]["timeout"],
            Json::parse(R"({"idleTimeoutSeconds": 60, "perRequestTimeoutSeconds": 15})"));
  EXPECT_EQ(service["volumeConfigurations"][0]["managedEBSVolume"]["sizeInGiB"], 50);
  EXPECT_EQ(service["volumeConfigurations"][0]["managedEBSVolume"]["tagSpecifications"],
            Json::parse(R"([{"resourceType": "volume", "tags": [{"key": "team", "value": "core"}],
                             "propagateTags": "SERVICE"}])"));

  Json spot = BodyOf(CreateCallsOf(program, "service.spot"), "create-service");
  EXPECT_EQ(spot["capacityProviderStrategy"],
            Json::parse(R"([{"capacityProvider": "FARGATE_SPOT", "weight": 2, "base": 1}])"));
  EXPECT_EQ(spot["networkConfiguration"]["awsvpcConfiguration"]["assignPublicIp"], "ENABLED");
  Json daemon = BodyOf(CreateCallsOf(program, "service.daemon"), "create-service");
  EXPECT_EQ(daemon["schedulingStrategy"], "DAEMON");
  EXPECT_FALSE(daemon.contains("desiredCount"));  // one task per instance: no count
  // The cluster has a default strategy, so no launch type is implied.
  EXPECT_FALSE(spot.contains("launchType"));
}

TEST(EcsEverything, ClusterFields) {
  ir::Program program = CompileSource(kEverything);
  Json cluster = BodyOf(CreateCallsOf(program, "cluster.main"), "create-cluster");
  EXPECT_EQ(cluster["defaultCapacityProviderStrategy"],
            Json::parse(R"([{"capacityProvider": "FARGATE", "weight": 1, "base": 1}])"));
  EXPECT_EQ(cluster["configuration"]["executeCommandConfiguration"]["logConfiguration"]
                   ["cloudWatchLogGroupName"],
            "/ecs/everything");
  EXPECT_EQ(cluster["serviceConnectDefaults"], Json::parse(R"({"namespace": "internal"})"));
}

}  // namespace
}  // namespace berth::testing
