// The `aws` backend: its record of what is live is the state file (AwsStateBackend), and apply
// writes the AWS API requests of the plan's changes, with their manifest.json and apply.sh, into
// `STACKDIR/.berth/out/<serial>/` (docs/backends.md), then advances the state.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "backends/aws/emission.h"
#include "backends/aws_state_backend.h"

namespace berth::aws {

// What the stack looks like once the plan is applied, for reference resolution: recorded
// resources, with the plan's desired attributes over them, deleted ones kept (their removes
// still resolve names through them). Shared with the aws-api backend.
ir::Program ContextProgram(const ir::Stack& stack, const planner::Plan& plan,
                           const state::State& state);

class AwsBackend : public backends::AwsStateBackend {
 public:
  // `output_root`: `STACKDIR/.berth/out`; `stack`: region, account and name for the requests.
  AwsBackend(std::string output_root, ir::Stack stack)
      : output_root_(std::move(output_root)), stack_(std::move(stack)) {}

  void Begin(const planner::Plan& plan, const state::State& state) override;
  // Builds the action's calls; the files are written once, by Finish, in a fixed order.
  backends::ActionResult Apply(const planner::ResourceChange& change) override;
  bool Finish(const state::State& state, std::string& report) override;

 private:
  const std::string output_root_;
  const ir::Stack stack_;
  // Set by Begin, read-only while Apply runs on several threads.
  ir::Program context_program_;
  std::vector<std::string> order_;  // addresses of the plan's actions, in the order calls run
  std::map<std::string, planner::Action> actions_;  // the plan's action of each address
  std::set<std::string> new_revisions_;             // tasks that get a new revision
  // ECS update-service of every service running `task_address` that this run moves onto the
  // task's new revision and that sends no update-service of its own (Finish, under mu_).
  std::vector<AwsCall> Rollouts(const std::string& task_address) const;
  // Guards what Apply records.
  std::mutex mu_;
  std::map<std::string, ChangeCalls> applied_;  // by address
};

}  // namespace berth::aws
