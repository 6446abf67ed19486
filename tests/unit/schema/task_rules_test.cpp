// Rules inside one task definition: containers, logs, Fargate features.
#include "tests/unit/schema/rules_fixture.h"

namespace berth::testing {
namespace {

class TaskRulesTest : public RulesTest {
 protected:
  // A Fargate task of 256 CPU units and 512MiB with the given containers (and more attributes).
  ir::Resource Task(ValueList containers, ValueMap extra = {}) {
    ValueMap attrs = {{"cpu", Value::Cpu(256)},
                      {"memory", Value::Size(512 * kMiB, SpanIf("memory = 512MiB"))},
                      {"containers", Value::List(std::move(containers))}};
    for (auto& e : extra) attrs.push_back(e);
    return Resource("task", "api", attrs);
  }
  Value Container(std::string name, ValueMap extra = {}) {
    ValueMap entries = {{"name", Value::String(name)}, {"image", Value::String("img")}};
    for (auto& e : extra) entries.push_back(e);
    return Block(entries, SpanIf("container \"" + name + "\""));
  }
  SourceRange SpanIf(const std::string& text) {
    return text_.find(text) != std::string::npos ? Span(text) : SourceRange{};
  }
};

TEST_F(TaskRulesTest, ValidTaskPasses) {
  SetSource("task \"api\" {}\n");
  Value logs = Block({{"driver", Value::String("awslogs")},
                      {"options", Value::Map({{"awslogs-group", Value::String("/ecs/api")},
                                              {"awslogs-region", Value::String("ap-northeast-1")},
                                              {"awslogs-stream-prefix", Value::String("app")}})}});
  EXPECT_EQ(Check({Task({Container("app", {{"logs", logs}, {"port", Value::Number(8080)}})},
                        {{"execution_role", Value::Ref("role.exec")}}),
                   Resource("role", "exec", {})}),
            "");
}

TEST_F(TaskRulesTest, NoEssentialContainer) {
  SetSource("task \"api\" {\n  container \"app\" { essential = false }\n}\n");
  EXPECT_EQ(Check({Task({Container("app", {{"essential", Value::Bool(false)}})})}),
            "main.berth:1:1: error: task.api has no essential container; ECS needs at least one "
            "(essential = true)\n"
            "    1 | task \"api\" {\n"
            "      | ^~~~~~~~~~\n");
}

TEST_F(TaskRulesTest, MountsNeedDeclaredVolumes) {
  SetSource(
      "task \"api\" {\n  container \"app\" {\n    mount { volume = \"dta\"  path = \"/data\" }\n  "
      "}\n}\n");
  Value mount =
      Block({{"volume", Value::String("dta", Span("\"dta\""))}, {"path", Value::String("/data")}});
  Value volume = Block({{"name", Value::String("data")}});
  EXPECT_EQ(
      Check({Task({Container("app", {{"mounts", Value::List({mount})}})},
                  {{"volumes", Value::List({volume})}})}),
      "main.berth:3:22: error: container \"app\" of task.api mounts volume \"dta\", which the "
      "task does not declare; did you mean \"data\"?\n"
      "    3 |     mount { volume = \"dta\"  path = \"/data\" }\n"
      "      |                      ^~~~~\n");
}

TEST_F(TaskRulesTest, DependsOn) {
  SetSource("task \"api\" {}\n");
  auto dep = [](std::string container, std::string condition) {
    return Block(
        {{"container", Value::String(container)}, {"condition", Value::String(condition)}});
  };
  std::string out = Check({Task(
      {Container("app", {{"depends_on", Value::List({dep("db", "HEALTHY"), dep("envy", "START"),
                                                     dep("app", "START")})}}),
       Container("db"), Container("envoy")})});
  EXPECT_EQ(Headlines(out),
            "main.berth:1:1: error: container \"app\" of task.api waits for \"db\" to be HEALTHY, "
            "but \"db\" has no health block\n"
            "main.berth:1:1: note: container \"db\" is declared here\n"
            "main.berth:1:1: error: container \"app\" of task.api depends on container \"envy\", "
            "which the task does not declare; did you mean \"envoy\"?\n"
            "main.berth:1:1: error: container \"app\" of task.api depends on itself\n");
}

TEST_F(TaskRulesTest, ContainerSizesWithinTheTask) {
  SetSource("task \"api\" {\n  memory = 512MiB\n  container \"app\" { memory = 1GiB }\n}\n");
  std::string out =
      Check({Task({Container("app", {{"memory", Value::Size(1024 * kMiB, Span("1GiB"))}})})});
  EXPECT_EQ(out,
            "main.berth:2:3: error: the containers of task.api reserve 1GiB, more than the task's "
            "memory 512MiB\n"
            "    2 |   memory = 512MiB\n"
            "      |   ^~~~~~~~~~~~~~~\n"
            "main.berth:3:30: error: container \"app\" of task.api has memory 1GiB, more than the "
            "task's 512MiB\n"
            "    3 |   container \"app\" { memory = 1GiB }\n"
            "      |                              ^~~~\n"
            "main.berth:2:3: note: the task's memory is set here\n"
            "    2 |   memory = 512MiB\n"
            "      |   ^~~~~~~~~~~~~~~\n"
            "2 errors\n");
  SetSource("task \"api\" {}\n");
  EXPECT_EQ(
      Headlines(Check({Task({Container("app", {{"memory", Value::Size(256 * kMiB)},
                                               {"memory_reservation", Value::Size(300 * kMiB)},
                                               {"cpu", Value::Cpu(512)}})})})),
      "main.berth:1:1: error: container \"app\" of task.api reserves 300MiB, more than its "
      "memory limit 256MiB\n"
      "main.berth:1:1: error: the containers of task.api reserve 512 CPU units, more than the "
      "task's 256\n");
}

TEST_F(TaskRulesTest, Ec2ContainersSizeThemselves) {
  SetSource("task \"api\" {}\n");
  ir::Resource task = Resource(
      "task", "api",
      {{"requires", Value::List({Value::String("EC2")})},
       {"network_mode", Value::String("bridge")},
       {"containers",
        Value::List({Container("app"),
                     Container("b", {{"memory_reservation", Value::Size(128 * kMiB)}})})}});
  EXPECT_EQ(Headlines(Check({task})),
            "main.berth:1:1: error: container \"app\" of task.api needs memory or "
            "memory_reservation, since the task sets no memory\n");
}

TEST_F(TaskRulesTest, AwslogsOptions) {
  SetSource("task \"api\" {}\n");
  Value logs = Block({{"driver", Value::String("awslogs")}});
  EXPECT_EQ(Headlines(Check({Task({Container("app", {{"logs", logs}})},
                                  {{"execution_role", Value::Ref("role.exec")}}),
                             Resource("role", "exec", {})})),
            "main.berth:1:1: error: container \"app\" of task.api logs with awslogs, which needs "
            "options \"awslogs-group\"\n"
            "main.berth:1:1: error: container \"app\" of task.api logs with awslogs, which needs "
            "options \"awslogs-region\"\n"
            "main.berth:1:1: error: container \"app\" of task.api logs with awslogs on Fargate, "
            "which needs options \"awslogs-stream-prefix\"\n");
}

TEST_F(TaskRulesTest, FirelensNeedsOneRouter) {
  SetSource("task \"api\" {\n  container \"app\" { logs { driver = awsfirelens } }\n}\n");
  Value logs = Block({{"driver", Value::String("awsfirelens", Span("awsfirelens"))}});
  EXPECT_EQ(Check({Task({Container("app", {{"logs", logs}})})}),
            "main.berth:2:37: error: container \"app\" of task.api logs through awsfirelens, but "
            "the task has no FireLens log router: a container with a firelens block\n"
            "    2 |   container \"app\" { logs { driver = awsfirelens } }\n"
            "      |                                     ^~~~~~~~~~~\n");
  Value router = Block({{"type", Value::String("fluentbit")}});
  EXPECT_EQ(Check({Task({Container("app", {{"logs", logs}}),
                         Container("log_router", {{"firelens", router}})})}),
            "");
  EXPECT_EQ(Headlines(Check({Task({Container("a", {{"firelens", router}}),
                                   Container("b", {{"firelens", router}})})})),
            "main.berth:1:1: error: task.api has a second FireLens log router, container \"b\"; a "
            "task takes one\n"
            "main.berth:1:1: note: container \"a\" is the first\n");
}

TEST_F(TaskRulesTest, FargateFeatures) {
  SetSource("task \"api\" {}\n");
  Value caps =
      Block({{"add", Value::List({Value::String("SYS_PTRACE"), Value::String("NET_ADMIN")})}});
  Value ulimit = Block(
      {{"name", Value::String("memlock")}, {"soft", Value::Number(1)}, {"hard", Value::Number(1)}});
  ir::Resource task =
      Task({Container("app", {{"privileged", Value::Bool(true)},
                              {"gpu", Value::Number(1)},
                              {"ulimits", Value::List({ulimit})},
                              {"linux_parameters", Block({{"capabilities", caps}})}})},
           {{"ipc_mode", Value::String("host")},
            {"ephemeral_storage", Value::Size(10 * kGiB)},
            {"volumes", Value::List({Block({{"name", Value::String("host")},
                                            {"host_path", Value::String("/var/run")}})})}});
  EXPECT_EQ(
      Headlines(Check({task})),
      "main.berth:1:1: error: task.api sets ipc_mode, which Fargate does not support\n"
      "main.berth:1:1: error: ephemeral_storage of task.api is 10GiB; Fargate offers 21GiB to "
      "200GiB\n"
      "main.berth:1:1: error: volume \"host\" of task.api binds a host_path, which Fargate "
      "does not support\n"
      "main.berth:1:1: error: container \"app\" of task.api is privileged, which Fargate does "
      "not support\n"
      "main.berth:1:1: error: container \"app\" of task.api reserves GPUs, which Fargate does "
      "not support\n"
      "main.berth:1:1: error: container \"app\" of task.api sets ulimit memlock, which Fargate "
      "does not support\n"
      "main.berth:1:1: error: container \"app\" of task.api adds capability NET_ADMIN, which "
      "Fargate does not support\n");
}

TEST_F(TaskRulesTest, ExecutionRoleNeededForSecretsAndFargateLogsAndEcrImages) {
  SetSource("task \"api\" {}\n");
  Value logs = Block({{"driver", Value::String("awslogs")},
                      {"options", Value::Map({{"awslogs-group", Value::String("/ecs/api")},
                                              {"awslogs-region", Value::String("ap-northeast-1")},
                                              {"awslogs-stream-prefix", Value::String("app")}})}});
  Value secrets = Value::Map({{"DB", Value::String("arn:aws:ssm:ap-northeast-1:1:parameter/db")}});
  Value ecr = Value::String("123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/api:1");
  EXPECT_EQ(Headlines(Check({Task({Container("app", {{"logs", logs}})})})),
            "main.berth:1:1: error: task.api has no execution_role, which ECS needs to send the "
            "awslogs logs of container \"app\" on Fargate\n"
            "note: add execution_role = role.NAME, a role trusting ecs-tasks.amazonaws.com with "
            "AmazonECSTaskExecutionRolePolicy\n");
  EXPECT_EQ(
      Headlines(Check(
          {Task({Container("app", {{"secrets", secrets}}), Container("side", {{"image", ecr}})})})),
      "main.berth:1:1: error: task.api has no execution_role, which ECS needs to read the "
      "secrets of container \"app\"\n"
      "main.berth:1:1: note: it is also needed to pull the ECR image of container \"side\" on "
      "Fargate\n"
      "note: add execution_role = role.NAME, a role trusting ecs-tasks.amazonaws.com with "
      "AmazonECSTaskExecutionRolePolicy\n");
  // On EC2 the instance role sends logs and pulls images; secrets still need the task's role.
  ValueMap ec2 = {{"requires", Value::List({Value::String("EC2")})},
                  {"network_mode", Value::String("bridge")}};
  EXPECT_EQ(Check({Task({Container("app", {{"logs", logs}, {"image", ecr}})}, ec2)}), "");
  EXPECT_NE(Check({Task({Container("app", {{"secrets", secrets}})}, ec2)}), "");
  // Public ECR and other registries need no credentials; an empty secrets map needs nothing.
  EXPECT_EQ(Check({Task({Container("app", {{"image", Value::String("public.ecr.aws/nginx/nginx")},
                                           {"secrets", Value::Map({})}})})}),
            "");
  EXPECT_EQ(Check({Task({Container("app", {{"logs", logs}, {"secrets", secrets}})},
                        {{"execution_role", Value::Ref("role.exec")}}),
                   Resource("role", "exec", {})}),
            "");
}

TEST_F(TaskRulesTest, FargateStopTimeoutIsAtMostTwoMinutes) {
  SetSource("task \"api\" {\n  container \"app\" { stop_timeout = 121s }\n}\n");
  auto with_timeout = [&](double seconds, ValueMap extra = {}) {
    return Check(
        {Task({Container("app", {{"stop_timeout", Value::Duration(seconds * 1000, Span("121s"))}})},
              extra)});
  };
  EXPECT_EQ(with_timeout(120), "");
  EXPECT_EQ(with_timeout(121),
            "main.berth:2:36: error: container \"app\" of task.api has stop_timeout 121s; Fargate "
            "waits at most 120s between SIGTERM and SIGKILL\n"
            "    2 |   container \"app\" { stop_timeout = 121s }\n"
            "      |                                    ^~~~\n");
  EXPECT_EQ(with_timeout(600, {{"requires", Value::List({Value::String("EC2")})},
                               {"network_mode", Value::String("bridge")}}),
            "");
}

}  // namespace
}  // namespace berth::testing
