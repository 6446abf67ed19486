// `kill -9` of `berth apply --backend aws-api` while it calls moto (issue 12: "the next plan
// shows exactly what remains"): the journal holds every action that completed, so the next plan,
// read live from moto, creates exactly the clusters moto does not have; the lock the killed run
// left says that run is gone and how to clear it; the next apply creates the rest and the stack
// then plans no changes.
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <regex>
#include <set>

#include "tests/e2e/aws_api/moto_env.h"
#include "tests/e2e/kill_apply.h"
#include "tests/e2e/run_berth.h"

namespace berth::e2e {
namespace {

using aws_api::Json;

constexpr int kClusters = 24;

// `berth apply STACK --backend aws-api --auto-approve --parallelism 1` against moto, killed
// with SIGKILL once the journal holds `after` actions. False when it finished first.
bool ApplyAndKill(const std::string& stack, size_t after) {
  return RunAndKill(
      {"apply", stack, "--backend", "aws-api", "--auto-approve", "--parallelism", "1"}, BerthEnv(),
      stack + "/.berth/state.json.journal", after);
}

// The cluster keys ("7") of the names moto lists (killed-7).
std::set<std::string> LiveClusters() {
  std::set<std::string> keys;
  Json listed = Ok(MotoClient(), "ecs", "list-clusters", {});
  for (const Json& arn : listed["clusterArns"]) {
    std::string name = arn.get<std::string>().substr(arn.get<std::string>().rfind('/') + 1);
    if (name.starts_with("killed-")) keys.insert(name.substr(7));
  }
  return keys;
}

// The keys of the clusters a plan's text creates.
std::set<std::string> Created(const std::string& plan_text) {
  std::set<std::string> keys;
  std::regex created(R"re(# cluster\.c\["(\d+)"\] will be created)re");
  for (auto it = std::sregex_iterator(plan_text.begin(), plan_text.end(), created);
       it != std::sregex_iterator(); ++it)
    keys.insert((*it)[1]);
  return keys;
}

TEST(AwsApiKillApply, TheNextPlanShowsExactlyWhatRemains) {
  if (!Moto::Get().Skip().empty()) GTEST_SKIP() << Moto::Get().Skip();
  Moto::Get().Reset();
  // Dies after a few actions and before the last; a machine fast enough to finish 24 actions
  // between two looks at the journal gets another try.
  std::unique_ptr<TempDir> dir;
  std::string stack;
  bool killed = false;
  for (int attempt = 0; attempt < 5 && !killed; ++attempt) {
    if (attempt > 0) Moto::Get().Reset();
    dir = std::make_unique<TempDir>();
    stack = std::filesystem::path(dir->Write("stack/main.berth", ClusterStack(kClusters)))
                .parent_path()
                .string();
    killed = ApplyAndKill(stack, 3);
  }
  ASSERT_TRUE(killed) << "berth apply finished before it could be killed, 5 times";
  std::set<std::string> live = LiveClusters();
  EXPECT_GE(live.size(), 3u);
  EXPECT_LT(live.size(), static_cast<size_t>(kClusters));

  // The killed run's lock: apply refuses, naming the run and the way out.
  ASSERT_TRUE(std::filesystem::exists(stack + "/.berth/state.json.lock"));
  Json lock = Json::parse(ReadFile(stack + "/.berth/state.json.lock"));
  std::string id = lock["id"].get<std::string>();
  RunResult locked = RunBerth({"apply", stack, "--backend", "aws-api", "--auto-approve"},
                              BERTH_SOURCE_DIR, BerthEnv());
  EXPECT_EQ(locked.exit_code, 1) << locked.out;
  EXPECT_NE(
      locked.err.find("that run is gone (no process " + std::to_string(lock["pid"].get<int>()) +
                      " on this host), `berth force-unlock " + id + "` clears the stale lock"),
      std::string::npos)
      << locked.err;
  EXPECT_EQ(LiveClusters(), live) << "a refused apply changed something";

  // The plan, read live from moto: exactly the clusters moto does not have, nothing else.
  RunResult plan = RunBerth({"plan", stack, "--backend", "aws-api"}, BERTH_SOURCE_DIR, BerthEnv());
  ASSERT_EQ(plan.exit_code, 0) << plan.out << plan.err;
  std::set<std::string> missing;
  for (int i = 0; i < kClusters; ++i)
    if (!live.count(std::to_string(i))) missing.insert(std::to_string(i));
  EXPECT_EQ(Created(plan.out), missing) << plan.out;
  EXPECT_NE(plan.out.find("Plan: " + std::to_string(missing.size()) +
                          " to add, 0 to change, 0 to replace, 0 to destroy."),
            std::string::npos)
      << plan.out;

  RunResult unlock = RunBerth({"force-unlock", id, stack});
  ASSERT_EQ(unlock.exit_code, 0) << unlock.err;
  RunResult again = RunBerth({"apply", stack, "--backend", "aws-api", "--auto-approve"},
                             BERTH_SOURCE_DIR, BerthEnv());
  ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_EQ(LiveClusters().size(), static_cast<size_t>(kClusters));
  RunResult done = RunBerth({"plan", stack, "--backend", "aws-api"}, BERTH_SOURCE_DIR, BerthEnv());
  EXPECT_EQ(done.exit_code, 0) << done.err;
  EXPECT_NE(done.out.find("No changes."), std::string::npos) << done.out;
}

}  // namespace
}  // namespace berth::e2e
