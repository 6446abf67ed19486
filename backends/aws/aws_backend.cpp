#include "backends/aws/aws_backend.h"

#include <algorithm>
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
  std::map<std::string, size_t> index;
  for (size_t i : graph.actions) {
    if (plan.changes[i].action != planner::Action::kDelete) index[plan.changes[i].address] = i;
  }
  for (const auto& [address, firsts] : EmissionEdges(program)) {
    auto then = index.find(address);
    if (then == index.end()) continue;
    for (const std::string& first : firsts) {
      auto before = index.find(first);
      if (before == index.end()) continue;
      ++graph.waits_for[then->second];
      graph.unblocks[before->second].push_back(then->second);
    }
  }
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

void AwsBackend::Begin(const planner::Plan& plan, const state::State& state) {
  context_program_ = ContextProgram(stack_, plan, state);
  order_.clear();
  for (size_t index : RunOrder(plan, state, context_program_))
    order_.push_back(plan.changes[index].address);
  actions_.clear();
  new_revisions_.clear();
  for (const planner::ResourceChange& change : plan.changes) {
    actions_[change.address] = change.action;
    if (change.kind == "task" &&
        (change.action == planner::Action::kUpdate || NewRevision(change))) {
      new_revisions_.insert(change.address);
    }
  }
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
      // Its own update names the family already when it sends an ECS update-service.
      auto applied = applied_.find(service->address);
      if (applied == applied_.end()) continue;
      bool has_update = false;
      for (const AwsCall& call : applied->second.now)
        has_update = has_update || (call.service == "ecs" && call.operation == "update-service");
      if (has_update) continue;
    } else if (!untouched) {
      continue;  // created, replaced or deleted: create-service takes the family's latest
    }
    for (AwsCall& call : RolloutService(*service, context)) calls.push_back(std::move(call));
  }
  return calls;
}

backends::ActionResult AwsBackend::Apply(const planner::ResourceChange& change) {
  ChangeCalls calls = EmitChange(change, EmitContext(context_program_));
  std::lock_guard<std::mutex> lock(mu_);
  applied_[change.address] = std::move(calls);
  return {true, "", Value::Null()};
}

bool AwsBackend::Finish(const state::State& state, std::string& report) {
  std::lock_guard<std::mutex> lock(mu_);
  if (applied_.empty()) return true;
  Emission emission;
  std::vector<AwsCall> deferred;
  std::map<std::string, std::vector<std::string>> missing;  // kind -> addresses
  for (const std::string& address : order_) {
    auto found = applied_.find(address);
    if (found == applied_.end()) continue;  // not started, or failed: nothing was applied
    ChangeCalls& calls = found->second;
    for (AwsCall& call : calls.now) emission.calls.push_back(std::move(call));
    // A new task revision rolls out to the services that run the task.
    for (AwsCall& call : Rollouts(address)) emission.calls.push_back(std::move(call));
    // Old resources of replacements go last, the latest replaced first.
    deferred.insert(deferred.begin(), std::make_move_iterator(calls.after.begin()),
                    std::make_move_iterator(calls.after.end()));
    if (calls.no_emitter) missing[calls.kind].push_back(address);
  }
  for (const auto& [kind, addresses] : missing)
    emission.notes.push_back(MissingEmitterNote(kind, addresses));
  for (AwsCall& call : deferred) emission.calls.push_back(std::move(call));
  AddReadCalls(EmitContext(context_program_), emission);
  std::string dir = output_root_ + "/" + std::to_string(state.serial);
  std::string error;
  if (!WriteEmission(dir, stack_, emission, error, &context_program_)) {
    report = "the state advanced, but writing the AWS requests failed: " + error;
    return false;
  }
  report = "Wrote " + std::to_string(emission.calls.size()) +
           " AWS requests, manifest.json and apply.sh to " + dir;
  for (const std::string& note : emission.notes) report += "\nnote: " + note;
  applied_.clear();
  return true;
}

}  // namespace berth::aws
