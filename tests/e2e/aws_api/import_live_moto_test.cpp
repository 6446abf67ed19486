// `berth import --from-live` against moto_server: a service made outside berth (by the wire
// client, as the AWS CLI would) with its task definition, a target group behind a listener and a
// scalable target with a policy is read back as a stack directory that plans no changes; an
// edit of the written source plans exactly that edit; missing services and existing
// directories are refused, saying so; berth applies from the written state.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "tests/e2e/aws_api/moto_env.h"
#include "tests/e2e/moto_gaps.h"
#include "tests/e2e/run_berth.h"

namespace berth::e2e {
namespace {

using aws_api::Json;

class ImportLiveMoto : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!Moto::Get().Skip().empty()) GTEST_SKIP() << Moto::Get().Skip();
    Moto::Get().Reset();
  }

  // The newest revision of family "web" as a register-task-definition request (without what
  // describe-task-definition adds), for a test to edit and register as the next revision.
  static Json NextRevisionOfWeb(const aws_api::Client& aws) {
    Json request =
        Ok(aws, "ecs", "describe-task-definition", {{"taskDefinition", "web"}})["taskDefinition"];
    for (const char* key : {"taskDefinitionArn", "revision", "status", "requiresAttributes",
                            "compatibilities", "registeredAt", "registeredBy"})
      request.erase(key);
    return request;
  }

  // `berth import --from-live` of service web in cluster prod into `out`.
  static RunResult ImportWeb(const std::string& out) {
    return RunBerth(
        {"import", "--from-live", "--cluster", "prod", "--service", "web", "--out", out},
        BERTH_SOURCE_DIR, BerthEnv());
  }

  // A Fargate service "web" in cluster "prod" behind an HTTP listener, scaling 2..6 on CPU.
  void MakeService() {
    aws_api::Client aws = MotoClient();
    Json subnets = Json::array();
    std::string vpc;
    // Held in locals: a range-for over a temporary's member would read a destroyed object.
    Json described_subnets = Ok(aws, "ec2", "describe-subnets", {});
    for (const Json& subnet : described_subnets["Subnets"]) {
      if (vpc.empty()) vpc = subnet["VpcId"];
      if (subnets.size() < 2 && subnet["VpcId"] == vpc) subnets.push_back(subnet["SubnetId"]);
    }
    ASSERT_EQ(subnets.size(), 2u) << described_subnets.dump();
    std::string sg;
    Json groups = Ok(aws, "ec2", "describe-security-groups", {});
    for (const Json& group : groups["SecurityGroups"])
      if (sg.empty() && group.value("VpcId", "") == vpc) sg = group["GroupId"];
    ASSERT_FALSE(sg.empty()) << "no security group in " << vpc;
    Ok(aws, "ecs", "create-cluster", {{"clusterName", "prod"}});
    Ok(aws, "ecs", "register-task-definition",
       Json::parse(R"({"family": "web", "networkMode": "awsvpc",
         "requiresCompatibilities": ["FARGATE"], "cpu": "256", "memory": "512",
         "executionRoleArn": "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
         "containerDefinitions": [{"name": "app", "image": "nginx:1.25", "essential": true,
           "portMappings": [{"containerPort": 80, "protocol": "tcp"}],
           "environment": [{"name": "MODE", "value": "prod"}]}]})"));
    std::string tg = Ok(aws, "elbv2", "create-target-group",
                        {{"Name", "web-tg"},
                         {"Protocol", "HTTP"},
                         {"Port", 80},
                         {"VpcId", vpc},
                         {"TargetType", "ip"},
                         {"HealthCheckPath", "/health"}})["TargetGroups"][0]["TargetGroupArn"];
    std::string lb =
        Ok(aws, "elbv2", "create-load-balancer",
           {{"Name", "web-lb"}, {"Subnets", subnets}})["LoadBalancers"][0]["LoadBalancerArn"];
    Ok(aws, "elbv2", "create-listener",
       {{"LoadBalancerArn", lb},
        {"Protocol", "HTTP"},
        {"Port", 80},
        {"DefaultActions", {{{"Type", "forward"}, {"TargetGroupArn", tg}}}}});
    Ok(aws, "ecs", "create-service",
       {{"cluster", "prod"},
        {"serviceName", "web"},
        {"taskDefinition", "web"},
        {"desiredCount", 2},
        {"launchType", "FARGATE"},
        {"networkConfiguration",
         {{"awsvpcConfiguration",
           {{"subnets", Json::array({subnets[0]})},
            {"securityGroups", Json::array({sg})},
            {"assignPublicIp", "DISABLED"}}}}},
        {"loadBalancers",
         {{{"targetGroupArn", tg}, {"containerName", "app"}, {"containerPort", 80}}}}});
    Json target = {{"ServiceNamespace", "ecs"},
                   {"ResourceId", "service/prod/web"},
                   {"ScalableDimension", "ecs:service:DesiredCount"}};
    Json register_target = target;
    register_target["MinCapacity"] = 2;
    register_target["MaxCapacity"] = 6;
    Ok(aws, "application-autoscaling", "register-scalable-target", register_target);
    Json policy = target;
    policy["PolicyName"] = "cpu";
    policy["PolicyType"] = "TargetTrackingScaling";
    policy["TargetTrackingScalingPolicyConfiguration"] = {
        {"TargetValue", 60.0},
        {"PredefinedMetricSpecification",
         {{"PredefinedMetricType", "ECSServiceAverageCPUUtilization"}}}};
    Ok(aws, "application-autoscaling", "put-scaling-policy", policy);
  }
};

