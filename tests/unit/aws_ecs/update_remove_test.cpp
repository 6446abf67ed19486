// Updates send only what changed and what UpdateService may change; removes name what AWS
// needs. Every body passes the AWS CLI's validation.
#include "backends/aws/emitters.h"
#include "tests/unit/aws_ecs/ecs_fixture.h"

namespace berth::testing {
namespace {

const char* kBase = R"(
stack "s" {
  region  = "us-east-1"
  account = "123456789012"
}
cluster "main" {
  tags = { team = "a", old = "x" }
}
task "api" {
  cpu    = 256
  memory = 512MiB
  container "app" {
    image = "nginx"
  }
}
service "api" {
  cluster       = cluster.main
  task          = task.api
  desired_count = 2
  network {
    subnets = ["subnet-1"]
  }
  placement_strategy {
    type = random
  }
  SCALING
}
)";

// kBase with each `from` replaced by its `to`.
std::string Edited(std::vector<std::pair<std::string, std::string>> edits) {
  std::string source = kBase;
  for (const auto& [from, to] : edits) {
    size_t at = source.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) source.replace(at, from.size(), to);
  }
  return source;
}

ir::Program Compile(const std::string& scaling) {
  return CompileSource(Edited({{"SCALING", scaling}}));
}

std::vector<AwsCall> Update(const ir::Program& before, const ir::Program& after,
                            const std::string& address) {
  aws::EmitContext context(after);
  const ir::Resource* resource = after.Find(address);
  std::vector<AwsCall> calls;
  for (const aws::KindEmitter* emitter : aws::EmittersOf(resource->kind)) {
    for (AwsCall& call : emitter->update(*resource, before.Find(address)->attributes, context)) {
      calls.push_back(std::move(call));
    }
  }
  return EcsOnly(std::move(calls));
}

std::vector<AwsCall> Remove(const ir::Program& program, const std::string& address) {
  aws::EmitContext context(program);
  std::vector<AwsCall> calls;
  for (const aws::KindEmitter* emitter : aws::EmittersOf(program.Find(address)->kind)) {
    for (AwsCall& call : emitter->remove(*program.Find(address), context)) {
      calls.push_back(std::move(call));
    }
  }
  return EcsOnly(std::move(calls));
}

TEST(EcsUpdate, ServiceSendsOnlyWhatChanged) {
  ir::Program before = Compile("");
  std::string changed = Edited({{"desired_count = 2", "desired_count = 4"},
                                {"  placement_strategy {\n    type = random\n  }\n", ""},
                                {"SCALING", "health_check_grace = 30s"}});
  ir::Program after = CompileSource(changed);
  std::vector<AwsCall> calls = Update(before, after, "service.api");
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].operation, "update-service");
  EXPECT_EQ(calls[0].body, Json::parse(R"({"cluster": "main", "service": "api",
      "taskDefinition": "api", "desiredCount": 4, "placementStrategy": [],
      "healthCheckGracePeriodSeconds": 30})"));
  SKIP_WITHOUT_AWS_CLI();
  std::vector<std::string> rejected = RejectedByCli(calls);
  EXPECT_TRUE(rejected.empty()) << rejected.front();
}

TEST(EcsUpdate, AutoscaledServiceLeavesDesiredCountToTheScaler) {
  const char* scaling = "autoscaling {\n min = 1\n max = 4\n target \"cpu\" { value = 60% }\n}";
  ir::Program before = Compile(scaling);
  std::string changed = Edited({{"desired_count = 2", "desired_count = 3"}, {"SCALING", scaling}});
  std::vector<AwsCall> calls = Update(before, CompileSource(changed), "service.api");
  // The count is all that changed and the scaler owns it: there is nothing to send (a new task
  // revision is rolled out by the emission, tests/unit/aws_emit).
  EXPECT_TRUE(calls.empty()) << calls.front().body.dump();
  for (const AwsCall& call : calls) {
    EXPECT_FALSE(call.body.contains("desiredCount"));
    EXPECT_FALSE(call.body.contains("forceNewDeployment"));
  }
  // On create, the declared count is the starting point.
  EXPECT_EQ(BodyOf(CreateCallsOf(before, "service.api"), "create-service")["desiredCount"], 2);
}

