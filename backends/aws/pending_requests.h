// The requests of an aws-backend apply while it runs: one line per applied action, written and
// fsync'd before the action returns, so before the state's journal records it as done
// (docs/backends.md). `STACKDIR/.berth/out/.pending-<serial>/actions.jsonl`, where <serial> is
// the state's serial when the apply began. The apply's Finish writes the request files, manifest
// and apply.sh from them and removes the directory; after a crash (kill -9, power loss) the next
// apply finds it and writes the requests of every action the state recorded.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "backends/aws/emission.h"
#include "planner/state.h"

namespace berth::aws {

// One applied action's calls, at its place in the run order.
struct PendingAction {
  size_t position = 0;  // in the run order: where its calls go among the others
  std::string address;
  planner::Action action = planner::Action::kNoOp;
  // What the state holds for the address once the action is recorded (StateDigest), "" for a
  // delete: tells a recorded action from one whose journal line a crash cut off.
  std::string state_digest;
  ChangeCalls calls;  // `now` includes the rollouts of a task's new revision
};

// The digest of a resource's attributes as the state holds them, sensitive values left out (the
// state may keep them in another form).
std::string StateDigest(const Value& attributes);

// Whether `state` (replayed from its journal) records `action` as done.
bool Recorded(const PendingAction& action, const state::State& state);

class PendingFile {
 public:
  // Creates `dir` and its (empty) actions file; false with `error`.
  bool Open(const std::string& dir, std::string& error);
  // Appends one line and fsyncs it; false with `error` (the action must then fail).
  bool Append(const PendingAction& action, std::string& error);
  // Closes and removes the directory: its content is in the written emission.
  void Remove();
  bool is_open() const { return fd_ >= 0; }
  ~PendingFile();

 private:
  std::string dir_;
  int fd_ = -1;
};

// The pending directories under `output_root` (left by applies that did not finish).
std::vector<std::string> PendingDirectories(const std::string& output_root);
// The whole lines of `dir`'s actions file, in file order; a torn last line is ignored.
bool ReadPending(const std::string& dir, std::vector<PendingAction>& actions, std::string& error);

}  // namespace berth::aws
