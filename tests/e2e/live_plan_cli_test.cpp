// `berth plan --live DIR`: plans against `aws ... describe-*` outputs (tests/data/live/) instead
// of the state file, end to end with the real binary.
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/e2e/run_berth.h"

namespace berth::e2e {
namespace {

const std::string kExample = "examples/fargate_web_api";
const std::string kSnapshot = "tests/data/live/fargate_web_api";
const std::string kDrift = "tests/data/live/fargate_web_api_drift";

// A copy of the snapshot in a temporary directory, with `file` replaced by `content`.
std::string SnapshotWith(const TempDir& dir, const std::string& file, const std::string& content) {
  std::string copy = dir.path() + "/snapshot";
  std::filesystem::create_directories(copy);
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(BERTH_SOURCE_DIR) + "/" + kSnapshot)) {
    std::filesystem::copy_file(entry.path(), copy + "/" + entry.path().filename().string());
  }
  if (!file.empty()) dir.Write("snapshot/" + file, content);
  return copy;
}

// The example's source with `from` replaced by `to`, as a stack in `dir`.
std::string ExampleWith(const TempDir& dir, const std::string& from, const std::string& to) {
  std::string source = ReadFile(std::string(BERTH_SOURCE_DIR) + "/" + kExample + "/main.berth");
  size_t at = source.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) source.replace(at, from.size(), to);
  dir.Write("stack/main.berth", source);
  return dir.path() + "/stack";
}

// The example's source with each `from` replaced by its `to`, as a stack in `dir`.
std::string ExampleWithAll(const TempDir& dir,
                           const std::vector<std::pair<std::string, std::string>>& edits) {
  std::string source = ReadFile(std::string(BERTH_SOURCE_DIR) + "/" + kExample + "/main.berth");
  for (const auto& [from, to] : edits) {
    size_t at = source.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) source.replace(at, from.size(), to);
  }
  dir.Write("stack/main.berth", source);
  return dir.path() + "/stack";
}