void Replace(std::string& text, const std::string& from, const std::string& to) {
  size_t at = text.find(from);
  ASSERT_NE(at, std::string::npos) << from << " not in\n" << text;
  text.replace(at, from.size(), to);
}

TEST_F(ImportLiveMoto, TheWrittenStackPlansNoChangesAndAnEditPlansExactlyThat) {
  MakeService();
  TempDir dir;
  std::string out = dir.path() + "/web";
  RunResult import = ImportWeb(out);
  ASSERT_EQ(import.exit_code, 0) << import.out << import.err;
  for (const char* address :
       {"load_balancer.web_lb", "target_group.web_tg", "task.web", "service.web"})
    EXPECT_NE(import.out.find(std::string("  ") + address + "\n"), std::string::npos)
        << address << " not imported:\n"
        << import.out;

  std::string source = ReadFile(out + "/main.berth");
  // References where the stack declares the object; what it does not (the cluster, the role,
  // subnets) stays the ARN or id AWS gave.
  for (const char* expected :
       {"image = \"nginx:1.25\"", "task          = task.web", "target_group = target_group.web_tg",
        "cluster       = \"arn:aws:ecs:ap-northeast-1:"
        "123456789012:cluster/prod\"",
        "execution_role = \"arn:aws:iam::123456789012:role/ecsTaskExecutionRole\"",
        "autoscaling {\n    min = 2\n    max = 6\n    target \"cpu\" {\n      value = 60%"})
    EXPECT_NE(source.find(expected), std::string::npos) << expected << " not in\n" << source;
  // Laid out as `berth fmt` lays it out.
  RunResult fmt = RunBerth({"fmt", "--check", out});
  EXPECT_EQ(fmt.exit_code, 0) << fmt.out << fmt.err;
  EXPECT_TRUE(std::filesystem::exists(out + "/.berth/state.json"));

  RunResult plan = RunBerth({"plan", out, "--backend", "aws-api"}, BERTH_SOURCE_DIR, BerthEnv());
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_NE(plan.out.find("No changes."), std::string::npos) << plan.out;

  // The image changed in the written source: that change, and nothing else.
  Replace(source, "nginx:1.25", "nginx:1.26");
  std::ofstream(out + "/main.berth", std::ios::trunc) << source;
  RunResult edited = RunBerth({"plan", out, "--backend", "aws-api"}, BERTH_SOURCE_DIR, BerthEnv());
  ASSERT_EQ(edited.exit_code, 0) << edited.err;
  EXPECT_NE(edited.out.find("~ containers[\"app\"].image = \"nginx:1.25\" -> \"nginx:1.26\""),
            std::string::npos)
      << edited.out;
  EXPECT_NE(edited.out.find("Plan: 0 to add, 0 to change, 1 to replace, 0 to destroy."),
            std::string::npos)
      << edited.out;
  EXPECT_NE(edited.out.find("task.web must be replaced"), std::string::npos) << edited.out;

  // The written state is one berth can apply from: the new revision is registered, and then
  // nothing is left to change.
  RunResult apply = RunBerth({"apply", out, "--backend", "aws-api", "--auto-approve"},
                             BERTH_SOURCE_DIR, BerthEnv());
  ASSERT_EQ(apply.exit_code, 0) << apply.out << apply.err;
  Json task = Ok(MotoClient(), "ecs", "describe-task-definition", {{"taskDefinition", "web"}});
  EXPECT_EQ(task["taskDefinition"]["containerDefinitions"][0]["image"], "nginx:1.26");
  RunResult after = RunBerth({"plan", out, "--backend", "aws-api"}, BERTH_SOURCE_DIR, BerthEnv());
  EXPECT_NE(after.out.find("No changes."), std::string::npos) << after.out << after.err;
}

