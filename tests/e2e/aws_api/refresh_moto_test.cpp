// Drift against moto_server: `berth refresh` writes what is live into the state (a desired count
// and a tag changed with the AWS CLI behind berth's back) and keeps sensitive values hashed;
// `apply --wait` waits for services-stable and fails clearly when a service never gets there.
#include <gtest/gtest.h>

#include <cstdlib>
#include <map>

#include "backends/aws_api/client.h"
#include "tests/e2e/aws_api/moto_env.h"
#include "tests/e2e/run_berth.h"

namespace berth::e2e {
namespace {

using aws_api::Json;

constexpr char kToken[] = "s3cr3t-t0ken-7f1c9a";

// A cluster, a log group, a security group, a task with a sensitive environment value and a Fargate
// service, all carrying the stack's tags.
std::string DriftStack(const std::string& vpc, const std::string& subnets, int desired_count,
                       const std::string& service_name) {
  return R"(stack "drift" {
  region  = "ap-northeast-1"
  account = "123456789012"
  tags    = { app = "drift", team = "berth" }
}

variable "token" {
  type      = string
  sensitive = true
}

cluster "main" {
  name = "drift"
}

log_group "app" {
  name      = "/ecs/drift-app"
  retention = 7d
}

security_group "tasks" {
  name        = "drift-tasks"
  description = "drift tasks"
  vpc         = ")" +
         vpc + R"("
  egress {
    protocol  = all
    from_port = 0
    to_port   = 0
    cidr      = ["0.0.0.0/0"]
  }
}

task "app" {
  family = "drift-app"
  cpu    = 256
  memory = 512MiB
  container "app" {
    image = "public.ecr.aws/docker/library/busybox:1.36"
    env   = { BANNER = var.token }
  }
}

service "app" {
  name          = ")" +
         service_name + R"("
  cluster       = cluster.main
  task          = task.app
  desired_count = )" +
         std::to_string(desired_count) + R"(
  launch_type   = FARGATE
  network {
    subnets         = )" +
         subnets + R"(
    security_groups = [security_group.tasks.id]
  }
}
)";
}

class RefreshMoto : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!Moto::Get().Skip().empty()) GTEST_SKIP() << Moto::Get().Skip();
    Moto::Get().Reset();
    stack_ = dir_.path() + "/stack";
    WriteStack(1);
  }
  // The stack with moto's default subnets (each server makes its own).
  void WriteStack(int desired_count, const std::string& service_name = "drift-app") {
    Json subnets = Ok(MotoClient(), "ec2", "describe-subnets",
                      {{"Filters", {{{"Name", "default-for-az"}, {"Values", {"true"}}}}}});
    Json ids = Json::array();
    std::string vpc;
    for (const Json& subnet : subnets["Subnets"]) {
      if (ids.size() < 2) ids.push_back(subnet["SubnetId"]);
      vpc = subnet["VpcId"];
    }
    dir_.Write("stack/main.berth", DriftStack(vpc, ids.dump(), desired_count, service_name));
  }
  RunResult Berth(std::vector<std::string> args) {
    args.insert(args.begin() + 1, stack_);
    for (const char* flag : {"--backend", "aws-api", "--var"}) args.push_back(flag);
    args.push_back(std::string("token=") + kToken);
    return RunBerth(args, BERTH_SOURCE_DIR, BerthEnv());
  }
  // The AWS CLI against the same moto, as someone changing things behind berth's back.
  void Aws(const std::string& command) {
    std::string line = "env";
    for (const std::string& assignment : BerthEnv()) line += " '" + assignment + "'";
    std::string output;
    ASSERT_EQ(ShellOutput(line + " aws --output json " + command, output), 0) << output;
  }
  std::string State() { return ReadFile(stack_ + "/.berth/state.json"); }

  TempDir dir_;
  std::string stack_;
};