TEST(EcsUpdate, ClusterChanges) {
  ir::Program before = Compile("");
  std::string changed = Edited({{"tags = { team = \"a\", old = \"x\" }",
                                 "tags = { team = \"b\" }\n  container_insights = true\n"
                                 "  capacity_providers = [\"FARGATE\"]\n"
                                 "  default_capacity_provider {\n    name = \"FARGATE\"\n  }"},
                                {"SCALING", ""}});
  std::vector<AwsCall> calls = Update(before, CompileSource(changed), "cluster.main");
  ASSERT_EQ(calls.size(), 4u);
  EXPECT_EQ(calls[0].operation, "update-cluster");
  EXPECT_EQ(calls[0].body, Json::parse(R"({"cluster": "main", "settings":
      [{"name": "containerInsights", "value": "enabled"}]})"));
  EXPECT_EQ(calls[1].operation, "put-cluster-capacity-providers");
  EXPECT_EQ(calls[1].body, Json::parse(R"({"cluster": "main", "capacityProviders": ["FARGATE"],
      "defaultCapacityProviderStrategy": [{"capacityProvider": "FARGATE", "weight": 1}]})"));
  EXPECT_EQ(calls[2].operation, "tag-resource");
  EXPECT_EQ(calls[2].body["resourceArn"], "arn:aws:ecs:us-east-1:123456789012:cluster/main");
  EXPECT_EQ(calls[2].body["tags"], Json::parse(R"([{"key": "team", "value": "b"}])"));
  EXPECT_EQ(calls[3].operation, "untag-resource");
  EXPECT_EQ(calls[3].body["tagKeys"], Json::array({"old"}));
  SKIP_WITHOUT_AWS_CLI();
  std::vector<std::string> rejected = RejectedByCli(calls);
  EXPECT_TRUE(rejected.empty()) << rejected.front();
}

TEST(EcsUpdate, TaskChangeIsANewRevision) {
  ir::Program program = Compile("");
  std::vector<AwsCall> calls = Update(program, program, "task.api");
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].operation, "register-task-definition");
  EXPECT_EQ(calls[0].captures[0].name, "task.api.arn");
  EXPECT_EQ(calls[0].captures[0].query, "taskDefinition.taskDefinitionArn");
}

TEST(EcsRemove, RequestsNameWhatAwsNeeds) {
  ir::Program program = Compile("");
  std::vector<AwsCall> calls = Remove(program, "service.api");
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].body, Json::parse(R"({"cluster": "main", "service": "api", "force": true})"));

  std::vector<AwsCall> task = Remove(program, "task.api");
  ASSERT_EQ(task.size(), 2u);  // the revision's ARN is read first, then deregistered
  EXPECT_EQ(task[0].operation, "describe-task-definition");
  EXPECT_EQ(task[0].body, Json::parse(R"({"taskDefinition": "api"})"));
  EXPECT_EQ(task[0].captures[0].name, "task.api.registered_arn");
  EXPECT_EQ(task[1].operation, "deregister-task-definition");
  EXPECT_EQ(task[1].body["taskDefinition"], "{{berth:task.api.registered_arn}}");

  // With the revision's ARN known (from the state), it is deregistered directly.
  ir::Resource known = *program.Find("task.api");
  known.attributes.Set("arn", Value::String("arn:aws:ecs:us-east-1:123456789012:"
                                            "task-definition/api:7"));
  aws::EmitContext context(program);
  std::vector<AwsCall> direct = aws::kTaskEmitter.remove(known, context);
  ASSERT_EQ(direct.size(), 1u);
  EXPECT_EQ(direct[0].body["taskDefinition"],
            "arn:aws:ecs:us-east-1:123456789012:task-definition/api:7");

  std::vector<AwsCall> cluster = Remove(program, "cluster.main");
  EXPECT_EQ(cluster[0].body, Json::parse(R"({"cluster": "main"})"));

  SKIP_WITHOUT_AWS_CLI();
  for (const AwsCall& call : direct) calls.push_back(call);
  for (const AwsCall& call : task) calls.push_back(call);
  for (const AwsCall& call : cluster) calls.push_back(call);
  std::vector<std::string> rejected = RejectedByCli(calls);
  EXPECT_TRUE(rejected.empty()) << rejected.front();
}

}  // namespace
}  // namespace berth::testing
