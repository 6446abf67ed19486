#include "backends/docker/docker_backend.h"

#include <optional>

#include "backends/docker/replicas.h"
#include "backends/docker/rollout.h"
#include "backends/docker/task_spec.h"

namespace berth::docker {

namespace {

// The address a resource's reference attribute (`task = task.web`) points at, or "".
std::string RefAddress(const Value& attributes, const char* key) {
  const Value* v = attributes.Get(key);
  return v && v->is(ValueKind::kRef) ? v->ref().address : "";
}

std::string ServiceName(const std::string& address, const Value& service) {
  const Value* name = service.Get("name");
  if (name && name->is(ValueKind::kString)) return name->str();
  return address.substr(address.rfind('.') + 1);
}

backends::ActionResult Failed(std::string error) {
  return {false, std::move(error), Value::Null()};
}
backends::ActionResult Done() { return {true, "", Value::Null()}; }

}  // namespace

std::unique_ptr<DockerBackend> DockerBackend::Open(DockerSettings settings, std::string& error) {
  std::string socket_path;
  if (!EngineClient::SocketFromEnvironment(socket_path, error)) return nullptr;
  return std::unique_ptr<DockerBackend>(new DockerBackend(std::move(settings), socket_path));
}

DockerBackend::DockerBackend(DockerSettings settings, std::string socket_path)
    : settings_(std::move(settings)),
      engine_(std::move(socket_path)),
      secrets_(settings_.backend_block, settings_.stack_dir) {}

bool DockerBackend::ReadLive(const state::State& state, std::vector<planner::LiveResource>& live,
                             std::string& error) {
  std::map<std::string, std::vector<Replica>> by_address;
  if (!ListStackReplicas(engine_, settings_.stack, by_address, error)) return false;
  live = state.AsLive();
  Remember(state);
  for (planner::LiveResource& r : live) {
    if (r.kind != "service") continue;
    const state::Resource* task = state.Find(RefAddress(r.attributes, "task"));
    std::string hash = task ? ConfigHash(task->attributes) : "";
    int up = 0;
    for (const Replica& replica : by_address[r.address]) {
      if (replica.Up() && replica.config_hash == hash) ++up;
    }
    r.attributes.Set("desired_count", Value::Number(up));
  }
  return true;
}

namespace {

// The changed resources of kinds that have nothing to run locally (clusters, roles, load
// balancers, schedules...): only tasks and services become containers.
std::vector<std::string> NotRealised(const planner::Plan& plan) {
  std::vector<std::string> addresses;
  for (const planner::ResourceChange& change : plan.changes) {
    bool realised = change.kind == "task" || change.kind == "service";
    if (!realised && change.action != planner::Action::kNoOp &&
        change.action != planner::Action::kDelete) {
      addresses.push_back(change.address);
    }
  }
  return addresses;
}

// "Note: LEAD: a, b, c and 4 more (docs/docker.md ...)", or "" when there is nothing to name.
std::string NoteNaming(std::string_view lead, const std::vector<std::string>& addresses) {
  if (addresses.empty()) return "";
  constexpr size_t kNamed = 8;
  std::string note = "Note: " + std::string(lead) + ": ";
  for (size_t i = 0; i < addresses.size() && i < kNamed; ++i) {
    note += (i ? ", " : "") + addresses[i];
  }
  if (addresses.size() > kNamed) {
    note += " and " + std::to_string(addresses.size() - kNamed) + " more";
  }
  return note + " (docs/docker.md says what each kind becomes locally).";
}

}  // namespace

void DockerBackend::Begin(const planner::Plan& plan, const state::State& state) {
  Remember(state);
  // The state keeps only hashes of sensitive values; an unchanged task's plan entry has them back
  // (apply reveals the digests it matches), and a service created or rolled now runs with that.
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const planner::ResourceChange& change : plan.changes) {
      if (change.action != planner::Action::kNoOp || change.after.is_null()) continue;
      if (change.kind == "task") tasks_[change.address] = change.after;
      if (change.kind == "service") services_[change.address] = change.after;
    }
  }
  not_realised_ = NotRealised(plan);
}

bool DockerBackend::Finish(const state::State& state, std::string& report) {
  report =
      NoteNaming("recorded in the state, not realised on the local Docker engine", not_realised_);
  return true;
}

std::string DockerBackend::PlanNote(const planner::Plan& plan) const {
  return NoteNaming(
      "apply records these in the state and does not realise them on the local "
      "Docker engine",
      NotRealised(plan));
}

void DockerBackend::Remember(const state::State& state) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const state::Resource& r : state.resources) {
    if (r.kind == "task") tasks_[r.address] = r.attributes;
    if (r.kind == "service") services_[r.address] = r.attributes;
  }
}

backends::ActionResult DockerBackend::Apply(const planner::ResourceChange& change) {
  if (settings_.stack.empty()) {
    return Failed("the docker backend was opened without the stack it applies to");
  }
  if (change.kind == "task") return ApplyTask(change);
  if (change.kind == "service") return ApplyService(change);
  // Clusters, roles, log groups, load balancers...: nothing runs them locally (docs/docker.md).
  return Done();
}

