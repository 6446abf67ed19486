// Lost IAM roles, log groups and EventBridge schedules (tagged_finder.h): made by the stack, then
// renamed in the source with the state deleted, they are found in moto by the stack's tags and
// destroyed; the same kinds made by hand without the tags are never touched.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "backends/aws_api/client.h"
#include "tests/e2e/aws_api/moto_env.h"
#include "tests/e2e/run_berth.h"

namespace berth::e2e {
namespace {

using aws_api::Json;

// A role, a log group and an hourly schedule running a task, each named NAME-something, all
// carrying the stack's tags.
std::string LostStack(const std::string& name, const std::string& subnet) {
  return R"berth(stack "lost" {
  region  = "ap-northeast-1"
  account = "123456789012"
  tags    = { app = "lost", team = "berth" }
}

cluster "main" {
  name = "lost"
}

role ")berth" +
         name + R"berth(" {
  name  = ")berth" +
         name + R"berth(-events"
  trust = ["events.amazonaws.com"]
}

log_group ")berth" +
         name + R"berth(" {
  name      = "/ecs/)berth" +
         name + R"berth("
  retention = 7d
}

task "job" {
  family = "lost-job"
  cpu    = 256
  memory = 512MiB
  container "job" {
    image = "public.ecr.aws/docker/library/busybox:1.36"
  }
}

schedule ")berth" +
         name + R"berth(" {
  name       = ")berth" +
         name + R"berth(-hourly"
  expression = "rate(1 hour)"
  cluster    = cluster.main
  task       = task.job
  role       = role.)berth" +
         name + R"berth(
  network {
    subnets = [")berth" +
         subnet + R"berth("]
  }
}
)berth";
}

class LostResourcesMoto : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!Moto::Get().Skip().empty()) GTEST_SKIP() << Moto::Get().Skip();
    Moto::Get().Reset();
    stack_ = dir_.path() + "/stack";
    Json subnets = Ok(MotoClient(), "ec2", "describe-subnets",
                      {{"Filters", {{{"Name", "default-for-az"}, {"Values", {"true"}}}}}});
    ASSERT_FALSE(subnets["Subnets"].empty());
    subnet_ = subnets["Subnets"][0]["SubnetId"];
  }
  RunResult Berth(std::vector<std::string> args) {
    args.insert(args.begin() + 1, stack_);
    args.push_back("--backend");
    args.push_back("aws-api");
    return RunBerth(args, BERTH_SOURCE_DIR, BerthEnv());
  }

  TempDir dir_;
  std::string stack_;
  std::string subnet_;
};

TEST_F(LostResourcesMoto, RolesLogGroupsAndSchedulesAreFoundByTheStackTags) {
  dir_.Write("stack/main.berth", LostStack("old", subnet_));
  RunResult apply = Berth({"apply", "--auto-approve"});
  ASSERT_EQ(apply.exit_code, 0) << apply.out << apply.err;
  // The same kinds made by hand, without the stack's tags.
  aws_api::Client aws = MotoClient();
  Ok(aws, "iam", "create-role",
     {{"RoleName", "by-hand"},
      {"AssumeRolePolicyDocument",
       R"berth({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":)berth"
       R"berth({"Service":"events.amazonaws.com"},"Action":"sts:AssumeRole"}]})berth"},
      {"Tags", {{{"Key", "app"}, {"Value", "other"}}}}});
  Ok(aws, "logs", "create-log-group", {{"logGroupName", "/by/hand"}});
  Ok(aws, "events", "put-rule", {{"Name", "by-hand"}, {"ScheduleExpression", "rate(1 day)berth"}});

  // The state lost and every name changed: what the stack made is found by its tags.
  std::filesystem::remove_all(stack_ + "/.berth");
  dir_.Write("stack/main.berth", LostStack("new", subnet_));
  RunResult plan = Berth({"plan"});
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  for (const char* lost : {"role.old_events", "log_group._ecs_old", "schedule.old_hourly"}) {
    EXPECT_NE(plan.out.find(std::string("# ") + lost + " will be destroyed"), std::string::npos)
        << lost << "\n"
        << plan.out;
  }
  EXPECT_NE(plan.out.find("Plan: 3 to add, 0 to change, 0 to replace, 3 to destroy."),
            std::string::npos)
      << plan.out;
  EXPECT_EQ(plan.out.find("by-hand"), std::string::npos) << plan.out;
  EXPECT_EQ(plan.out.find("/by/hand"), std::string::npos) << plan.out;

  apply = Berth({"apply", "--auto-approve"});
  ASSERT_EQ(apply.exit_code, 0) << apply.out << apply.err;
  // Each answer kept in a variable: a range-for over a member of a temporary reads freed memory.
  std::set<std::string> roles, groups, rules;
  Json listed = Ok(aws, "iam", "list-roles", {});
  for (const Json& role : listed["Roles"]) roles.insert(role["RoleName"].get<std::string>());
  listed = Ok(aws, "logs", "describe-log-groups", {});
  for (const Json& group : listed["logGroups"])
    groups.insert(group["logGroupName"].get<std::string>());
  listed = Ok(aws, "events", "list-rules", {});
  for (const Json& rule : listed["Rules"]) rules.insert(rule["Name"].get<std::string>());
  EXPECT_EQ(roles, (std::set<std::string>{"by-hand", "new-events"}));
  EXPECT_EQ(groups, (std::set<std::string>{"/by/hand", "/ecs/new"}));
  EXPECT_EQ(rules, (std::set<std::string>{"by-hand", "new-hourly"}));
  RunResult clean = Berth({"plan"});
  EXPECT_NE(clean.out.find("No changes"), std::string::npos) << clean.out;
}

}  // namespace
}  // namespace berth::e2e
