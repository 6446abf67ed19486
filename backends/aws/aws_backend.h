// The `aws` backend: its record of what is live is the state file (AwsStateBackend), and apply
// writes the AWS API requests of the plan's changes, with their manifest.json and apply.sh, into
// `STACKDIR/.berth/out/<serial>/` (docs/backends.md), each action's requests durably on disk
// before the state records the action.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "backends/aws/emission.h"
#include "backends/aws/pending_requests.h"
#include "backends/aws_state_backend.h"

namespace berth::aws {

// What the stack looks like once the plan is applied, for reference resolution: recorded
// resources, with the plan's desired attributes over them, deleted ones kept (their removes
// still resolve names through them). Shared with the aws-api backend.
ir::Program ContextProgram(const ir::Stack& stack, const planner::Plan& plan,
                           const state::State& state);

class AwsBackend : public backends::AwsStateBackend {
 public:
  // `output_root`: `STACKDIR/.berth/out`; `stack`: region, account and name for the requests;
  // `progress`: where to say that the requests of an interrupted apply were recovered.
  AwsBackend(std::string output_root, ir::Stack stack, std::ostream* progress = nullptr)
      : output_root_(std::move(output_root)), stack_(std::move(stack)), progress_(progress) {}

  // Also recovers the requests of an apply that did not finish (pending_requests.h): apply
  // reads the live state under the state's lock, before anything else touches `.berth/out`.
  bool TakeLive(state::State& state, std::vector<planner::LiveResource>& live,
                std::string& error) override;
  bool ReadLive(const state::State& state, std::vector<planner::LiveResource>& live,
                std::string& error) override;
  void Begin(const planner::Plan& plan, const state::State& state) override;
  // Builds the action's calls and has them on disk (fsync'd) before it returns, so before the
  // state records the action; the request files are written by Finish, in a fixed order.
  backends::ActionResult Apply(const planner::ResourceChange& change) override;
  bool Finish(const state::State& state, std::string& report) override;

 private:
  // Writes `STACKDIR/.berth/out/<serial>/` for each pending directory an earlier apply left,
  // with the actions `state` records, and removes the directory.
  void RecoverInterrupted(const state::State& state);

  const std::string output_root_;
  const ir::Stack stack_;
  std::ostream* const progress_;
  // Set by Begin, read-only while Apply runs on several threads.
  ir::Program context_program_;
  std::map<std::string, size_t> position_;          // each action's place in the order calls run
  std::map<std::string, planner::Action> actions_;  // the plan's action of each address
  std::set<std::string> new_revisions_;             // tasks that get a new revision
  std::set<std::string> own_update_;  // updated services that send an update-service anyway
  // ECS update-service of every service running `task_address` that this run moves onto the
  // task's new revision and that sends no update-service of its own.
  std::vector<AwsCall> Rollouts(const std::string& task_address) const;
  // Guards what Apply records.
  std::mutex mu_;
  PendingFile pending_;
  std::string pending_error_;  // why pending_ could not be opened: every action then fails
  std::vector<PendingAction> applied_;
};

}  // namespace berth::aws
