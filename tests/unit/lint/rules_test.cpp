// One test per rule where it fires and one where it does not (a near miss, not just the clean
// stack). Messages are asserted whole: they are the user interface.

#include <filesystem>

#include "tests/unit/lint/lint_fixture.h"

namespace berth::testing {
namespace {

using Lines = std::vector<std::string>;

TEST_F(LintTest, CleanStackHasNoFindings) {
  lint::LintResult result = Run(kCleanStack);
  EXPECT_EQ(Text(result), "");
  EXPECT_EQ(lint::SummaryLine(result), "no findings");
}

TEST_F(LintTest, Brt001FiresOnLatestAndOnMissingTag) {
  auto latest = Run(Edit(kCleanStack, "app:1.4.2", "app:latest"));
  EXPECT_EQ(Of(latest, "BRT001"),
            (Lines{"30: container \"app\" of task.api has an image tagged `latest`: pin "
                   "a version or a digest"}));
  auto untagged = Run(Edit(kCleanStack, "app:1.4.2", "app"));
  EXPECT_EQ(Of(untagged, "BRT001"),
            (Lines{"30: container \"app\" of task.api has an image without a tag, which "
                   "pulls `latest`: pin a version or a digest"}));
}

TEST_F(LintTest, Brt001AcceptsADigestAndARegistryPort) {
  auto digest = Run(Edit(kCleanStack, "app:1.4.2", "app@sha256:0123456789abcdef"));
  EXPECT_EQ(Of(digest, "BRT001"), Lines{});
  auto port = Run(Edit(kCleanStack, "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/app:1.4.2",
                       "registry.local:5000/app:2.0"));
  EXPECT_EQ(Of(port, "BRT001"), Lines{});
}

TEST_F(LintTest, Brt002FiresOnSecretNamesAndCredentialShapes) {
  auto result = Run(Edit(
      kCleanStack, R"(env            = { APP_ENV = "prod" })",
      R"(env            = { APP_ENV = "prod", DB_PASSWORD = "hunter2", KEY = "AKIAABCDEFGHIJKLMNOP" })"));
  EXPECT_EQ(Of(result, "BRT002"),
            (Lines{"34: container \"app\" of task.api sets environment variable "
                   "DB_PASSWORD in plain text, and its name says it holds a secret: move "
                   "it to `secrets` with secret(\"arn:...\")",
                   "34: container \"app\" of task.api sets environment variable KEY in "
                   "plain text, and its value has the shape of a credential: move it to "
                   "`secrets` with secret(\"arn:...\")"}));
  // The finding names the variable, never the value.
  EXPECT_EQ(Text(result).find("hunter2"), std::string::npos);
  EXPECT_EQ(Text(result).find("AKIAABCDEFGHIJKLMNOP"), std::string::npos);
}

TEST_F(LintTest, Brt002IgnoresPointersToSecrets) {
  auto result = Run(Edit(
      kCleanStack, R"(env            = { APP_ENV = "prod" })",
      R"(env            = { DB_PASSWORD_ARN = "arn:aws:secretsmanager:x", TOKEN_URL = "https://auth.example.com/token", SECRET_KEY = "arn:aws:ssm:x" })"));
  EXPECT_EQ(Of(result, "BRT002"), Lines{});
}

TEST_F(LintTest, Brt002FlaggedValuesAreMaskedInTheIr) {
  Run(Edit(kCleanStack, R"(env            = { APP_ENV = "prod" })",
           R"(env            = { APP_ENV = "prod", API_TOKEN = "t0ps3cret" })"));
  const ir::Resource* task = program_.Find("task.api");
  ASSERT_NE(task, nullptr);
  const Value& env = *task->attributes.Get("containers")->list()[0].Get("env");
  EXPECT_TRUE(env.Get("API_TOKEN")->sensitive());
  EXPECT_FALSE(env.Get("APP_ENV")->sensitive());
  std::ostringstream json;
  ir::WriteJson(program_, sources_, json);
  EXPECT_EQ(json.str().find("t0ps3cret"), std::string::npos);
  EXPECT_NE(json.str().find("\"prod\""), std::string::npos);
}

TEST_F(LintTest, Brt003FiresWithoutLogs) {
  std::string stack = Edit(kCleanStack, "    logs {\n      driver  = awslogs\n", "    x {\n");
  stack = Edit(stack,
               "    x {\n      options = { \"awslogs-group\" = \"/ecs/app\", \"awslogs-region\" = "
               "\"ap-northeast-1\", \"awslogs-stream-prefix\" = \"app\" }\n    }\n",
               "");
  auto result = Run(stack);
  EXPECT_EQ(Of(result, "BRT003"),
            (Lines{"29: container \"app\" of task.api has no logs block: its output is "
                   "lost when the task stops"}));
  EXPECT_EQ(Of(Run(kCleanStack), "BRT003"), Lines{});
}

TEST_F(LintTest, Brt004FiresWhenTheCircuitBreakerIsOff) {
  auto off = Run(Edit(kCleanStack, "circuit_breaker     = rollback", "circuit_breaker     = off"));
  EXPECT_EQ(Of(off, "BRT004"), (Lines{"59: service.api turns the deployment circuit breaker off: a "
                                      "deployment whose tasks keep failing retries forever; use "
                                      "circuit_breaker = rollback"}));
  auto on = Run(Edit(kCleanStack, "circuit_breaker     = rollback", "circuit_breaker     = on"));
  EXPECT_EQ(Of(on, "BRT004"), Lines{});
}

TEST_F(LintTest, Brt005FiresOnASingleSubnet) {
  auto one = Run(Edit(kCleanStack, R"(["subnet-a", "subnet-b"])", R"(["subnet-a"])"));
  EXPECT_EQ(Of(one, "BRT005"),
            (Lines{"54: service.api runs in a single subnet, so in one availability "
                   "zone: list subnets of at least two zones"}));
  EXPECT_EQ(Of(Run(kCleanStack), "BRT005"), Lines{});
}

const char* const kLoadBalanced = R"(
target_group "api" {
  port        = 8080
  protocol    = HTTP
  vpc         = "vpc-1"
  target_type = ip
}

load_balancer "public" {
  subnets = ["subnet-a", "subnet-b"]
  listener "http" {
    port     = 80
    protocol = HTTP
    forward {
      target_group = target_group.api
    }
  }
}
)";

TEST_F(LintTest, Brt006FiresOnZeroMinHealthyBehindALoadBalancer) {
  std::string stack = std::string(kCleanStack) + kLoadBalanced;
  stack = Edit(stack, "  deployment {\n    min_healthy_percent = 50",
               "  load_balancer {\n    target_group = target_group.api\n    container    = "
               "\"app\"\n    port         = 8080\n  }\n\n  deployment {\n    "
               "min_healthy_percent = 0");
  auto result = Run(stack);
  EXPECT_EQ(Of(result, "BRT006"),
            (Lines{"64: service.api has min_healthy_percent 0 behind a load balancer: a "
                   "deployment may stop every task before new ones pass health checks"}));
  // Without a load balancer, 0 is a legitimate choice for a worker.
  auto worker = Run(Edit(kCleanStack, "min_healthy_percent = 50", "min_healthy_percent = 0"));
  EXPECT_EQ(Of(worker, "BRT006"), Lines{});
}

TEST_F(LintTest, Brt007FiresOnAServiceContainerWithoutHealthCheck) {
  std::string stack = Edit(kCleanStack,
                           "    health {\n      command      = [\"CMD-SHELL\", \"curl -f "
                           "http://localhost:8080/health\"]\n      start_period = 60s\n    }\n",
                           "");
  EXPECT_EQ(
      Of(Run(stack), "BRT007"),
      (Lines{"29: container \"app\" of task.api is essential to service.api but has no health "
             "block: ECS cannot replace it when it hangs"}));
  // A sidecar that is not essential needs none.
  std::string sidecar = Edit(stack, "    port           = 8080\n",
                             "    port           = 8080\n    essential      = false\n");
  sidecar = Edit(
      sidecar, "  container \"app\" {",
      "  container \"main\" {\n    image = \"x/main:1\"\n    user = \"1000\"\n    "
      "read_only_root = true\n    health {\n      command = [\"CMD\", \"true\"]\n"
      "      start_period = 60s\n    }\n    logs {\n      options = { \"awslogs-group\" = \"g\", "
      "\"awslogs-region\" = \"r\", \"awslogs-stream-prefix\" = \"main\" }\n    }\n"
      "  }\n  container \"app\" {");
  EXPECT_EQ(Of(Run(sidecar), "BRT007"), Lines{});
}

TEST_F(LintTest, Brt008FiresWhenStartPeriodIsShorterThanTheGrace) {
  auto result = Run(Edit(kCleanStack, "health_check_grace = 30s", "health_check_grace = 2m"));
  EXPECT_EQ(Of(result, "BRT008"),
            (Lines{"37: container \"app\" of task.api has health start_period 1m, "
                   "shorter than the health_check_grace 2m of service.api: the container "
                   "is marked unhealthy while it is still starting"}));
  auto equal = Run(Edit(kCleanStack, "health_check_grace = 30s", "health_check_grace = 60s"));
  EXPECT_EQ(Of(equal, "BRT008"), Lines{});
}

TEST_F(LintTest, Brt009FiresOnPrivilegedContainers) {
  std::string stack = Edit(kCleanStack, "    port           = 8080\n",
                           "    port           = 8080\n    privileged     = true\n");
  stack = Edit(stack, "requires       = [\"FARGATE\"]", "requires       = [\"EC2\"]");
  stack = Edit(stack, "launch_type        = FARGATE", "launch_type        = EC2");
  EXPECT_EQ(Of(Run(stack), "BRT009"),
            (Lines{"32: container \"app\" of task.api is privileged: it has root access "
                   "to the host"}));
  std::string explicit_false = Edit(kCleanStack, "    port           = 8080\n",
                                    "    port           = 8080\n    privileged     = false\n");
  EXPECT_EQ(Of(Run(explicit_false), "BRT009"), Lines{});
}

TEST_F(LintTest, Brt010FiresOnAWritableRoot) {
  auto result = Run(Edit(kCleanStack, "read_only_root = true", "read_only_root = false"));
  EXPECT_EQ(Of(result, "BRT010"),
            (Lines{"33: container \"app\" of task.api has a writable root file system: "
                   "set read_only_root = true and mount a volume where it must write"}));
  EXPECT_EQ(Of(Run(kCleanStack), "BRT010"), Lines{});
}

TEST_F(LintTest, Brt011FiresOnRootAndOnNoUser) {
  auto root = Run(Edit(kCleanStack, "user           = \"1000:1000\"", "user = \"0:0\""));
  EXPECT_EQ(Of(root, "BRT011"),
            (Lines{"32: container \"app\" of task.api runs as root: set user to an "
                   "unprivileged one, e.g. \"1000:1000\""}));
  auto none = Run(Edit(kCleanStack, "    user           = \"1000:1000\"\n", ""));
  EXPECT_EQ(Of(none, "BRT011"),
            (Lines{"29: container \"app\" of task.api sets no user, so it runs as root: "
                   "set user to an unprivileged one, e.g. \"1000:1000\""}));
  auto named = Run(Edit(kCleanStack, "user           = \"1000:1000\"", "user = \"app\""));
  EXPECT_EQ(Of(named, "BRT011"), Lines{});
}

TEST_F(LintTest, Brt012FiresWithoutAnyMemoryLimit) {
  std::string ec2 =
      Edit(kCleanStack, "requires       = [\"FARGATE\"]", "requires       = [\"EC2\"]");
  ec2 = Edit(ec2, "launch_type        = FARGATE", "launch_type        = EC2");
  ec2 = Edit(ec2, "  cpu            = 256\n  memory         = 512MiB\n", "");
  ec2 = Edit(ec2, "network_mode   = awsvpc", "network_mode   = bridge");
  ec2 = Edit(ec2, "  network {\n    subnets = [\"subnet-a\", \"subnet-b\"]\n  }\n", "");
  std::string soft = Edit(ec2, "    port           = 8080\n",
                          "    port           = 8080\n    memory_reservation = 256MiB\n");
  EXPECT_EQ(Of(Run(soft), "BRT012"),
            (Lines{"27: container \"app\" of task.api has no hard memory limit (memory_reservation "
                   "is a soft one) and neither has the task: one leak can starve every container "
                   "on the instance"}));
  std::string limited = Edit(ec2, "    port           = 8080\n",
                             "    port           = 8080\n    memory         = 256MiB\n");
  EXPECT_EQ(Of(Run(limited), "BRT012"), Lines{});
}

TEST_F(LintTest, Brt013FiresOnPublicIps) {
  auto result = Run(Edit(kCleanStack, "    subnets = [\"subnet-a\", \"subnet-b\"]\n",
                         "    subnets = [\"subnet-a\", \"subnet-b\"]\n    assign_public_ip = "
                         "true\n"));
  EXPECT_EQ(Of(result, "BRT013"),
            (Lines{"55: service.api assigns public IP addresses to its tasks: run them in "
                   "private subnets and reach them through a load balancer"}));
  auto off =
      Run(Edit(kCleanStack, "    subnets = [\"subnet-a\", \"subnet-b\"]\n",
               "    subnets = [\"subnet-a\", \"subnet-b\"]\n    assign_public_ip = false\n"));
  EXPECT_EQ(Of(off, "BRT013"), Lines{});
}

TEST_F(LintTest, Brt014FiresWhenTaskRoleIsTheExecutionRole) {
  auto result = Run(Edit(kCleanStack, "task_role      = role.app", "task_role      = role.exec"));
  EXPECT_EQ(Of(result, "BRT014"),
            (Lines{"27: task.api uses the same role as task_role and execution_role: the "
                   "application gets the ECS agent's permissions; give it a role of its "
                   "own"}));
  EXPECT_EQ(Of(Run(kCleanStack), "BRT014"), Lines{});
}

TEST_F(LintTest, Brt015FiresOnWildcards) {
  std::string stack = Edit(kCleanStack, R"(["s3:GetObject"])", R"(["s3:*"])");
  stack = Edit(stack, R"(["arn:aws:s3:::assets/*"])", R"(["*"])");
  EXPECT_EQ(Of(Run(stack), "BRT015"),
            (Lines{"16: statement \"read\" of role.app allows action \"s3:*\": list the "
                   "actions the application calls",
                   "17: statement \"read\" of role.app allows every resource (\"*\"): name "
                   "the ARNs it needs"}));
  // A resource ARN ending in /* is a prefix, not a wildcard over everything.
  EXPECT_EQ(Of(Run(kCleanStack), "BRT015"), Lines{});
}

TEST_F(LintTest, Brt015AcceptsEveryResourceForActionsThatTakeNothingElse) {
  // ecr:GetAuthorizationToken supports no resource-level permissions: "*" is its only resource.
  std::string login = Edit(kCleanStack, R"(["s3:GetObject"])", R"(["ecr:GetAuthorizationToken"])");
  login = Edit(login, R"(["arn:aws:s3:::assets/*"])", R"(["*"])");
  EXPECT_EQ(Of(Run(login), "BRT015"), Lines{});
  // Case does not matter to IAM; patterns inside a family of such actions pass too.
  std::string reads = Edit(
      kCleanStack, R"(["s3:GetObject"])",
      R"(["ECR:getauthorizationtoken", "elasticloadbalancing:DescribeTarget*", "xray:PutTraceSegments"])");
  reads = Edit(reads, R"(["arn:aws:s3:::assets/*"])", R"(["*"])");
  EXPECT_EQ(Of(Run(reads), "BRT015"), Lines{});
  // Mixed with an action that takes ARNs: flagged, saying which action to move.
  std::string mixed = Edit(kCleanStack, R"(["s3:GetObject"])",
                           R"(["ecr:GetAuthorizationToken", "ecr:BatchGetImage"])");
  mixed = Edit(mixed, R"(["arn:aws:s3:::assets/*"])", R"(["*"])");
  EXPECT_EQ(Of(Run(mixed), "BRT015"),
            (Lines{"17: statement \"read\" of role.app allows every resource (\"*\"): name "
                   "the ARNs it needs; move \"ecr:GetAuthorizationToken\", which takes only "
                   "\"*\", into a statement of its own"}));
  // A pattern reaching beyond such actions is not exempt.
  std::string broad = Edit(kCleanStack, R"(["s3:GetObject"])", R"(["ecr:Get*"])");
  broad = Edit(broad, R"(["arn:aws:s3:::assets/*"])", R"(["*"])");
  EXPECT_EQ(Of(Run(broad), "BRT015"),
            (Lines{"17: statement \"read\" of role.app allows every resource (\"*\"): name "
                   "the ARNs it needs"}));
}

TEST_F(LintTest, Brt016FiresOnOldFargatePlatforms) {
  auto old = Run(Edit(kCleanStack, "launch_type        = FARGATE",
                      "launch_type        = FARGATE\n  platform_version   = \"1.3.0\""));
  EXPECT_EQ(Of(old, "BRT016"),
            (Lines{"51: service.api pins Fargate platform version 1.3.0, older than "
                   "1.4.0 (no EFS, no ephemeral storage setting, no security fixes "
                   "since): use LATEST or 1.4.0"}));
  auto current = Run(Edit(kCleanStack, "launch_type        = FARGATE",
                          "launch_type        = FARGATE\n  platform_version   = \"1.4.0\""));
  EXPECT_EQ(Of(current, "BRT016"), Lines{});
}

TEST_F(LintTest, Brt017FiresWhenInsightsAreOff) {
  auto off = Run(Edit(kCleanStack, "container_insights = true", "container_insights = false"));
  EXPECT_EQ(Of(off, "BRT017"),
            (Lines{"7: cluster.main has container insights off: set container_insights "
                   "= true"}));
  EXPECT_EQ(Of(Run(kCleanStack), "BRT017"), Lines{});
}

TEST_F(LintTest, EveryRuleHasADocumentationPage) {
  for (const lint::RuleInfo& rule : lint::Rules()) {
    std::string path = std::string(BERTH_SOURCE_DIR) + "/docs/rules/" + rule.id + ".md";
    EXPECT_TRUE(std::filesystem::exists(path)) << path;
  }
}

}  // namespace
}  // namespace berth::testing