// The example berth made (HTTPS listener, redirect, roles, log group, target tracking) imported
// into another directory: the other stack's objects stay ARNs and names, and it plans no changes
// but moto's gaps.
TEST_F(ImportLiveMoto, AServiceAnExampleAppliedImportsIntoAnotherStack) {
  aws_api::Client aws = MotoClient();
  TempDir dir;
  std::string example = dir.path() + "/example";
  std::filesystem::copy(std::string(BERTH_SOURCE_DIR) + "/examples/fargate_web_api", example,
                        std::filesystem::copy_options::recursive);
  RewriteExampleIds(example, aws);
  RunResult apply = RunBerth({"apply", example, "--backend", "aws-api", "--auto-approve"},
                             BERTH_SOURCE_DIR, BerthEnv());
  ASSERT_EQ(apply.exit_code, 0) << apply.out << apply.err;

  std::string out = dir.path() + "/imported";
  RunResult import = RunBerth({"import", "--from-live", "--cluster", "sample-api-prod", "--service",
                               "sample-api", "--out", out},
                              BERTH_SOURCE_DIR, BerthEnv());
  ASSERT_EQ(import.exit_code, 0) << import.out << import.err;
  std::string source = ReadFile(out + "/main.berth");
  for (const char* expected :
       {"execution_role = \"arn:aws:iam::123456789012:role/sample-api-exec\"",
        "\"awslogs-group\"         = \"/ecs/sample-api\"", "redirect {",
        "forward {\n      target_group = target_group.sample_api", "target \"cpu\" {"})
    EXPECT_NE(source.find(expected), std::string::npos) << expected << " not in\n" << source;
  RunResult plan = RunBerth({"plan", out, "--backend", "aws-api", "--format", "json"},
                            BERTH_SOURCE_DIR, BerthEnv());
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  std::vector<std::string> unexplained = ChangesMotoDoesNotExplain(plan.out);
  EXPECT_TRUE(unexplained.empty()) << unexplained.front() << "\n" << source;
}

// A service left on an older revision than its family's newest: it stays pinned to that ARN
// (the task block being the newest, as plans read it), the import says so, and it plans no
// changes.
TEST_F(ImportLiveMoto, AServiceOnAnOlderRevisionStaysPinnedAndIsNoted) {
  MakeService();
  aws_api::Client aws = MotoClient();
  Json request = NextRevisionOfWeb(aws);
  request["containerDefinitions"][0]["image"] = "nginx:1.27";
  Ok(aws, "ecs", "register-task-definition", request);

  TempDir dir;
  std::string out = dir.path() + "/web";
  RunResult import = ImportWeb(out);
  ASSERT_EQ(import.exit_code, 0) << import.out << import.err;
  EXPECT_NE(import.out.find("Note: service web runs web:1, not web:2 (the newest): it stays "
                            "pinned to that ARN"),
            std::string::npos)
      << import.out;
  std::string source = ReadFile(out + "/main.berth");
  EXPECT_NE(source.find("task          = "
                        "\"arn:aws:ecs:ap-northeast-1:123456789012:task-definition/web:1\""),
            std::string::npos)
      << source;
  EXPECT_NE(source.find("image = \"nginx:1.27\""), std::string::npos) << source;
  RunResult plan = RunBerth({"plan", out, "--backend", "aws-api"}, BERTH_SOURCE_DIR, BerthEnv());
  EXPECT_NE(plan.out.find("No changes."), std::string::npos) << plan.out << plan.err;
}

