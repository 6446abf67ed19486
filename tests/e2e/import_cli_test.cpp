// `berth import` end to end: the printed source is canonical (`berth fmt --check` passes), it
// compiles and emits requests the AWS CLI accepts, and input mistakes are one-line diagnostics
// with the JSON path and exit code 1.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "tests/e2e/run_berth.h"

namespace berth::e2e {
namespace {

const std::string kData = std::string(BERTH_SOURCE_DIR) + "/tests/data/ecs_import/";
const std::string kStack =
    "stack \"imported\" {\n  region  = \"us-east-1\"\n  account = \"123456789012\"\n}\n\n";

std::string Import(const std::string& kind, const std::string& file) {
  RunResult r = RunBerth({"import", kind, kData + file});
  EXPECT_EQ(r.exit_code, 0) << file << ": " << r.err;
  EXPECT_EQ(r.err, "");
  return r.out;
}

TEST(ImportCli, PrintedSourceIsFormattedCompilesAndEmitsValidRequests) {
  TempDir dir;
  std::string outs;
  int n = 0;
  for (const char* file :
       {"fargate_secrets.json", "firelens_fluentbit.json", "envoy_appmesh.json", "ec2_bridge.json",
        "efs_batch.json", "minimal.json", "every_member.json", "describe_task_definition.json"}) {
    std::string source = Import("ecs-task-definition", file);
    std::string stack = dir.path() + "/stack" + std::to_string(n);
    std::string extra;
    if (std::string(file) == "describe_task_definition.json") {
      // The service of the same deployment, with the target group it references and a load
      // balancer forwarding to it.
      extra = Import("ecs-service", "describe_services.json") +
              "\ntarget_group \"sample_api\" {\n  name = \"sample-api\"\n  port = 8080\n  vpc  = "
              "\"vpc-0a1b2c3d4e5f60718\"\n}\n"
              "load_balancer \"public\" {\n  subnets = [\"subnet-a\", \"subnet-b\"]\n"
              "  listener \"http\" {\n    port     = 80\n    protocol = HTTP\n"
              "    forward { target_group = target_group.sample_api }\n  }\n}\n";
    }
    dir.Write("stack" + std::to_string(n) + "/main.berth", kStack + source + extra);
    dir.Write("alone" + std::to_string(n) + ".berth", source);
    RunResult fmt =
        RunBerth({"fmt", "--check", dir.path() + "/alone" + std::to_string(n) + ".berth"});
    EXPECT_EQ(fmt.exit_code, 0) << file << " is not canonical:\n" << fmt.out << fmt.err;
    std::string out = dir.path() + "/out" + std::to_string(n);
    RunResult emit = RunBerth({"emit", "aws", stack, "-o", out});
    EXPECT_EQ(emit.exit_code, 0) << file << ": " << emit.err << "\n" << source;
    outs += " " + out;
    ++n;
  }
  std::string output;
  if (ShellOutput("command -v aws", output) != 0) {
    GTEST_SKIP() << "SKIPPED LOUDLY: no `aws` command; the emitted requests were not validated";
  }
  int status = ShellOutput(
      "python3 " + std::string(BERTH_SOURCE_DIR) + "/tests/aws_cli/validate_requests.py" + outs,
      output);
  EXPECT_EQ(status, 0) << output;
  EXPECT_NE(output.find(" 0 failed"), std::string::npos) << output;
}

TEST(ImportCli, StackResolvesReferencesToItsResources) {
  TempDir dir;
  dir.Write("stack/main.berth", kStack +
                                    "role \"exec\" {\n  name = \"sample-api-exec\"\n}\n"
                                    "role \"app\" {\n  name = \"sample-api-task\"\n}\n"
                                    "log_group \"api\" {\n  name = \"/ecs/sample-api\"\n}\n");
  RunResult r = RunBerth({"import", "ecs-task-definition", kData + "describe_task_definition.json",
                          "--stack", dir.path() + "/stack"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("execution_role = role.exec\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("task_role      = role.app\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"awslogs-group\"         = log_group.api.name"), std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("role \""), std::string::npos) << "no role declared again:\n" << r.out;
}

// Issue 10 item 6: import never makes up resources. Roles and target groups known only by ARN
// stay those ARNs (account included) instead of becoming blocks berth would create; a service's
// pinned revision stays pinned, even when the stack declares the family.
TEST(ImportCli, ResourcesKnownOnlyByArnStayArns) {
  std::string task = Import("ecs-task-definition", "describe_task_definition.json");
  EXPECT_EQ(task.find("role \""), std::string::npos) << "a role was made up:\n" << task;
  EXPECT_NE(task.find("execution_role = \"arn:aws:iam::123456789012:role/sample-api-exec\"\n"),
            std::string::npos)
      << task;
  EXPECT_NE(task.find("task_role      = \"arn:aws:iam::123456789012:role/sample-api-task\"\n"),
            std::string::npos)
      << task;
  std::string service = Import("ecs-service", "describe_services.json");
  EXPECT_EQ(service.find("cluster \""), std::string::npos) << service;
  EXPECT_EQ(service.find("# target_group"), std::string::npos) << service;
  EXPECT_NE(service.find("= \"arn:aws:ecs:ap-northeast-1:123456789012:task-definition/"
                         "sample-api:14\"\n"),
            std::string::npos)
      << service;
  EXPECT_NE(service.find("target_group = \"arn:aws:elasticloadbalancing:ap-northeast-1:"
                         "123456789012:targetgroup/sample-api/6d0ecf831eec9f09\""),
            std::string::npos)
      << service;

  // Both compile as they are, and the requests carry the ARNs whole.
  TempDir dir;
  dir.Write("stack/main.berth", kStack + task + service);
  std::string out = dir.path() + "/out";
  RunResult emit = RunBerth({"emit", "aws", dir.path() + "/stack", "-o", out});
  ASSERT_EQ(emit.exit_code, 0) << emit.err << task << service;
  std::string requests;
  for (const auto& entry : std::filesystem::directory_iterator(out))
    requests += ReadFile(entry.path().string());
  EXPECT_EQ(requests.find("iam:::role"), std::string::npos) << requests;
  EXPECT_EQ(requests.find("create-role"), std::string::npos) << requests;
  EXPECT_NE(
      requests.find("\"executionRoleArn\": \"arn:aws:iam::123456789012:role/sample-api-exec\""),
      std::string::npos)
      << requests;

  // With the family declared in a stack, the service still runs revision 14.
  dir.Write("declared/main.berth",
            kStack +
                "task \"sample_api\" {\n  family = \"sample-api\"\n  cpu = 256\n"
                "  memory = 512MiB\n  container \"app\" {\n    image = \"nginx\"\n  }\n}\n");
  RunResult r = RunBerth({"import", "ecs-service", kData + "describe_services.json", "--stack",
                          dir.path() + "/declared"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("sample-api:14\""), std::string::npos) << r.out;
}

// Text that is not JSON: the compiler's form, with the line and a caret.
TEST(ImportCli, NotJsonIsADiagnosticAtItsLineAndColumn) {
  TempDir dir;
  dir.Write("bad.json", "{\n  \"family\": \"x\",\n  \"cpu\": 1e99999\n}\n");
  RunResult r = RunBerth({"import", "ecs-task-definition", "bad.json"}, dir.path());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "bad.json:3:10: error: not valid JSON: number overflow parsing '1e99999'\n"
            "    3 |   \"cpu\": 1e99999\n"
            "      |          ^\n");
  dir.Write("bad.json", "{ not json");
  r = RunBerth({"import", "ecs-task-definition", "bad.json"}, dir.path());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(
      r.err.find("bad.json:1:4: error: not valid JSON: syntax error while parsing object key"), 0u)
      << r.err;
}

TEST(ImportCli, InputMistakesAreOneLineDiagnostics) {
  TempDir dir;
  struct Case {
    const char* kind;
    const char* json;
    const char* message;
  };
  const Case cases[] = {
      {"ecs-task-definition", R"({"family": "x"})",
       "bad.json: $: not a task definition: no `containerDefinitions`"},
      {"ecs-task-definition",
       R"({"family": "x", "containerDefinitions": [{"name": "a", "image": "i", "memory": "512"}]})",
       "bad.json: $.containerDefinitions[0].memory: expected a number, got a string\n"},
      {"ecs-task-definition",
       R"({"family": "x", "containerDefinitions": [{"name": "a", "image": "i", "colour": 1}]})",
       "bad.json: $.containerDefinitions[0].colour: unknown field `colour`"},
      // What berth source cannot write back, though ECS JSON can say it (found by
      // tests/fuzz/mutate.py: the printed block did not parse).
      {"ecs-task-definition",
       R"({"family": "x\u0000", "containerDefinitions": [{"name": "a", "image": "i"}]})",
       "bad.json: the imported task's family: holds the control character U+0000, which berth "
       "source cannot write\n"},
      {"ecs-service",
       R"({"serviceName": "web", "taskDefinition": "web:1",
           "deploymentConfiguration": {"bakeTimeInMinutes": -9223372036854775808}})",
       "bad.json: the imported service's deployment.bake_time: is -9.223372036854776e+18m, "
       "which berth source cannot write\n"},
      {"ecs-service", R"({"services": []})",
       "bad.json: $.services: expected exactly one service, got 0\n"},
      {"ecs-service", R"({"family": "x"})", "bad.json: $: not an ECS service: no `serviceName`"},
  };
  for (const Case& c : cases) {
    dir.Write("bad.json", c.json);
    RunResult r = RunBerth({"import", c.kind, "bad.json"}, dir.path());
    EXPECT_EQ(r.exit_code, 1) << c.json;
    EXPECT_EQ(r.out, "") << c.json;
    EXPECT_EQ(r.err.find(c.message), 0u) << c.json << "\n" << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
  RunResult missing = RunBerth({"import", "ecs-task-definition", "nope.json"}, dir.path());
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_EQ(missing.err, "berth import: cannot read nope.json\n");
  RunResult kind = RunBerth({"import", "ecs-cluster", "nope.json"}, dir.path());
  EXPECT_EQ(kind.exit_code, 1);
  EXPECT_NE(kind.err.find("unknown kind \"ecs-cluster\""), std::string::npos) << kind.err;
}

}  // namespace
}  // namespace berth::e2e
