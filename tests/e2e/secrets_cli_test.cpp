// Issue 10 items 12 and 13 with the real binary: sensitive values never reach the files berth
// keeps (state, journal, key, saved plans, apply.sh and requests), those files are 0600, and
// the state's keyed hashes still tell a changed secret from an unchanged one.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "tests/e2e/run_berth.h"

namespace berth::e2e {
namespace {

namespace fs = std::filesystem;

constexpr char kSecret[] = "s3cr3t-Passw0rd-e2e";
constexpr char kOtherSecret[] = "rotated-Passw0rd-e2e";

// A task whose container has a sensitive variable in its environment.
const char kSecretsStack[] = R"(stack "secrets" {
  region  = "ap-northeast-1"
  account = "123456789012"
}

variable "db_password" {
  type      = string
  sensitive = true
}

task "api" {
  cpu    = 256
  memory = 512MiB
  container "app" {
    image = "nginx:1.27"
    env   = { APP_ENV = "prod", DB_PASSWORD = var.db_password }
  }
}
)";

std::string Var(const std::string& value) { return "db_password=" + value; }

int Mode(const std::string& path) {
  struct stat info;
  if (::stat(path.c_str(), &info) != 0) return -1;
  return static_cast<int>(info.st_mode & 0777);
}

// Every file below `dir` whose bytes hold `needle`.
std::vector<std::string> FilesHolding(const std::string& dir, const std::string& needle) {
  std::vector<std::string> found;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    if (ReadFile(entry.path().string()).find(needle) != std::string::npos)
      found.push_back(entry.path().string());
  }
  return found;
}

struct SecretStack {
  TempDir dir;
  std::string state;
  SecretStack() {
    dir.Write("main.berth", kSecretsStack);
    state = dir.path() + "/.berth/state.json";
  }
  RunResult Apply(const std::string& secret, const std::vector<std::string>& env = {}) const {
    return RunBerth({"apply", dir.path(), "--auto-approve", "--var", Var(secret)}, BERTH_SOURCE_DIR,
                    env);
  }
  RunResult Plan(const std::string& secret, const std::vector<std::string>& env = {}) const {
    return RunBerth({"plan", dir.path(), "--var", Var(secret)}, BERTH_SOURCE_DIR, env);
  }
};

TEST(SecretsCli, TheStateHoldsAKeyedHashNeverTheValueAndOnlyItsOwnerReadsIt) {
  SecretStack stack;
  RunResult apply = stack.Apply(kSecret);
  ASSERT_EQ(apply.exit_code, 0) << apply.out << apply.err;
  EXPECT_EQ(Mode(stack.state), 0600);
  EXPECT_EQ(Mode(stack.state + ".key"), 0600);
  // Nothing berth wrote holds the secret: state, key, apply.sh, requests, manifest.
  EXPECT_EQ(FilesHolding(stack.dir.path(), kSecret), std::vector<std::string>{});
  std::string state = ReadFile(stack.state);
  EXPECT_NE(state.find("\"$digest\": \"hmac-sha256:"), std::string::npos) << state;
  EXPECT_EQ(apply.out.find(kSecret), std::string::npos);
  EXPECT_EQ(apply.err.find(kSecret), std::string::npos);

  // The hash still says "unchanged"...
  RunResult same = stack.Plan(kSecret);
  ASSERT_EQ(same.exit_code, 0) << same.err;
  EXPECT_NE(same.out.find("No changes."), std::string::npos) << same.out;
  // ...and "changed", masked on both sides.
  RunResult rotated = stack.Plan(kOtherSecret);
  ASSERT_EQ(rotated.exit_code, 0) << rotated.err;
  EXPECT_NE(rotated.out.find("DB_PASSWORD = (sensitive value) -> (sensitive value)"),
            std::string::npos)
      << rotated.out;
  EXPECT_EQ(rotated.out.find(kSecret), std::string::npos);
  EXPECT_EQ(rotated.out.find(kOtherSecret), std::string::npos);
  RunResult applied = stack.Apply(kOtherSecret);
  ASSERT_EQ(applied.exit_code, 0) << applied.out << applied.err;
  EXPECT_EQ(FilesHolding(stack.dir.path() + "/.berth", kOtherSecret), std::vector<std::string>{});
  EXPECT_NE(stack.Plan(kOtherSecret).out.find("No changes."), std::string::npos);
}