// ECS takes any text as an environment value; berth strings have no escape for an ESC byte.
// The import says which value and writes nothing, instead of "internal error: the printed
// source does not parse"; a plan still reads the value (and would set it back).
TEST_F(ImportLiveMoto, AValueBerthSourceCannotWriteIsRefusedByName) {
  MakeService();
  TempDir dir;
  std::string before = dir.path() + "/before";
  RunResult first = ImportWeb(before);
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;

  aws_api::Client aws = MotoClient();
  Json request = NextRevisionOfWeb(aws);
  request["containerDefinitions"][0]["environment"][0]["value"] = "a\x1b[0mb";
  Ok(aws, "ecs", "register-task-definition", request);
  Ok(aws, "ecs", "update-service",
     {{"cluster", "prod"}, {"service", "web"}, {"taskDefinition", "web:2"}});

  RunResult import = ImportWeb(dir.path() + "/web");
  EXPECT_EQ(import.exit_code, 1) << import.out;
  EXPECT_EQ(import.err,
            "berth import: service web in cluster prod: the imported task's "
            "containers[0].env.MODE: holds the control character U+001B, which berth source "
            "cannot write\n");
  EXPECT_FALSE(std::filesystem::exists(dir.path() + "/web"));

  RunResult plan = RunBerth({"plan", before, "--backend", "aws-api", "--format", "json"},
                            BERTH_SOURCE_DIR, BerthEnv());
  EXPECT_EQ(plan.exit_code, 0) << plan.err;
  // The live value, read and shown (JSON-escaped) as what the task's update changes.
  EXPECT_NE(plan.out.find("a\\u001b[0mb"), std::string::npos) << plan.out;
}

TEST_F(ImportLiveMoto, MissingServicesAndExistingDirectoriesAreRefused) {
  MakeService();
  TempDir dir;
  RunResult missing = RunBerth({"import", "--from-live", "--cluster", "prod", "--service", "nope",
                                "--out", dir.path() + "/a"},
                               BERTH_SOURCE_DIR, BerthEnv());
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_EQ(missing.err, "berth import: service nope not found in cluster prod\n");
  EXPECT_FALSE(std::filesystem::exists(dir.path() + "/a"));

  RunResult cluster = RunBerth({"import", "--from-live", "--cluster", "nope", "--service", "web",
                                "--out", dir.path() + "/a"},
                               BERTH_SOURCE_DIR, BerthEnv());
  EXPECT_EQ(cluster.exit_code, 1);
  EXPECT_NE(cluster.err.find("cluster nope not found"), std::string::npos) << cluster.err;

  dir.Write("taken/keep.txt", "mine");
  RunResult taken = RunBerth({"import", "--from-live", "--cluster", "prod", "--service", "web",
                              "--out", dir.path() + "/taken"},
                             BERTH_SOURCE_DIR, BerthEnv());
  EXPECT_EQ(taken.exit_code, 1);
  EXPECT_NE(taken.err.find("already exists: refusing to overwrite it"), std::string::npos)
      << taken.err;
  EXPECT_EQ(ReadFile(dir.path() + "/taken/keep.txt"), "mine");

  // The control plane's client needs its data directory; other backends read nothing live.
  RunResult controlplane =
      RunBerth({"import", "--from-live", "--cluster", "prod", "--service", "web", "--out",
                dir.path() + "/b", "--backend", "controlplane"},
               BERTH_SOURCE_DIR, BerthEnv());
  EXPECT_EQ(controlplane.exit_code, 1);
  EXPECT_NE(controlplane.err.find("backend controlplane needs the data directory of `berth serve`"),
            std::string::npos)
      << controlplane.err;
  RunResult docker = RunBerth(
      {"import", "--from-live", "--cluster", "prod", "--service", "web", "--backend", "docker"});
  EXPECT_EQ(docker.err,
            "berth import: --from-live reads through the aws-api or controlplane backend, not "
            "docker\n");
  EXPECT_FALSE(std::filesystem::exists(dir.path() + "/b"));

  RunResult usage = RunBerth({"import", "--from-live", "--cluster", "prod"});
  EXPECT_EQ(usage.exit_code, 1);
  EXPECT_NE(usage.err.find("--from-live needs --cluster C and --service S"), std::string::npos)
      << usage.err;
}

}  // namespace
}  // namespace berth::e2e
