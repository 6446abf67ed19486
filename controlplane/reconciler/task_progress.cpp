// A task's lifecycle from what its engine shows. ECS's states, of which berth passes through
// PROVISIONING (decided, not yet on the engine), PENDING (containers created and starting),
// RUNNING (every essential container running), STOPPING (docker stop sent) and STOPPED; the
// ACTIVATING/DEACTIVATING/DEPROVISIONING steps exist for load balancers and ENIs, which berth's
// host-network tasks do not have.
#include "controlplane/engines/dependencies.h"
#include "controlplane/reconciler/steps.h"
#include "controlplane/store/task_definitions.h"
#include "controlplane/targets/service_targets.h"

namespace berth::controlplane::reconciler {

std::string TaskId(const json& task) { return model::NameOf(task["taskArn"]); }

namespace {

const json* ContainerSpec(const json* definition, const std::string& name) {
  if (!definition) return nullptr;
  for (const json& spec : (*definition)["containerDefinitions"]) {
    if (spec["name"] == name) return &spec;
  }
  return nullptr;
}

void MarkStopped(json& task, double now) {
  task["lastStatus"] = "STOPPED";
  task["desiredStatus"] = "STOPPED";
  if (!task.contains("stoppingAt")) task["stoppingAt"] = now;
  task["stoppedAt"] = now;
  task["executionStoppedAt"] = now;
  for (json& container : task["containers"]) container["lastStatus"] = "STOPPED";
}

void Fail(json& task, const std::string& code, const std::string& reason,
          const std::string& failure, double now) {
  task["desiredStatus"] = "STOPPED";
  task["stopCode"] = code;
  task["stoppedReason"] = reason;
  task["stoppingAt"] = now;
  task["x-berth"]["failure"] = failure;
}

}  // namespace

const json* Definitions::Get(const std::string& arn) {
  auto found = cache_.find(arn);
  if (found != cache_.end()) return &found->second;
  auto definition = store::FindTaskDefinition(tx_, arn);
  if (!definition) return nullptr;
  return &cache_.emplace(arn, *definition).first->second;
}

bool HasHealthCheck(const json& definition) {
  for (const json& spec : definition["containerDefinitions"]) {
    if (spec.value("essential", true) && spec.contains("healthCheck")) return true;
  }
  return false;
}

bool CountsHealthy(TickContext& context, const json& task) {
  if (task["lastStatus"] != "RUNNING" || task["desiredStatus"] != "RUNNING") return false;
  const json* definition = context.definitions.Get(task["taskDefinitionArn"]);
  // ECS model `minimumHealthyPercent`: behind a load balancer, once its target group reports
  // the task healthy, and its container health check too if it has one; with a container
  // health check, once HEALTHY; without either, 40 seconds after the task reached RUNNING.
  if (targets::HasTargets(task)) {
    if (task["x-berth"].value("targetHealth", "") != "healthy") return false;
    return !(definition && HasHealthCheck(*definition)) || task["healthStatus"] == "HEALTHY";
  }
  if (definition && HasHealthCheck(*definition)) return task["healthStatus"] == "HEALTHY";
  return context.now - task.value("startedAt", context.now) >=
         context.options.healthy_after_seconds;
}

namespace {

// Starts the task's created containers whose dependsOn conditions are met; `never` is the
// agent's message when one can never be met.
void StartWaitingContainers(TickContext& context, const json& task, const json* definition,
                            const std::vector<engines::Observed>& observed, std::string& never) {
  if (definition == nullptr) return;
  // Each dependency's startTimeout runs from when the reconciler first saw it running.
  engines::DependencyClock clock;
  clock.now = context.now;
  for (const json& spec : (*definition)["containerDefinitions"]) {
    if (spec.contains("startTimeout")) clock.start_timeout[spec["name"]] = spec["startTimeout"];
  }
  const json started = task["x-berth"].value("started", json::object());
  for (const auto& [name, at] : started.items()) clock.started_at[name] = at.get<double>();
  for (const engines::Observed& o : observed) {
    if (o.state != "created") continue;
    const json* spec = ContainerSpec(definition, o.container);
    if (spec == nullptr) continue;
    engines::Readiness readiness = engines::DependenciesMet(*spec, observed, never, &clock);
    if (readiness == engines::Readiness::kNever) return;
    if (readiness == engines::Readiness::kReady) {
      context.actions.start.push_back({TaskId(task), task["x-berth"].value("instance", ""), o.id});
    }
  }
}

}  // namespace

bool AdvanceTask(TickContext& context, json& task, int grace_seconds) {
  if (task["lastStatus"] == "STOPPED") return false;
  json before = task;
  json& own = task["x-berth"];
  std::string id = TaskId(task);
  std::string instance = own.value("instance", "");
  auto view = context.views.find(instance);
  if (view == context.views.end() || !view->second.ok) {
    // An engine that stays unreachable takes its tasks with it, as a terminated EC2 instance
    // does; the service scheduler then replaces them elsewhere.
    auto doc = context.instances.find(instance);
    double since =
        doc == context.instances.end() ? 0 : doc->second.value("disconnectedAt", context.now);
    if (context.now - since >= context.options.lost_after_seconds) {
      if (!task.contains("stopCode")) task["stopCode"] = "TerminationNotice";
      if (!task.contains("stoppedReason")) {
        task["stoppedReason"] = "Host EC2 (instance " + instance + ") stopped/terminated.";
      }
      // Its targets drain as any deregistered target does; nothing is left to wait for.
      targets::HoldForDraining(context.tx, task, context.now);
      MarkStopped(task, context.now);
    }
    return task != before;
  }
  static const std::vector<engines::Observed> kNone;
  auto found = view->second.by_task.find(id);
  const std::vector<engines::Observed>& observed =
      found == view->second.by_task.end() ? kNone : found->second;
  const json* definition = context.definitions.Get(task["taskDefinitionArn"]);

  // Each container's status from the engine.
  bool essential_gone = false, all_essential_running = true;
  bool any_unhealthy = false, all_checked_healthy = true, has_checks = false;
  for (json& container : task["containers"]) {
    std::string name = container["name"];
    const engines::Observed* o = nullptr;
    for (const auto& candidate : observed) {
      if (candidate.container == name) o = &candidate;
    }
    bool essential = container.value("essential", true);
    const json* spec = ContainerSpec(definition, name);
    bool checked = spec && spec->contains("healthCheck");
    if (!o) {
      if (own.value("launched", false)) {
        container["lastStatus"] = "STOPPED";
        if (essential) essential_gone = true;
      }
      all_essential_running = all_essential_running && !essential;
      continue;
    }
    container["runtimeId"] = o->id;
    if (o->state == "running") {
      container["lastStatus"] = "RUNNING";
      // When it started, for the startTimeout of those that depend on it; only while the task
      // starts (nothing waits for a dependency once the task runs).
      if (task["lastStatus"] != "RUNNING" && !own["started"].contains(name)) {
        own["started"][name] = context.now;
      }
    } else if (o->state == "exited" || o->state == "dead") {
      container["lastStatus"] = "STOPPED";
      if (o->exit_code >= 0) container["exitCode"] = o->exit_code;
      if (essential) essential_gone = true;
    } else {
      container["lastStatus"] = "PENDING";
    }
    if (essential && o->state != "running") all_essential_running = false;
    if (checked) {
      std::string health = o->health == "healthy"     ? "HEALTHY"
                           : o->health == "unhealthy" ? "UNHEALTHY"
                                                      : "UNKNOWN";
      container["healthStatus"] = health;
      if (essential) {
        has_checks = true;
        any_unhealthy = any_unhealthy || health == "UNHEALTHY";
        all_checked_healthy = all_checked_healthy && health == "HEALTHY";
      }
    }
  }
  // Task health from its essential containers' (ECS model `Task.healthStatus`).
  task["healthStatus"] = !has_checks           ? "UNKNOWN"
                         : any_unhealthy       ? "UNHEALTHY"
                         : all_checked_healthy ? "HEALTHY"
                                               : "UNKNOWN";

  if (task["desiredStatus"] == "RUNNING") {
    if (task["lastStatus"] == "PROVISIONING" && !own.value("launched", false)) {
      context.actions.launch.push_back(id);
      return task != before;
    }
    bool ran = task["lastStatus"] == "RUNNING";
    std::string never;
    if (!essential_gone) StartWaitingContainers(context, task, definition, observed, never);
    if (essential_gone) {
      // "Task desired status must be stopped if any essential container is stopped"
      // (amazon-ecs-agent agent/api/task/task.go).
      Fail(task, "EssentialContainerExited", "Essential container in task exited",
           ran ? "exited" : "start", context.now);
    } else if (!never.empty()) {
      Fail(task, "TaskFailedToStart", never, ran ? "exited" : "start", context.now);
    } else if (all_essential_running && task["lastStatus"] != "RUNNING") {
      task["lastStatus"] = "RUNNING";
      task["startedAt"] = context.now;
      task["connectivity"] = "CONNECTED";
      task["connectivityAt"] = context.now;
    } else if (task["lastStatus"] == "RUNNING" && task["healthStatus"] == "UNHEALTHY" &&
               !own.value("service", "").empty() &&
               context.now - task.value("startedAt", context.now) >= grace_seconds) {
      // A service's unhealthy task is stopped and replaced; a standalone task keeps running
      // (ECS model `HealthCheck`). healthCheckGracePeriodSeconds holds this back.
      Fail(task, "ServiceSchedulerInitiated", "Task failed container health checks", "health",
           context.now);
    }
  }
  if (task["desiredStatus"] == "STOPPED" &&
      targets::HoldForDraining(context.tx, task, context.now)) {
    // Deregistered from its target groups and draining: SIGTERM only once the deregistration
    // delay is over (developer guide, load-balancer-connection-draining.html).
    if (model::StatusRank(task["lastStatus"]) < model::StatusRank("DEACTIVATING")) {
      task["lastStatus"] = "DEACTIVATING";
    }
  } else if (task["desiredStatus"] == "STOPPED") {
    StopOrder order{id, instance, {}, 30};
    for (const auto& o : observed) {
      // A created container never started (it waited for a dependency, or its start failed):
      // nothing to stop, and `docker stop` would leave it created. It is removed below.
      if (o.state == "running" || o.state == "restarting") {
        order.containers.push_back(o.id);
        const json* spec = ContainerSpec(definition, o.container);
        if (spec)
          order.timeout =
              std::max(order.timeout == 30 ? 0 : order.timeout, spec->value("stopTimeout", 30));
      }
    }
    if (!order.containers.empty()) {
      if (model::StatusRank(task["lastStatus"]) < model::StatusRank("STOPPING")) {
        task["lastStatus"] = "STOPPING";
        if (!task.contains("stoppingAt")) task["stoppingAt"] = context.now;
      }
      if (!context.in_flight.count(id)) context.actions.stop.push_back(order);
    } else if (!context.in_flight.count(id)) {
      MarkStopped(task, context.now);
      for (const auto& o : observed) context.actions.remove.emplace_back(instance, o.id);
    }
  }
  if (task != before) task["version"] = task.value("version", 1) + 1;
  return task != before;
}

}  // namespace berth::controlplane::reconciler
