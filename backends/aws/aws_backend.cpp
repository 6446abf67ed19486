#include "backends/aws/aws_backend.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include "backends/aws/emit_files.h"
#include "backends/aws/emitters.h"
#include "planner/apply_graph.h"

namespace berth::aws {

namespace {

// The plan's actions in an order that respects the apply graph, taking the lowest plan index
// whenever several are ready: the same plan always numbers its files the same way, however the
// worker threads interleaved.
// Plus EmissionEdges (orderings AWS needs that the IR does not have) between creates and updates.
std::vector<size_t> RunOrder(const planner::Plan& plan, const state::State& state,
                             const ir::Program& program) {
  planner::ApplyGraph graph = planner::BuildApplyGraph(plan, state);
  planner::AddOrderingEdges(graph, plan, EmissionEdges(program));
  std::vector<int> waits = graph.waits_for;
  std::set<size_t> ready;
  for (size_t i : graph.actions) {
    if (waits[i] == 0) ready.insert(i);
  }
  std::vector<size_t> order;
  std::vector<bool> placed(plan.changes.size(), false);
  while (order.size() < graph.actions.size()) {
    if (ready.empty()) {  // a cycle: plan order, as the scheduler does
      for (size_t i : graph.actions) {
        if (!placed[i]) {
          ready.insert(i);
          break;
        }
      }
    }
    size_t next = *ready.begin();
    ready.erase(ready.begin());
    if (placed[next]) continue;
    placed[next] = true;
    order.push_back(next);
    for (size_t then : graph.unblocks[next]) {
      if (--waits[then] == 0 && !placed[then]) ready.insert(then);
    }
  }
  return order;
}

}  // namespace

ir::Program ContextProgram(const ir::Stack& stack, const planner::Plan& plan,
                           const state::State& state) {
  std::map<std::string, ir::Resource> resources;
  for (const state::Resource& recorded : state.resources) {
    ir::Resource& resource = resources[recorded.address];
    resource.address = recorded.address;
    resource.kind = recorded.kind;
    resource.attributes = recorded.attributes;
    resource.depends_on = recorded.depends_on;
  }
  for (const planner::ResourceChange& change : plan.changes) {
    if (change.action == planner::Action::kDelete || change.after.is_null()) continue;
    ir::Resource& resource = resources[change.address];
    resource.address = change.address;
    resource.kind = change.kind;
    resource.attributes = change.after;
    resource.depends_on = change.depends_on;
  }
  ir::Program program;
  program.stack = stack;
  for (auto& [address, resource] : resources) program.resources.push_back(std::move(resource));
  return program;  // std::map iteration keeps the address order Program::Find relies on
}

namespace {

// The emission of applied actions: their calls in run order, the old resources of
// replacements last (the latest replaced first), read calls where a value is not captured.
Emission Assemble(std::vector<PendingAction> actions, const EmitContext& context) {
  std::sort(actions.begin(), actions.end(),
            [](const PendingAction& a, const PendingAction& b) { return a.position < b.position; });
  Emission emission;
  std::vector<AwsCall> deferred;
  std::map<std::string, std::vector<std::string>> missing;  // kind -> addresses
  for (PendingAction& action : actions) {
    ChangeCalls& calls = action.calls;
    for (AwsCall& call : calls.now) emission.calls.push_back(std::move(call));
    deferred.insert(deferred.begin(), std::make_move_iterator(calls.after.begin()),
                    std::make_move_iterator(calls.after.end()));
    if (calls.no_emitter) missing[calls.kind].push_back(action.address);
  }
  for (const auto& [kind, addresses] : missing)
    emission.notes.push_back(MissingEmitterNote(kind, addresses));
  for (AwsCall& call : deferred) emission.calls.push_back(std::move(call));
  AddReadCalls(context, emission);
  return emission;
}

bool HasServiceUpdate(const std::vector<AwsCall>& calls) {
  return std::any_of(calls.begin(), calls.end(), [](const AwsCall& call) {
    return call.service == "ecs" && call.operation == "update-service";
  });
}

}  // namespace

bool AwsBackend::ReadLive(const state::State& state, std::vector<planner::LiveResource>& live,
                          std::string& error) {
  RecoverInterrupted(state);
  return AwsStateBackend::ReadLive(state, live, error);
}

bool AwsBackend::TakeLive(state::State& state, std::vector<planner::LiveResource>& live,
                          std::string& error) {
  RecoverInterrupted(state);
  return AwsStateBackend::TakeLive(state, live, error);
}

void AwsBackend::RecoverInterrupted(const state::State& state) {
  for (const std::string& dir : PendingDirectories(output_root_)) {
    std::vector<PendingAction> pending;
    std::string error;
    if (!ReadPending(dir, pending, error)) {
      if (progress_) *progress_ << "warning: " << error << "; left in place\n";
      continue;
    }
    // A crash between an action's requests and its journal line: the state does not record it,
    // and the plan will show it again.
    std::vector<PendingAction> recorded;
    for (PendingAction& action : pending) {
      if (Recorded(action, state)) recorded.push_back(std::move(action));
    }
    if (!recorded.empty()) {
      ir::Program context = ContextProgram(stack_, planner::Plan{}, state);
      Emission emission = Assemble(std::move(recorded), EmitContext(context));
      std::string out = output_root_ + "/" + std::to_string(state.serial);
      if (!WriteEmission(out, stack_, emission, error, &context)) {
        if (progress_)
          *progress_ << "warning: recovering the requests of an interrupted apply: " << error
                     << "\n";
        continue;
      }
      if (progress_) {
        *progress_ << "Recovered the requests of an interrupted apply: wrote "
                   << emission.calls.size() << " AWS requests, manifest.json and apply.sh to "
                   << out << "; run its apply.sh before those of later applies\n";
      }
    }
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
}

void AwsBackend::Begin(const planner::Plan& plan, const state::State& state) {
  RecoverInterrupted(state);  // a saved plan's apply reads no live state first
  context_program_ = ContextProgram(stack_, plan, state);
  position_.clear();
  for (size_t index : RunOrder(plan, state, context_program_))
    position_.emplace(plan.changes[index].address, position_.size());
  actions_.clear();
  new_revisions_.clear();
  own_update_.clear();
  EmitContext context(context_program_);
  for (const planner::ResourceChange& change : plan.changes) {
    actions_[change.address] = change.action;
    if (change.kind == "task" &&
        (change.action == planner::Action::kUpdate || NewRevision(change))) {
      new_revisions_.insert(change.address);
    }
    // Its own update names the family already when it sends an ECS update-service.
    if (change.kind == "service" && change.action == planner::Action::kUpdate &&
        HasServiceUpdate(EmitChange(change, context).now)) {
      own_update_.insert(change.address);
    }
  }
  std::lock_guard<std::mutex> lock(mu_);
  applied_.clear();
  pending_error_.clear();
  if (!pending_.Open(output_root_ + "/.pending-" + std::to_string(state.serial), pending_error_))
    pending_error_ = "cannot keep the AWS requests: " + pending_error_;
}

std::vector<AwsCall> AwsBackend::Rollouts(const std::string& task_address) const {
  std::vector<AwsCall> calls;
  if (!new_revisions_.count(task_address)) return calls;
  EmitContext context(context_program_);
  for (const ir::Resource* service : ServicesRunning(context_program_, task_address)) {
    auto action = actions_.find(service->address);
    bool untouched = action == actions_.end() || action->second == planner::Action::kNoOp;
    bool updated = action != actions_.end() && action->second == planner::Action::kUpdate;
    if (updated) {
      if (own_update_.count(service->address)) continue;
    } else if (!untouched) {
      continue;  // created, replaced or deleted: create-service takes the family's latest
    }
    for (AwsCall& call : RolloutService(*service, context)) calls.push_back(std::move(call));
  }
  return calls;
}

backends::ActionResult AwsBackend::Apply(const planner::ResourceChange& change) {
  PendingAction action;
  action.address = change.address;
  action.action = change.action;
  if (change.action != planner::Action::kDelete) action.state_digest = StateDigest(change.after);
  action.calls = EmitChange(change, EmitContext(context_program_));
  // A new task revision rolls out to the services that run the task, right after it.
  for (AwsCall& call : Rollouts(change.address)) action.calls.now.push_back(std::move(call));
  auto position = position_.find(change.address);
  action.position = position == position_.end() ? position_.size() : position->second;
  std::lock_guard<std::mutex> lock(mu_);
  std::string error = pending_error_;
  if (error.empty() && !pending_.Append(action, error))
    error = "cannot keep the AWS requests: " + error;
  if (!error.empty()) return {false, error, Value::Null()};
  applied_.push_back(std::move(action));
  return {true, "", Value::Null()};
}

bool AwsBackend::Finish(const state::State& state, std::string& report) {
  std::lock_guard<std::mutex> lock(mu_);
  if (applied_.empty()) {
    pending_.Remove();
    return true;
  }
  // Every action that returned is recorded: the apply stopped only after its journal line.
  Emission emission = Assemble(std::move(applied_), EmitContext(context_program_));
  applied_.clear();
  std::string dir = output_root_ + "/" + std::to_string(state.serial);
  std::string error;
  if (!WriteEmission(dir, stack_, emission, error, &context_program_)) {
    // The pending directory stays: the next apply writes the requests from it.
    report = "the state advanced, but writing the AWS requests failed: " + error;
    return false;
  }
  pending_.Remove();
  report = "Wrote " + std::to_string(emission.calls.size()) +
           " AWS requests, manifest.json and apply.sh to " + dir;
  for (const std::string& note : emission.notes) report += "\nnote: " + note;
  return true;
}

}  // namespace berth::aws
