// `berth apply` and `berth destroy` end to end with the embedded aws backend: the state file
// advances, a second run has nothing to do, confirmation is required, the lock is respected.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "tests/e2e/run_berth.h"

namespace berth::e2e {
namespace {

// A copy of an example in a temporary directory, so its `.berth/` state is the test's own.
std::string CopyExample(const TempDir& dir, const std::string& name) {
  std::string target = dir.path() + "/" + name;
  std::filesystem::copy(std::string(BERTH_SOURCE_DIR) + "/examples/" + name, target,
                        std::filesystem::copy_options::recursive);
  return target;
}

nlohmann::json ReadState(const std::string& stack) {
  return nlohmann::json::parse(ReadFile(stack + "/.berth/state.json"), nullptr, false);
}

TEST(ApplyCli, ApplyThenNothingToDoThenDestroy) {
  TempDir dir;
  std::string stack = CopyExample(dir, "fargate_web_api");
  RunResult apply = RunBerth({"apply", stack, "--auto-approve", "--parallelism", "3"});
  ASSERT_EQ(apply.exit_code, 0) << apply.out << apply.err;
  EXPECT_NE(apply.out.find("service.api: creating...\n"), std::string::npos) << apply.out;
  EXPECT_NE(apply.out.find("service.api: created after "), std::string::npos) << apply.out;
  EXPECT_NE(apply.out.find("Apply complete: "), std::string::npos) << apply.out;
  EXPECT_NE(apply.out.find(" added, 0 changed, 0 replaced, 0 destroyed."), std::string::npos);
  nlohmann::json state = ReadState(stack);
  ASSERT_TRUE(state.is_object());
  EXPECT_GT(state["resources"].size(), 5u);
  EXPECT_FALSE(std::filesystem::exists(stack + "/.berth/state.json.lock"));

  RunResult again = RunBerth({"apply", stack, "--auto-approve"});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("No changes."), std::string::npos) << again.out;

  RunResult plan = RunBerth({"plan", stack});
  EXPECT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_NE(plan.out.find("No changes."), std::string::npos) << plan.out;

  RunResult destroy = RunBerth({"destroy", stack, "--auto-approve"});
  ASSERT_EQ(destroy.exit_code, 0) << destroy.out << destroy.err;
  EXPECT_NE(destroy.out.find("service.api: destroying...\n"), std::string::npos) << destroy.out;
  EXPECT_NE(destroy.out.find("Apply complete: 0 added, 0 changed, 0 replaced, "), std::string::npos)
      << destroy.out;
  EXPECT_TRUE(ReadState(stack)["resources"].empty());
}

TEST(ApplyCli, WithoutATerminalApplyNeedsAutoApprove) {
  TempDir dir;
  std::string stack = CopyExample(dir, "fargate_web_api");
  RunResult r = RunBerth({"apply", stack});  // stdin is /dev/null
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("--auto-approve"), std::string::npos) << r.err;
  EXPECT_EQ(r.out.find("creating..."), std::string::npos) << r.out;
  EXPECT_FALSE(std::filesystem::exists(stack + "/.berth/state.json"));
  RunResult destroy = RunBerth({"destroy", stack});
  EXPECT_EQ(destroy.exit_code, 0) << destroy.err;  // nothing recorded: nothing to ask about
  EXPECT_NE(destroy.out.find("No changes."), std::string::npos) << destroy.out;
}