TEST(LivePlan, AppliedExampleHasNoChanges) {
  RunResult r = RunBerth({"plan", kExample, "--live", kSnapshot, "--detailed-exitcode"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("No changes"), std::string::npos) << r.out;
}

// Issue 10 item 7: a service without launch_type is created with its task's first `requires`;
// reading that back is no change (it was planned for replacement on every plan).
TEST(LivePlan, ImpliedLaunchTypeIsNoChange) {
  TempDir dir;
  std::string stack = ExampleWith(dir, "  launch_type        = FARGATE\n", "");
  RunResult r = RunBerth({"plan", stack, "--live", kSnapshot, "--detailed-exitcode"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.out.find("launch_type"), std::string::npos) << r.out;
}

// Issue 10 item 8: declared values equal to what AWS fills in when a request leaves them out
// (a health check timeout, EC2's default egress rule) are no change; the snapshot holds both.
TEST(LivePlan, DeclaredServerDefaultsAreNoChange) {
  TempDir dir;
  std::string stack = ExampleWithAll(
      dir, {{"    matcher = \"200\"\n", "    matcher = \"200\"\n    timeout = 5s\n"},
            {"  description = \"sample-api load balancer\"\n",
             "  description = \"sample-api load balancer\"\n"
             "  egress {\n    protocol = all\n    cidr     = [\"0.0.0.0/0\"]\n  }\n"}});
  RunResult r = RunBerth({"plan", stack, "--live", kSnapshot, "--detailed-exitcode"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  // And a timeout that is not the default is one.
  stack = ExampleWith(dir, "    matcher = \"200\"\n", "    matcher = \"200\"\n    timeout = 7s\n");
  r = RunBerth({"plan", stack, "--live", kSnapshot, "--detailed-exitcode"});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.out.find("health_check.timeout = 5s -> 7s"), std::string::npos) << r.out;
}

// A rule read back from EC2 has one spelling of its ports; the same rule declared another way
// (protocol all with Terraform's from_port = 0 and to_port = 0, a one-port range) is no change.
TEST(LivePlan, RulePortSpellingsAreNoChange) {
  TempDir dir;
  std::string stack = ExampleWithAll(
      dir, {{"    port = 80\n", "    from_port = 80\n    to_port   = 80\n"},
            {"  description = \"sample-api load balancer\"\n",
             "  description = \"sample-api load balancer\"\n"
             "  egress {\n    protocol  = all\n    from_port = 0\n    to_port   = 0\n"
             "    cidr      = [\"0.0.0.0/0\"]\n  }\n"}});
  RunResult r = RunBerth({"plan", stack, "--live", kSnapshot, "--detailed-exitcode"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  // Other ports are a change, shown in the declared spelling.
  stack = ExampleWith(dir, "    port = 80\n", "    from_port = 80\n    to_port   = 81\n");
  r = RunBerth({"plan", stack, "--live", kSnapshot, "--detailed-exitcode"});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.out.find("to_port"), std::string::npos) << r.out;
}

// Issue 10 item 9: an HTTPS listener that names no ssl_policy gets AWS's default policy.
TEST(LivePlan, HttpsListenerWithoutSslPolicyIsNoChange) {
  TempDir dir;
  std::string stack =
      ExampleWith(dir, "    ssl_policy      = \"ELBSecurityPolicy-TLS13-1-2-2021-06\"\n", "");
  RunResult r = RunBerth({"plan", stack, "--live", kSnapshot, "--detailed-exitcode"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
}

// Issue 10 item 10: a role's ARN in a policy statement stays `role.x.arn` (only task and
// execution roles are references to the role itself).
TEST(LivePlan, RoleArnInPolicyResourcesStaysArn) {
  TempDir dir;
  std::string stack =
      ExampleWith(dir, "  statement \"write_logs\" {",
                  "  statement \"pass_exec\" {\n    actions   = [\"iam:PassRole\"]\n"
                  "    resources = [role.exec.arn]\n  }\n  statement \"write_logs\" {");
  std::string policy =
      ReadFile(std::string(BERTH_SOURCE_DIR) + "/" + kSnapshot + "/iam-get-role-policy-app.json");
  std::string statement = R"({"Sid": "PassExec", "Effect": "Allow", "Action": "iam:PassRole",
      "Resource": "arn:aws:iam::123456789012:role/sample-api-exec"},
            {
                "Sid": "WriteLogs")";
  policy.replace(policy.find(R"({
                "Sid": "WriteLogs")"),
                 std::string(R"({
                "Sid": "WriteLogs")")
                     .size(),
                 statement);
  RunResult r =
      RunBerth({"plan", stack, "--live", SnapshotWith(dir, "iam-get-role-policy-app.json", policy),
                "--detailed-exitcode"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
}

TEST(LivePlan, DriftShowsExactlyWhatChanged) {
  RunResult r = RunBerth({"plan", kExample, "--live", kDrift, "--detailed-exitcode"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.out.find("containers[\"app\"].env.APP_ENV = \"staging\" -> \"prod\""),
            std::string::npos)
      << r.out;
  // The service autoscales: its desired count (3 by hand) belongs to the scaler.
  EXPECT_EQ(r.out.find("desired_count"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Plan: 0 to add, 0 to change, 1 to replace, 0 to destroy."),
            std::string::npos)
      << r.out;
}

TEST(LivePlan, DesiredCountChangedByHandWithoutAutoscaling) {
  TempDir dir;
  std::string stack = ExampleWith(dir, "desired_count      = 2", "desired_count      = 3");
  // The snapshot's service runs 2: desired 3 shows as the one change of the service, with the
  // scaler's policies still live.
  RunResult r = RunBerth({"plan", stack, "--live", kSnapshot});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.find("desired_count"), std::string::npos) << "autoscaled: the scaler owns it\n"
                                                            << r.out;
  TempDir plain;
  std::string source = ReadFile(std::string(BERTH_SOURCE_DIR) + "/" + kExample + "/main.berth");
  size_t start = source.find("  autoscaling {");
  size_t end = source.find("\n  }\n", start);
  ASSERT_NE(start, std::string::npos);
  source.erase(start, end + 5 - start);
  plain.Write("stack/main.berth", source);
  r = RunBerth({"plan", plain.path() + "/stack", "--live", kDrift});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("~ desired_count = 3 -> 2"), std::string::npos) << r.out;
}

TEST(LivePlan, ListenerRuleRemovedByHand) {
  TempDir dir;
  std::string stack = ExampleWith(dir, "    forward {\n      target_group = target_group.api\n",
                                  "    rule \"docs\" {\n      priority = 10\n      path     = "
                                  "[\"/docs/*\"]\n      fixed_response {\n        status_code = "
                                  "404\n      }\n    }\n    forward {\n      target_group = "
                                  "target_group.api\n");
  RunResult r = RunBerth({"plan", stack, "--live", kSnapshot, "--detailed-exitcode"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.out.find("+ listeners[\"https\"].rules = ["), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Plan: 0 to add, 1 to change, 0 to replace, 0 to destroy."),
            std::string::npos)
      << r.out;

  // The same rule live: no changes, the rule's label found by its priority.
  TempDir live;
  std::string rules =
      R"({"Rules": [{"RuleArn": "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:listener-rule/app/sample-api/5d2e7f9a1b3c4d6e/1f22e33d44c55b66/0c0c0c0c0c0c0c0c",
    "Priority": "10", "IsDefault": false,
    "Conditions": [{"Field": "path-pattern", "Values": ["/docs/*"], "PathPatternConfig": {"Values": ["/docs/*"]}}],
    "Actions": [{"Type": "fixed-response", "Order": 1, "FixedResponseConfig": {"StatusCode": "404", "ContentType": "text/plain"}}]}]})";
  r = RunBerth({"plan", stack, "--live",
                SnapshotWith(live, "elbv2-describe-rules-docs.json", rules),
                "--detailed-exitcode"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
}

TEST(LivePlan, UndeclaredObjectsAreDeletedOnlyWithTheStackTags) {
  TempDir dir;
  std::string groups = R"({"logGroups": [
    {"logGroupName": "/ecs/sample-api-old", "arn": "arn:aws:logs:ap-northeast-1:123456789012:log-group:/ecs/sample-api-old:*", "logGroupClass": "STANDARD"},
    {"logGroupName": "/ecs/someone-else", "arn": "arn:aws:logs:ap-northeast-1:123456789012:log-group:/ecs/someone-else:*", "logGroupClass": "STANDARD"}]})";
  std::string snapshot = SnapshotWith(dir, "logs-more.json", groups);
  dir.Write(
      "snapshot/logs-tags-old.json",
      R"({"logGroupName": "/ecs/sample-api-old", "tags": {"app": "sample-api", "env": "prod"}})");
  RunResult r = RunBerth({"plan", kExample, "--live", snapshot});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("log_group._ecs_sample_api_old will be destroyed"), std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("someone"), std::string::npos) << r.out;
}

// Text around a value known after apply (issue 10, item 1): a live string that spells the
// template with the live handles is the template (no change, as in AppliedExampleHasNoChanges);
// one that does not is a change shown with the template's text.
TEST(LivePlan, TemplatesAreComparedThroughTheLiveHandles) {
  TempDir dir;
  std::string definition = ReadFile(std::string(BERTH_SOURCE_DIR) + "/" + kSnapshot +
                                    "/ecs-describe-task-definition.json");
  const std::string url = "elb.amazonaws.com/api\"";
  size_t at = definition.find(url);
  ASSERT_NE(at, std::string::npos);
  definition.replace(at, url.size(), "elb.amazonaws.com/v2\"");
  RunResult r = RunBerth({"plan", kExample, "--live",
                          SnapshotWith(dir, "ecs-describe-task-definition.json", definition)});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("~ containers[\"app\"].env.PUBLIC_URL = "
                       "\"https://sample-api-1234567890.ap-northeast-1.elb.amazonaws.com/v2\" -> "
                       "\"https://${load_balancer.public.dns_name}/api\" (known after apply)"),
            std::string::npos)
      << r.out;
  // The policy's "arn:...:log-group:/ecs/sample-api:*" is the template: role.app is unchanged.
  EXPECT_EQ(r.out.find("role.app"), std::string::npos) << r.out;
}

struct Malformed {
  const char* file;
  const char* content;
  const char* message;
};

TEST(LivePlan, MalformedFilesGiveOneLineErrors) {
  const Malformed cases[] = {
      {"elbv2-describe-target-groups.json",
       R"({"TargetGroups": [{"TargetGroupName": "sample-api", "TargetGroupArn": "x", "Port": "eighty"}]})",
       "elbv2-describe-target-groups.json: TargetGroups[0].Port: expected a number, found "
       "\"eighty\""},
      {"broken.json", "{\"SecurityGroups\": [",
       "broken.json:1:21: not valid JSON: syntax error while parsing value - unexpected end of "
       "input"},
      {"huge.json", "{\"SecurityGroups\": [{\"GroupName\": \"x\", \"Size\": 1e99999}]}",
       "huge.json:1:48: not valid JSON: number overflow parsing '1e99999'"},
      {"other.json", R"({"Buckets": []})",
       "other.json: (top level): not the output of an `aws` describe call berth reads "
       "(top-level members: Buckets)"},
      {"elbv2-target-group-attributes-api.json", R"({"Attributes": []})",
       "elbv2-target-group-attributes-api.json: (top level): describe-load-balancer-attributes"},
      {"ec2-describe-security-groups.json", R"({"SecurityGroups": [{"GroupName": 7}]})",
       "ec2-describe-security-groups.json: SecurityGroups[0].GroupName: expected a string, "
       "found a number"},
      {"ecs-describe-services.json",
       R"({"services": [{"serviceName": "sample-api", "taskDefinition": "sample-api:7", "desiredCount": "two"}]})",
       "ecs-describe-services.json: services[0].desiredCount"},
  };
  for (const Malformed& c : cases) {
    TempDir dir;
    RunResult r = RunBerth({"plan", kExample, "--live", SnapshotWith(dir, c.file, c.content)});
    EXPECT_EQ(r.exit_code, 1) << c.file << "\n" << r.out;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_EQ(r.err.find("terminate"), std::string::npos) << r.err;
  }
}

TEST(LivePlan, NotADirectory) {
  RunResult r = RunBerth({"plan", kExample, "--live", "tests/data/live/nowhere"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("tests/data/live/nowhere: not a directory"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace berth::e2e