TEST_F(RefreshMoto, RefreshRecordsDriftThenPlanRevertsIt) {
  RunResult apply = Berth({"apply", "--auto-approve"});
  ASSERT_EQ(apply.exit_code, 0) << apply.out << apply.err;
  RunResult same = Berth({"refresh"});
  ASSERT_EQ(same.exit_code, 0) << same.out << same.err;
  EXPECT_NE(same.out.find("No changes. The live resources match the state."), std::string::npos)
      << same.out;
  EXPECT_NE(same.out.find("is unchanged"), std::string::npos) << same.out;

  Aws("ecs update-service --cluster drift --service drift-app --desired-count 3");
  aws_api::Client aws = MotoClient();
  std::string group_arn = Ok(aws, "logs", "describe-log-groups",
                             {{"logGroupNamePrefix", "/ecs/drift-app"}})["logGroups"][0]["arn"];
  if (group_arn.ends_with(":*")) group_arn.resize(group_arn.size() - 2);
  Aws("logs tag-resource --resource-arn " + group_arn + " --tags owner=someone-else");

  std::string before = State();
  RunResult refresh = Berth({"refresh"});
  ASSERT_EQ(refresh.exit_code, 0) << refresh.out << refresh.err;
  EXPECT_NE(refresh.out.find("# service.app has changed"), std::string::npos) << refresh.out;
  EXPECT_NE(refresh.out.find("~ desired_count = 1 -> 3"), std::string::npos) << refresh.out;
  EXPECT_NE(refresh.out.find("# log_group.app has changed"), std::string::npos) << refresh.out;
  EXPECT_NE(refresh.out.find("owner"), std::string::npos) << refresh.out;
  EXPECT_NE(refresh.out.find("2 changed, 0 gone"), std::string::npos) << refresh.out;
  EXPECT_EQ(refresh.out.find(kToken), std::string::npos) << "refresh printed a secret";

  std::string after = State();
  EXPECT_NE(after, before);
  EXPECT_NE(after.find(R"("desired_count": 3)"), std::string::npos) << after;
  EXPECT_NE(after.find("someone-else"), std::string::npos) << after;
  EXPECT_EQ(after.find(kToken), std::string::npos) << "the state holds the secret in clear";
  EXPECT_NE(after.find(R"("$digest": "hmac-sha256:)"), std::string::npos) << after;

  // From the refreshed state alone, the plan takes the drift back to the stack's values.
  RunResult plan = Berth({"plan", "--refresh=false"});
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_NE(plan.out.find("~ desired_count = 3 -> 1"), std::string::npos) << plan.out;
  EXPECT_NE(plan.out.find("Plan: 0 to add, 2 to change, 0 to replace, 0 to destroy."),
            std::string::npos)
      << plan.out;
  EXPECT_EQ(plan.out.find("# task.app"), std::string::npos)
      << "the secret's hash changed" << plan.out;

  RunResult revert = Berth({"apply", "--auto-approve"});
  ASSERT_EQ(revert.exit_code, 0) << revert.out << revert.err;
  Json service = Ok(aws, "ecs", "describe-services",
                    {{"cluster", "drift"}, {"services", {"drift-app"}}})["services"][0];
  EXPECT_EQ(service["desiredCount"], 1);
  RunResult clean = Berth({"refresh"});
  EXPECT_NE(clean.out.find("No changes"), std::string::npos) << clean.out;

  // A secret the stack no longer declares (its variable renamed) is read back from AWS in
  // plain text: the plan masks it, as the state recorded it sensitive.
  std::string source = ReadFile(stack_ + "/main.berth");
  source.replace(source.find("BANNER"), 6, "GREETING");
  dir_.Write("stack/main.berth", source);
  RunResult renamed = Berth({"plan"});
  EXPECT_NE(renamed.out.find("- containers[\"app\"].env.BANNER   = (sensitive value)"),
            std::string::npos)
      << renamed.out;
  EXPECT_EQ(renamed.out.find(kToken), std::string::npos) << renamed.out;
}

TEST_F(RefreshMoto, RefreshForgetsWhatIsGoneAndRefusesTheAwsBackend) {
  RunResult apply = Berth({"apply", "--auto-approve"});
  ASSERT_EQ(apply.exit_code, 0) << apply.out << apply.err;
  Aws("logs delete-log-group --log-group-name /ecs/drift-app");
  RunResult refresh = Berth({"refresh"});
  ASSERT_EQ(refresh.exit_code, 0) << refresh.out << refresh.err;
  EXPECT_NE(refresh.out.find("# log_group.app has been deleted"), std::string::npos) << refresh.out;
  EXPECT_EQ(State().find("log_group.app"), std::string::npos) << State();
  RunResult plan = Berth({"plan"});
  EXPECT_NE(plan.out.find("# log_group.app will be created"), std::string::npos) << plan.out;

  RunResult state_only = RunBerth({"refresh", stack_, "--backend", "aws", "--var", "token=x"},
                                  BERTH_SOURCE_DIR, BerthEnv());
  EXPECT_EQ(state_only.exit_code, 1);
  EXPECT_NE(state_only.err.find("the aws backend has no live side"), std::string::npos)
      << state_only.err;
}

// A service the stack made, then lost (its state entry removed, its name changed in the source),
// is found by the stack's tags and destroyed; one made by hand in the same cluster is not the
// stack's and stays.
TEST_F(RefreshMoto, LostServiceIsFoundByTheStackTagsAndDestroyed) {
  RunResult apply = Berth({"apply", "--auto-approve"});
  ASSERT_EQ(apply.exit_code, 0) << apply.out << apply.err;
  Aws("ecs create-service --cluster drift --service-name by-hand --task-definition drift-app "
      "--desired-count 0");
  RunResult rm = RunBerth({"state", "rm", "service.app", "--state", stack_ + "/.berth/state.json"},
                          BERTH_SOURCE_DIR, BerthEnv());
  ASSERT_EQ(rm.exit_code, 0) << rm.out << rm.err;
  WriteStack(1, "drift-web");

  RunResult plan = Berth({"plan"});
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_NE(plan.out.find("# service.drift_app will be destroyed"), std::string::npos) << plan.out;
  EXPECT_NE(plan.out.find("# service.app will be created"), std::string::npos) << plan.out;
  EXPECT_NE(plan.out.find("Plan: 1 to add, 0 to change, 0 to replace, 1 to destroy."),
            std::string::npos)
      << plan.out;
  EXPECT_EQ(plan.out.find("by-hand"), std::string::npos) << plan.out;

  RunResult again = Berth({"apply", "--auto-approve"});
  ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
  std::map<std::string, std::string> status;
  Json services = Ok(MotoClient(), "ecs", "describe-services",
                     {{"cluster", "drift"}, {"services", {"drift-app", "drift-web", "by-hand"}}});
  for (const Json& service : services["services"])
    status[service["serviceName"]] = service["status"];
  EXPECT_NE(status["drift-app"], "ACTIVE") << services.dump();
  EXPECT_EQ(status["drift-web"], "ACTIVE") << services.dump();
  EXPECT_EQ(status["by-hand"], "ACTIVE") << services.dump();
  RunResult clean = Berth({"plan"});
  EXPECT_NE(clean.out.find("No changes"), std::string::npos) << clean.out;
}

// moto reports a new service's runningCount as MOTO_ECS_SERVICE_RUNNING (0 unless set) and
// an updated one's as its new desired count (moto/ecs/models.py, Service.__init__ and
// update_service): a service created with 1 wanted never becomes stable there.
TEST_F(RefreshMoto, WaitTimesOutNamingTheServiceAndItsDeployment) {
  RunResult apply = Berth({"apply", "--auto-approve", "--wait", "--wait-timeout", "4s"});
  EXPECT_EQ(apply.exit_code, 1) << apply.out << apply.err;
  EXPECT_NE(apply.out.find("service.app: waiting for service drift-app: status ACTIVE, running 0 "
                           "of 1, 1 deployment: PRIMARY 0/1 running, 1 pending (IN_PROGRESS)"),
            std::string::npos)
      << apply.out;
  EXPECT_NE(apply.err.find("service drift-app is not stable after 4s: status ACTIVE, running 0 "
                           "of 1"),
            std::string::npos)
      << apply.err;

  // An update sets moto's runningCount to the new desired count: stable at the first poll.
  WriteStack(2);
  RunResult update = Berth({"apply", "--auto-approve", "--wait"});
  EXPECT_EQ(update.exit_code, 0) << update.out << update.err;
  EXPECT_NE(update.out.find("~ desired_count = 1 -> 2"), std::string::npos) << update.out;
  EXPECT_EQ(update.out.find("waiting for service"), std::string::npos) << update.out;
  EXPECT_NE(update.out.find("Apply complete"), std::string::npos) << update.out;
}

TEST_F(RefreshMoto, WaitReturnsWhenMotoRunsTheTasks) {
  setenv("MOTO_ECS_SERVICE_RUNNING", "1", 1);
  Moto::Get().Reset();
  unsetenv("MOTO_ECS_SERVICE_RUNNING");
  WriteStack(1);
  RunResult apply = Berth({"apply", "--auto-approve", "--wait"});
  EXPECT_EQ(apply.exit_code, 0) << apply.out << apply.err;
  EXPECT_NE(apply.out.find("Apply complete"), std::string::npos) << apply.out;
}

}  // namespace
}  // namespace berth::e2e
