// The state lock between two real processes, and force-unlock.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "planner/state.h"
#include "tests/unit/state/state_test_util.h"

namespace berth::state {
namespace {

// A child process that holds the lock until told to let go.
class LockHoldingChild {
 public:
  explicit LockHoldingChild(const std::string& state_path) {
    int to_parent[2], to_child[2];
    EXPECT_EQ(pipe(to_parent), 0);
    EXPECT_EQ(pipe(to_child), 0);
    pid_ = fork();
    if (pid_ == 0) {
      close(to_parent[0]);
      close(to_child[1]);
      int code = 1;
      {
        std::string error;
        auto lock = StateLock::Acquire(state_path, "apply", error);
        char ok = lock ? 'y' : 'n';
        if (write(to_parent[1], &ok, 1) == 1) {
          char go;
          if (read(to_child[0], &go, 1) >= 0 && lock) code = 0;  // EOF or a byte: release
        }
      }  // the lock is released here, by its destructor
      _exit(code);
    }
    close(to_parent[1]);
    close(to_child[0]);
    from_child_ = to_parent[0];
    to_child_ = to_child[1];
  }
  ~LockHoldingChild() {
    if (to_child_ >= 0) Release();
    close(from_child_);
  }

  bool WaitUntilHeld() {
    char ok = 0;
    return read(from_child_, &ok, 1) == 1 && ok == 'y';
  }
  // Tells the child to release and waits for it; returns its exit code.
  int Release() {
    close(to_child_);
    to_child_ = -1;
    int status = 0;
    waitpid(pid_, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  int from_child_ = -1;
  int to_child_ = -1;
};

TEST(StateLock, ASecondProcessIsRefusedWithTheHolderNamed) {
  ScratchDir dir;
  std::string path = dir.File(".berth/state.json");
  LockHoldingChild child(path);
  ASSERT_TRUE(child.WaitUntilHeld());

  std::string error;
  auto refused = StateLock::Acquire(path, "apply", error);
  EXPECT_FALSE(refused);
  EXPECT_NE(error.find("pid " + std::to_string(child.pid())), std::string::npos) << error;
  EXPECT_NE(error.find("operation \"apply\""), std::string::npos) << error;
  EXPECT_NE(error.find("is locked by another berth run"), std::string::npos) << error;
  nlohmann::json held = nlohmann::json::parse(ReadAll(path + ".lock"));
  std::string id = held["id"].get<std::string>();
  EXPECT_NE(error.find("lock id " + id), std::string::npos) << error;
  EXPECT_NE(error.find("`berth force-unlock " + id + "`"), std::string::npos) << error;
  EXPECT_EQ(held["pid"].get<int>(), child.pid());
  EXPECT_FALSE(held["host"].get<std::string>().empty());
  EXPECT_EQ(held["time"].get<std::string>().back(), 'Z');

  EXPECT_EQ(child.Release(), 0);
  EXPECT_FALSE(std::filesystem::exists(path + ".lock"));
  auto lock = StateLock::Acquire(path, "apply", error);
  ASSERT_TRUE(lock) << error;
  EXPECT_EQ(lock->info().pid, getpid());
}

TEST(StateLock, ALockWhoseProcessIsGoneSaysSo) {
  ScratchDir dir;
  std::string path = dir.File(".berth/state.json");
  // The lock of a run that was killed: its holder on this host, its pid no longer running (a
  // child reaped before the lock is looked at; kill -9 leaves the same).
  std::string host, error;
  {
    auto lock = StateLock::Acquire(path, "apply", error);
    ASSERT_TRUE(lock) << error;
    host = lock->info().host;
  }
  pid_t pid = fork();
  if (pid == 0) _exit(0);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  nlohmann::json lock = {{"host", host},
                         {"id", "0ddba11"},
                         {"operation", "apply"},
                         {"pid", pid},
                         {"time", "2026-12-07T01:00:00Z"}};
  dir.Write(".berth/state.json.lock", lock.dump());
  EXPECT_FALSE(StateLock::Acquire(path, "apply", error));
  EXPECT_NE(error.find("that run is gone (no process " + std::to_string(pid) +
                       " on this host), `berth force-unlock 0ddba11` clears the stale lock"),
            std::string::npos)
      << error;

  // Another host's holder cannot be looked for: the message stays conditional.
  lock["host"] = host + "-elsewhere";
  dir.Write(".berth/state.json.lock", lock.dump());
  EXPECT_FALSE(StateLock::Acquire(path, "apply", error));
  EXPECT_NE(error.find("if that run is gone, `berth force-unlock 0ddba11`"), std::string::npos)
      << error;
}

TEST(StateLock, ReleasedByTheDestructorAndMovable) {
  ScratchDir dir;
  std::string path = dir.File("state.json");
  std::string error;
  {
    auto lock = StateLock::Acquire(path, "state rm", error);
    ASSERT_TRUE(lock) << error;
    EXPECT_EQ(lock->info().operation, "state rm");
    EXPECT_EQ(lock->info().id.size(), 32u);
    StateLock moved(std::move(*lock));
    lock.reset();  // the moved-from lock must not release
    EXPECT_TRUE(std::filesystem::exists(path + ".lock"));
    EXPECT_FALSE(StateLock::Acquire(path, "apply", error));
  }
  EXPECT_FALSE(std::filesystem::exists(path + ".lock"));
}

TEST(StateLock, ForceUnlockNeedsTheRightId) {
  ScratchDir dir;
  std::string path = dir.File("state.json");
  std::string error;
  EXPECT_FALSE(ForceUnlock(path, "abc", error));
  EXPECT_EQ(error, "the state " + path + " is not locked (no " + path + ".lock)");

  auto stale = StateLock::Acquire(path, "apply", error);
  ASSERT_TRUE(stale) << error;
  std::string id = stale->info().id;
  EXPECT_FALSE(ForceUnlock(path, "0000", error));
  EXPECT_NE(error.find("has the id " + id), std::string::npos) << error;
  EXPECT_NE(error.find("not 0000; nothing was unlocked"), std::string::npos) << error;
  EXPECT_TRUE(std::filesystem::exists(path + ".lock"));

  ASSERT_TRUE(ForceUnlock(path, id, error)) << error;
  EXPECT_FALSE(std::filesystem::exists(path + ".lock"));
  // A new run takes the lock; the stale holder going away must not release the new one.
  auto fresh = StateLock::Acquire(path, "apply", error);
  ASSERT_TRUE(fresh) << error;
  stale.reset();
  EXPECT_TRUE(std::filesystem::exists(path + ".lock"));
  EXPECT_FALSE(StateLock::Acquire(path, "apply", error));
}

TEST(StateLock, AnUnreadableLockFileIsReportedNotTrusted) {
  ScratchDir dir;
  std::string path = dir.File("state.json");
  dir.Write("state.json.lock", "garbage");
  std::string error;
  EXPECT_FALSE(StateLock::Acquire(path, "apply", error));
  EXPECT_NE(error.find("cannot be read"), std::string::npos) << error;
}

}  // namespace
}  // namespace berth::state