backends::ActionResult DockerBackend::ApplyTask(const planner::ResourceChange& change) {
  std::optional<Value> previous;
  std::vector<std::pair<std::string, Value>> users;  // services running this task
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (change.action == planner::Action::kDelete) {
      tasks_.erase(change.address);
      return Done();
    }
    // The plan's `before` first: the state keeps only hashes of sensitive values, and the plan
    // has the values back where they are unchanged (state::RevealDigests), which a rollback
    // must run with.
    if (!change.before.is_null()) {
      previous = change.before;
    } else if (auto it = tasks_.find(change.address); it != tasks_.end()) {
      previous = it->second;
    }
    tasks_[change.address] = change.after;
    for (const auto& [address, service] : services_) {
      if (RefAddress(service, "task") == change.address) users.emplace_back(address, service);
    }
  }
  // A new revision rolls every service that runs the task, as ECS deploys a service whose task
  // definition moved; a failed roll leaves the previous revision recorded.
  for (const auto& [address, service] : users) {
    std::string error;
    if (!ConvergeService(address, service, previous ? &*previous : nullptr, change.address,
                         error)) {
      std::lock_guard<std::mutex> lock(mutex_);
      if (previous) tasks_[change.address] = *previous;
      return Failed(address + ": " + error);
    }
  }
  return Done();
}

backends::ActionResult DockerBackend::ApplyService(const planner::ResourceChange& change) {
  std::string error;
  if (change.action == planner::Action::kDelete || change.action == planner::Action::kReplace) {
    if (!RemoveService(change.address, error)) return Failed(error);
    if (change.action == planner::Action::kDelete) {
      std::lock_guard<std::mutex> lock(mutex_);
      services_.erase(change.address);
      return Done();
    }
  }
  std::optional<Value> previous_task;
  std::string previous_address = RefAddress(change.before, "task");
  {
    std::lock_guard<std::mutex> lock(mutex_);
    services_[change.address] = change.after;
    // Moving to another task rolls back to the old one if the new one keeps failing.
    if (!previous_address.empty() && previous_address != RefAddress(change.after, "task")) {
      if (auto it = tasks_.find(previous_address); it != tasks_.end()) previous_task = it->second;
    }
  }
  if (!ConvergeService(change.address, change.after, previous_task ? &*previous_task : nullptr,
                       previous_address, error)) {
    return Failed(error);
  }
  return Done();
}

bool DockerBackend::ConvergeService(const std::string& address, const Value& service,
                                    const Value* previous_task,
                                    const std::string& previous_task_address, std::string& error) {
  std::string task_address = RefAddress(service, "task");
  std::optional<Value> task;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (auto it = tasks_.find(task_address); it != tasks_.end()) task = it->second;
  }
  if (!task) {
    error = "its task " + task_address + " is not in the state: apply the stack as a whole";
    return false;
  }
  TaskSpec spec;
  if (!BuildTaskSpec(*task, spec, error)) {
    error = task_address + ": " + error;
    return false;
  }
  std::optional<TaskSpec> previous;
  if (previous_task) {
    std::string ignored;
    previous.emplace();
    if (!BuildTaskSpec(*previous_task, *previous, ignored)) previous.reset();
  }
  RolloutTarget target;
  target.owner = {settings_.stack, address, ServiceName(address, service), task_address};
  target.spec = &spec;
  target.previous = previous ? &*previous : nullptr;
  target.previous_task_address = previous_task_address;
  target.deployment = DeploymentOf(service);
  RolloutContext context;
  context.engine = &engine_;
  context.secrets = &secrets_;
  context.deadline =
      Clock::now() + std::chrono::milliseconds(static_cast<int64_t>(settings_.wait_timeout_ms));
  context.progress = [this, &address](const std::string& line) { Progress(address, line); };
  return Converge(context, target, error);
}

bool DockerBackend::RemoveService(const std::string& address, std::string& error) {
  std::map<std::string, std::vector<Replica>> by_address;
  if (!ListStackReplicas(engine_, settings_.stack, by_address, error)) return false;
  std::vector<Replica>& replicas = by_address[address];
  if (!replicas.empty())
    Progress(address, "stopping " + std::to_string(replicas.size()) + " replica(s)");
  if (!RemoveReplicas(engine_, settings_.stack, replicas, error)) return false;
  // The stack's shared volumes and network outlive one service, not the stack: the last service
  // to go takes them (under the lock, so two services going at once cannot both miss it).
  std::lock_guard<std::mutex> lock(cleanup_mutex_);
  by_address.clear();
  if (!ListStackReplicas(engine_, settings_.stack, by_address, error)) return false;
  if (!by_address.empty()) return true;
  return RemoveStackLeftovers(engine_, settings_.stack, error);
}

void DockerBackend::Progress(const std::string& address, const std::string& line) {
  if (settings_.progress == nullptr) return;
  std::lock_guard<std::mutex> lock(mutex_);
  *settings_.progress << address << ": " << line << "\n" << std::flush;
}

}  // namespace berth::docker
