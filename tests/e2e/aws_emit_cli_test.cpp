// `berth emit aws` end to end: every example's requests pass the AWS CLI's validation against
// the official API models, and user mistakes are diagnostics. apply.sh itself runs against
// moto, an independent AWS implementation (tests/e2e/moto/).
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>
#include <cstdio>
#include <cstdlib>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "tests/e2e/run_berth.h"

namespace berth::e2e {
namespace {

const std::string kValidator =
    "python3 " + std::string(BERTH_SOURCE_DIR) + "/tests/aws_cli/validate_requests.py";

// The AWS CLI, installed from Debian when missing and we may; false when it cannot be had.
bool HaveAwsCli() {
  std::string output;
  if (ShellOutput("command -v aws", output) == 0) return true;
  if (geteuid() == 0 && ShellOutput("apt-get install -y -qq awscli", output) == 0 &&
      ShellOutput("command -v aws", output) == 0)
    return true;
  return false;
}

std::string EmitExample(const TempDir& dir, const std::string& name) {
  std::string out = dir.path() + "/" + name;
  RunResult r = RunBerth({"emit", "aws", "examples/" + name, "-o", out});
  EXPECT_EQ(r.exit_code, 0) << name << ": " << r.err;
  EXPECT_NE(r.out.find("manifest.json and apply.sh to " + out), std::string::npos) << r.out;
  return out;
}

// The name of the file in DIR ending with `ending` ("-logs-create-log-group-api.json"), "" when
// none does: numbering follows the dependency order, which other kinds' calls shift.
std::string FileEndingWith(const std::string& dir, const std::string& ending) {
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::string name = entry.path().filename().string();
    if (name.ends_with(ending)) return name;
  }
  return "";
}

TEST(AwsEmitCli, EveryRequestOfEveryExamplePassesTheAwsCliValidation) {
  if (!HaveAwsCli()) {
    GTEST_SKIP() << "SKIPPED LOUDLY: no `aws` command and it could not be installed "
                    "(apt-get install awscli as root); the emitted requests were not validated";
  }
  TempDir dir;
  std::string dirs;
  for (const std::string& name : ExampleNames()) dirs += " " + EmitExample(dir, name);
  std::string output;
  int status = ShellOutput(kValidator + dirs, output);
  EXPECT_EQ(status, 0) << output;
  EXPECT_NE(output.find(" 0 failed"), std::string::npos) << output;
  EXPECT_EQ(output.find("validated 0 requests"), std::string::npos) << output;
}

TEST(AwsEmitCli, TheValidationRejectsABadRequest) {
  if (!HaveAwsCli()) GTEST_SKIP() << "SKIPPED LOUDLY: no `aws` command";
  TempDir dir;
  std::string out = EmitExample(dir, "fargate_web_api");
  // A request the API model refuses: the check must say so, or it proves nothing.
  dir.Write("fargate_web_api/" + FileEndingWith(out, "-logs-create-log-group-api.json"),
            R"({"logGroupName": 7})");
  std::string output;
  EXPECT_EQ(ShellOutput(kValidator + " " + out, output), 1) << output;
  EXPECT_NE(output.find("Invalid type for parameter logGroupName"), std::string::npos) << output;
}

TEST(AwsEmitCli, ApplyScriptRefusesToRunWithoutASensitiveValue) {
  TempDir dir;
  dir.Write("stack/main.berth", R"(
stack "s" {
  region  = "us-east-1"
  account = "123456789012"
}
variable "note" {
  type      = string
  sensitive = true
}
role "app" { description = var.note }
)");
  std::string out = dir.path() + "/out";
  RunResult r = RunBerth(
      {"emit", "aws", dir.path() + "/stack", "-o", out, "--var", "note=hunter2-do-not-print"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string output;
  ShellOutput("grep -r hunter2 " + out, output);
  EXPECT_EQ(output, "");
  // AWS_CLI=false: were any call to run, it would fail differently.
  EXPECT_EQ(ShellOutput(
                "env -u BERTH_SENSITIVE_ROLE_APP_DESCRIPTION AWS_CLI=false sh " + out + "/apply.sh",
                output),
            1);
  EXPECT_NE(output.find("apply.sh: set BERTH_SENSITIVE_ROLE_APP_DESCRIPTION to the value of "
                        "{{berth:sensitive.role.app.description}}"),
            std::string::npos)
      << output;
}

TEST(AwsEmitCli, UserMistakesAreOneLineDiagnostics) {
  TempDir dir;
  RunResult no_out = RunBerth({"emit", "aws", "examples/fargate_web_api"});
  EXPECT_EQ(no_out.exit_code, 1);
  EXPECT_EQ(no_out.err, "berth emit: no output directory: add -o DIR\n");
  RunResult no_target = RunBerth({"emit"});
  EXPECT_EQ(no_target.exit_code, 1);
  EXPECT_EQ(no_target.err,
            "berth emit: say what to emit: `berth emit aws [PATH] -o DIR` or `berth emit "
            "cloudformation [PATH] -o DIR`\n");
  RunResult wrong = RunBerth({"emit", "azure", "-o", dir.path() + "/x"});
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_EQ(wrong.err,
            "berth emit: unknown target \"azure\"; the available targets are aws and "
            "cloudformation\n");
  std::string file = dir.Write("file", "x");
  RunResult to_file = RunBerth({"emit", "aws", "examples/fargate_web_api", "-o", file});
  EXPECT_EQ(to_file.exit_code, 1);
  EXPECT_EQ(to_file.err, "berth emit: " + file + " is a file; -o takes a directory\n");
  RunResult bad_stack = RunBerth({"emit", "aws", dir.path() + "/missing", "-o", dir.path() + "/o"});
  EXPECT_EQ(bad_stack.exit_code, 1);
  EXPECT_FALSE(std::filesystem::exists(dir.path() + "/o"));
}

TEST(AwsEmitCli, ApplyWritesTheChangesIntoTheStateSerialsDirectory) {
  TempDir dir;
  std::string stack = dir.path() + "/stack";
  std::filesystem::copy(std::string(BERTH_SOURCE_DIR) + "/examples/fargate_web_api", stack);
  RunResult apply = RunBerth({"apply", stack, "--auto-approve"});
  ASSERT_EQ(apply.exit_code, 0) << apply.err;
  nlohmann::json state = nlohmann::json::parse(ReadFile(stack + "/.berth/state.json"));
  std::string out = stack + "/.berth/out/" + std::to_string(state["serial"].get<int>());
  EXPECT_NE(apply.out.find("apply.sh to " + out), std::string::npos) << apply.out;
  EXPECT_NE(FileEndingWith(out, "-logs-create-log-group-api.json"), "");

  // Only the change: a new retention is one put-retention-policy.
  std::string source = ReadFile(stack + "/main.berth");
  source.replace(source.find("retention = 30d"), 15, "retention = 90d");
  dir.Write("stack/main.berth", source);
  RunResult update = RunBerth({"apply", stack, "--auto-approve"});
  ASSERT_EQ(update.exit_code, 0) << update.err;
  state = nlohmann::json::parse(ReadFile(stack + "/.berth/state.json"));
  std::string second = stack + "/.berth/out/" + std::to_string(state["serial"].get<int>());
  nlohmann::json manifest = nlohmann::json::parse(ReadFile(second + "/manifest.json"));
  ASSERT_EQ(manifest["calls"].size(), 1u) << manifest.dump(2);
  EXPECT_EQ(manifest["calls"][0]["file"], "001-logs-put-retention-policy-api.json");
  EXPECT_NE(
      ReadFile(second + "/001-logs-put-retention-policy-api.json").find("\"retentionInDays\": 90"),
      std::string::npos);

  // Destroy: security groups are read (their ids are generated) and deleted, dependents first.
  RunResult destroy = RunBerth({"destroy", stack, "--auto-approve"});
  ASSERT_EQ(destroy.exit_code, 0) << destroy.err;
  state = nlohmann::json::parse(ReadFile(stack + "/.berth/state.json"));
  std::string third = stack + "/.berth/out/" + std::to_string(state["serial"].get<int>());
  manifest = nlohmann::json::parse(ReadFile(third + "/manifest.json"));
  std::vector<std::string> files;
  for (const auto& call : manifest["calls"]) files.push_back(call["file"]);
  // Where the file whose name ends so stands in the manifest (files.size() when none does).
  auto position = [&](const std::string& ending) {
    return std::find_if(files.begin(), files.end(),
                        [&](const std::string& f) { return f.ends_with(ending); }) -
           files.begin();
  };
  size_t count = files.size();
  EXPECT_LT(position("-ec2-describe-security-groups-tasks.json"),
            position("-ec2-delete-security-group-tasks.json"));
  EXPECT_LT(position("-ec2-delete-security-group-tasks.json"),
            position("-ec2-delete-security-group-alb.json"));
  EXPECT_LT(position("-ec2-delete-security-group-alb.json"), count);
  EXPECT_LT(position("-ecs-delete-service-api.json"),
            position("-ec2-delete-security-group-tasks.json"));
}

TEST(AwsEmitCli, ASavedPlanWritesItsRequestsToo) {
  TempDir dir;
  std::string stack = dir.path() + "/stack";
  std::filesystem::copy(std::string(BERTH_SOURCE_DIR) + "/examples/fargate_web_api", stack);
  RunResult plan = RunBerth({"plan", stack, "--out", dir.path() + "/p.plan"});
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  RunResult apply = RunBerth({"apply", dir.path() + "/p.plan"});
  ASSERT_EQ(apply.exit_code, 0) << apply.err;
  nlohmann::json state = nlohmann::json::parse(ReadFile(stack + "/.berth/state.json"));
  std::string out = stack + "/.berth/out/" + std::to_string(state["serial"].get<int>());
  nlohmann::json manifest = nlohmann::json::parse(ReadFile(out + "/manifest.json"));
  EXPECT_EQ(manifest["region"], "ap-northeast-1");
  EXPECT_EQ(manifest["calls"][0]["file"], "001-ecs-create-cluster-main.json");
}

}  // namespace
}  // namespace berth::e2e