TEST(SecretsCli, WithoutItsKeyTheStateCannotConfirmASecret) {
  SecretStack stack;
  ASSERT_EQ(stack.Apply(kSecret).exit_code, 0);
  fs::remove(stack.state + ".key");
  RunResult plan = stack.Plan(kSecret);
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_NE(plan.out.find("DB_PASSWORD = (sensitive value) -> (sensitive value)"),
            std::string::npos)
      << plan.out;
}

TEST(SecretsCli, TheKeyMayComeFromTheEnvironmentInsteadOfAFile) {
  SecretStack stack;
  const std::string key = "BERTH_STATE_KEY=0123456789abcdef0123456789abcdef";
  ASSERT_EQ(stack.Apply(kSecret, {key}).exit_code, 0);
  EXPECT_FALSE(fs::exists(stack.state + ".key"));
  EXPECT_NE(stack.Plan(kSecret, {key}).out.find("No changes."), std::string::npos);
  // Another key cannot confirm it.
  RunResult other = stack.Plan(kSecret, {"BERTH_STATE_KEY=another"});
  EXPECT_NE(other.out.find("DB_PASSWORD = (sensitive value) -> (sensitive value)"),
            std::string::npos)
      << other.out;
}

TEST(SecretsCli, AnOlderStateWithPlaintextIsRewrittenByTheNextApply) {
  SecretStack stack;
  ASSERT_EQ(stack.Apply(kSecret).exit_code, 0);
  // The state as berth wrote it before hashing: the value itself under $sensitive.
  nlohmann::json j = nlohmann::json::parse(ReadFile(stack.state));
  j["resources"][0]["attributes"]["containers"][0]["env"]["DB_PASSWORD"] = {
      {"$sensitive", kSecret}};
  stack.dir.Write(".berth/state.json", j.dump(2));
  fs::remove(stack.state + ".key");
  ::chmod(stack.state.c_str(), 0644);

  // Plaintext compares as it always did...
  RunResult plan = stack.Plan(kSecret);
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_NE(plan.out.find("No changes."), std::string::npos) << plan.out;
  // ...and an apply, even one with nothing to change, rewrites it.
  RunResult apply = stack.Apply(kSecret);
  ASSERT_EQ(apply.exit_code, 0) << apply.out << apply.err;
  EXPECT_NE(apply.out.find("No changes."), std::string::npos) << apply.out;
  EXPECT_EQ(ReadFile(stack.state).find(kSecret), std::string::npos) << ReadFile(stack.state);
  EXPECT_EQ(Mode(stack.state), 0600);
  EXPECT_NE(stack.Plan(kSecret).out.find("No changes."), std::string::npos);
}

TEST(SecretsCli, ASavedPlanHoldsHashesAndApplyTakesTheSecretsAgain) {
  SecretStack stack;
  std::string plan_file = stack.dir.path() + "/plan.json";
  RunResult plan = RunBerth({"plan", stack.dir.path(), "--var", Var(kSecret), "--out", plan_file});
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_NE(plan.out.find("giving the sensitive variables (--var) again"), std::string::npos)
      << plan.out;
  EXPECT_EQ(Mode(plan_file), 0600);
  std::string saved = ReadFile(plan_file);
  EXPECT_EQ(saved.find(kSecret), std::string::npos) << saved;
  nlohmann::json j = nlohmann::json::parse(saved);
  EXPECT_EQ(j["sensitive_variables"], nlohmann::json::array({"db_password"}));
  EXPECT_FALSE(j["variables"].contains("db_password"));

  // Without the secret the stack does not compile; with another one the plan is refused.
  RunResult bare = RunBerth({"apply", plan_file});
  EXPECT_EQ(bare.exit_code, 1);
  EXPECT_NE(bare.err.find("give its sensitive variables again: --var NAME=VALUE for db_password"),
            std::string::npos)
      << bare.err;
  RunResult other = RunBerth({"apply", plan_file, "--var", Var(kOtherSecret)});
  EXPECT_EQ(other.exit_code, 1);
  EXPECT_NE(other.err.find("the sensitive values of task.api are not the ones this plan was "
                           "made with"),
            std::string::npos)
      << other.err;
  EXPECT_FALSE(fs::exists(stack.state));

  RunResult apply = RunBerth({"apply", plan_file, "--var", Var(kSecret)});
  ASSERT_EQ(apply.exit_code, 0) << apply.out << apply.err;
  EXPECT_EQ(FilesHolding(stack.dir.path(), kSecret), std::vector<std::string>{});
  EXPECT_NE(stack.Plan(kSecret).out.find("No changes."), std::string::npos);
}

}  // namespace
}  // namespace berth::e2e