TEST(ApplyCli, AHeldLockFailsAtOnceNamingTheHolder) {
  TempDir dir;
  std::string stack = CopyExample(dir, "fargate_web_api");
  dir.Write("fargate_web_api/.berth/state.json.lock",
            R"({"host": "ci-runner-7", "id": "0123abcd", "operation": "apply", "pid": 4242, )"
            R"("time": "2024-05-01T10:00:00Z"})");
  RunResult r = RunBerth({"apply", stack, "--auto-approve"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("locked"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("0123abcd"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("ci-runner-7"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("4242"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(stack + "/.berth/state.json"));
  // The holder's lock is left alone.
  EXPECT_TRUE(std::filesystem::exists(stack + "/.berth/state.json.lock"));
}

TEST(ApplyCli, UnknownBackendsAndAControlPlaneWithoutDataAreOneLineErrors) {
  TempDir dir;
  std::string stack = CopyExample(dir, "fargate_web_api");
  RunResult r = RunBerth({"apply", stack, "--auto-approve", "--backend", "nomad"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("unknown backend nomad: the backends are aws, aws-api, controlplane and "
                       "docker"),
            std::string::npos)
      << r.err;
  // The controlplane backend needs `berth serve`'s data directory, and says where to name it.
  r = RunBerth({"apply", stack, "--auto-approve", "--backend", "controlplane"}, BERTH_SOURCE_DIR,
               {"BERTH_CONTROLPLANE_DATA="});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("BERTH_CONTROLPLANE_DATA=DIR"), std::string::npos) << r.err;
  r = RunBerth({"apply", stack, "--auto-approve", "--backend", "controlplane"}, BERTH_SOURCE_DIR,
               {"BERTH_CONTROLPLANE_DATA=" + dir.path() + "/nothing"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("/nothing/endpoint is missing: is `berth serve --data"), std::string::npos)
      << r.err;
  EXPECT_FALSE(std::filesystem::exists(stack + "/.berth/state.json"));
  RunResult bad = RunBerth({"apply", stack, "--auto-approve", "--parallelism", "0"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("--parallelism"), std::string::npos) << bad.err;
}

TEST(ApplyCli, StateFlagChoosesTheFile) {
  TempDir dir;
  std::string stack = CopyExample(dir, "fargate_web_api");
  std::string state = dir.path() + "/elsewhere/state.json";
  RunResult r = RunBerth({"apply", stack, "--auto-approve", "--state", state});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(std::filesystem::exists(state));
  EXPECT_FALSE(std::filesystem::exists(stack + "/.berth/state.json"));
}

// `plan --out` then `apply PLANFILE`: exactly that plan is applied, with no prompt even without
// --auto-approve or a terminal (saving the plan was the approval).
TEST(ApplyCli, SavedPlanIsAppliedWithoutAsking) {
  TempDir dir;
  std::string stack = CopyExample(dir, "fargate_web_api");
  std::string planfile = dir.path() + "/plan.json";
  RunResult plan = RunBerth({"plan", stack, "--out", planfile});
  ASSERT_EQ(plan.exit_code, 0) << plan.err;

  RunResult apply = RunBerth({"apply", planfile});  // stdin is /dev/null
  ASSERT_EQ(apply.exit_code, 0) << apply.out << apply.err;
  EXPECT_NE(apply.out.find("service.api: created after "), std::string::npos) << apply.out;
  EXPECT_NE(apply.out.find("Apply complete: "), std::string::npos) << apply.out;
  EXPECT_EQ(apply.out.find("Do you want"), std::string::npos) << apply.out;
  EXPECT_GT(ReadState(stack)["resources"].size(), 5u);
  EXPECT_FALSE(std::filesystem::exists(stack + "/.berth/state.json.lock"));

  RunResult after = RunBerth({"plan", stack});
  EXPECT_EQ(after.exit_code, 0) << after.err;
  EXPECT_NE(after.out.find("No changes."), std::string::npos) << after.out;
}

TEST(ApplyCli, StaleSavedPlanIsRefused) {
  TempDir dir;
  std::string stack = CopyExample(dir, "fargate_web_api");
  std::string planfile = dir.path() + "/plan.json";
  ASSERT_EQ(RunBerth({"plan", stack, "--out", planfile}).exit_code, 0);
  RunResult direct = RunBerth({"apply", stack, "--auto-approve"});  // the state moves
  ASSERT_EQ(direct.exit_code, 0) << direct.err;
  std::string before = ReadFile(stack + "/.berth/state.json");

  RunResult stale = RunBerth({"apply", planfile, "--auto-approve"});
  EXPECT_EQ(stale.exit_code, 1);
  EXPECT_NE(stale.err.find("the state changed since this plan was made (serial 0 -> "),
            std::string::npos)
      << stale.err;
  EXPECT_NE(stale.err.find("run `berth plan` again"), std::string::npos) << stale.err;
  EXPECT_EQ(stale.out.find("creating..."), std::string::npos) << stale.out;
  EXPECT_EQ(ReadFile(stack + "/.berth/state.json"), before);
  EXPECT_FALSE(std::filesystem::exists(stack + "/.berth/state.json.lock"));
}

TEST(ApplyCli, SavedPlanTakesTheLockOfItsState) {
  TempDir dir;
  std::string stack = CopyExample(dir, "fargate_web_api");
  std::string planfile = dir.path() + "/plan.json";
  ASSERT_EQ(RunBerth({"plan", stack, "--out", planfile}).exit_code, 0);
  dir.Write("fargate_web_api/.berth/state.json.lock",
            R"({"host": "ci-runner-7", "id": "0123abcd", "operation": "apply", "pid": 4242, )"
            R"("time": "2024-05-01T10:00:00Z"})");
  RunResult r = RunBerth({"apply", planfile});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("0123abcd"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(stack + "/.berth/state.json"));
}

TEST(ApplyCli, AFileThatIsNotAPlanIsNamed) {
  TempDir dir;
  std::string bogus = dir.Write("plan.json", "{}");
  RunResult r = RunBerth({"apply", bogus, "--auto-approve"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("is neither a stack nor a saved plan"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("not a berth plan file"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace berth::e2e
