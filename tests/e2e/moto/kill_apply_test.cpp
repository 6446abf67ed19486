// `kill -9` of `berth apply` (aws backend) while it applies (issue 10, item 3): the journal gives
// the state every recorded action, and the requests of each were on disk before its journal line,
// so the next apply writes them out (an apply.sh of their own) besides the rest; running both
// creates every resource, and the stack then plans no changes.
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>

#include "tests/e2e/kill_apply.h"
#include "tests/e2e/moto/moto_env.h"
#include "tests/e2e/run_berth.h"

namespace berth::e2e {
namespace {

using nlohmann::json;

constexpr int kClusters = 24;

// Starts `berth apply STACK --auto-approve --parallelism 1` and kills it with SIGKILL once the
// journal holds at least one action. False when it finished first.
bool ApplyAndKill(const std::string& stack) {
  return RunAndKill({"apply", stack, "--auto-approve", "--parallelism", "1"}, {},
                    stack + "/.berth/state.json.journal", 1);
}

std::set<std::string> Addresses(const std::string& dir) {
  std::set<std::string> addresses;
  json manifest = json::parse(ReadFile(dir + "/manifest.json"));
  for (const json& call : manifest["calls"]) addresses.insert(call["address"]);
  return addresses;
}

TEST(MotoKillApply, EveryRecordedActionHasItsRequestsAfterKill9) {
  Moto moto;
  if (!moto.skip().empty()) GTEST_SKIP() << moto.skip();
  // The apply must die between its first and last action; a machine fast enough to finish 24
  // actions between two looks at the journal gets another try.
  std::unique_ptr<TempDir> dir;
  std::string stack;
  bool killed = false;
  for (int attempt = 0; attempt < 5 && !killed; ++attempt) {
    dir = std::make_unique<TempDir>();
    stack = dir->Write("stack/main.berth", ClusterStack(kClusters));
    stack = std::filesystem::path(stack).parent_path().string();
    killed = ApplyAndKill(stack);
  }
  ASSERT_TRUE(killed) << "berth apply finished before it could be killed, 5 times";
  ASSERT_TRUE(std::filesystem::exists(stack + "/.berth/state.json.journal"));

  // The killed run still holds the lock: cleared as its user would, by its id.
  json lock = json::parse(ReadFile(stack + "/.berth/state.json.lock"));
  RunResult unlock = RunBerth({"force-unlock", lock["id"].get<std::string>(), stack});
  ASSERT_EQ(unlock.exit_code, 0) << unlock.err;

  // The next apply recovers what the killed one recorded, and applies the rest.
  RunResult again = RunBerth({"apply", stack, "--auto-approve"});
  ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
  std::string recovered_marker = "Recovered the requests of an interrupted apply: wrote ";
  size_t at = again.out.find(recovered_marker);
  ASSERT_NE(at, std::string::npos) << again.out;
  std::string marker = "manifest.json and apply.sh to ";
  size_t dir_at = again.out.find(marker, at);
  std::string recovered = again.out.substr(dir_at + marker.size(),
                                           again.out.find(';', dir_at) - dir_at - marker.size());
  std::set<std::string> first = Addresses(recovered);
  EXPECT_FALSE(first.empty());
  std::set<std::string> rest;
  size_t last = again.out.rfind(marker);
  if (last != dir_at) {
    std::string out = again.out.substr(last + marker.size());
    out = out.substr(0, out.find('\n'));
    rest = Addresses(out);
    // Nothing twice: what was recorded is not planned again.
    for (const std::string& address : rest) EXPECT_EQ(first.count(address), 0u) << address;
    ShellResult rest_sh = Shell(moto.Env() + "sh " + ShellQuote(out + "/apply.sh"));
    EXPECT_EQ(rest_sh.exit_code, 0) << rest_sh.err;
  }
  EXPECT_EQ(first.size() + rest.size(), static_cast<size_t>(kClusters));
  ShellResult first_sh = Shell(moto.Env() + "sh " + ShellQuote(recovered + "/apply.sh"));
  EXPECT_EQ(first_sh.exit_code, 0) << first_sh.err;
  EXPECT_FALSE(std::filesystem::exists(stack + "/.berth/out/.pending-0"));

  // Every cluster exists.
  ShellResult clusters = moto.Aws("ecs list-clusters --output json");
  ASSERT_EQ(clusters.exit_code, 0) << clusters.err;
  std::string listed = clusters.out;
  for (int i = 0; i < kClusters; ++i) {
    EXPECT_NE(listed.find("cluster/killed-" + std::to_string(i) + "\""), std::string::npos) << i;
  }
  RunResult plan = RunBerth({"plan", stack});
  EXPECT_NE(plan.out.find("No changes."), std::string::npos) << plan.out;
}

}  // namespace
}  // namespace berth::e2e
