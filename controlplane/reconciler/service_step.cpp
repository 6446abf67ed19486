// One step of a service towards its desired count on its newest (PRIMARY) deployment.
// The bounds are ECS's (ECS model `DeploymentConfiguration`; developer guide
// deployment-type-ecs.html): at least ceil(D * minimumHealthyPercent / 100) healthy tasks stay,
// at most floor(D * maximumPercent / 100) tasks run or are pending. AWS does not publish the
// order within those bounds; berth starts new tasks first, as far as the maximum allows, then
// stops old ones as far as the minimum allows, unhealthy and pending ones first (Kubernetes'
// rolling update with maxSurge = max - D and maxUnavailable = D - min does the same).
#include <algorithm>
#include <cmath>

#include "controlplane/reconciler/new_task.h"
#include "controlplane/reconciler/placement.h"
#include "controlplane/reconciler/service_throttle.h"
#include "controlplane/reconciler/steps.h"
#include "controlplane/targets/service_targets.h"

namespace berth::controlplane::reconciler {

namespace {

// ECS's circuit breaker threshold: half the desired count, at least 3, at most 200 (ECS model
// `DeploymentCircuitBreaker`; rounded up as the archived developer guide's examples show).
int BreakerThreshold(int desired) {
  return std::clamp(static_cast<int>(std::ceil(desired * 0.5)), 3, 200);
}

std::string TaskList(const std::vector<std::string>& ids) {
  std::string out;
  for (const std::string& id : ids)
    out += (out.empty() ? "" : " ") + std::string("(task ") + id + ")";
  return out;
}

bool Live(const json& task) { return task["lastStatus"] != "STOPPED"; }
bool Active(const json& task) { return task["desiredStatus"] == "RUNNING"; }

void StopTask(json& task, const std::string& reason, double now) {
  task["desiredStatus"] = "STOPPED";
  task["stopCode"] = "ServiceSchedulerInitiated";
  task["stoppedReason"] = reason;
  task["stoppingAt"] = now;
  task["version"] = task.value("version", 1) + 1;
}

// Counts each failed task of a deployment once, by the breaker's two stages
// (docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html): stage 1,
// tasks that never reach RUNNING; stage 2, tasks that fail their health checks.
void CountFailures(std::vector<json*>& tasks, json& deployments) {
  for (json* task : tasks) {
    json& own = (*task)["x-berth"];
    std::string failure = own.value("failure", "");
    if (failure.empty() || own.value("counted", false)) continue;
    own["counted"] = true;
    if (failure != "start" && failure != "health") continue;
    for (json& deployment : deployments) {
      if (deployment["id"] == own.value("deployment", "")) {
        deployment["failedTasks"] = deployment.value("failedTasks", 0) + 1;
      }
    }
  }
}

}  // namespace

bool StepService(TickContext& context, json& service, std::vector<json>& cluster_tasks) {
  if (service["status"] == "INACTIVE") return false;
  json before = service;
  std::string name = service["serviceName"];
  std::string cluster = model::NameOf(service["clusterArn"]);
  json& deployments = service["deployments"];
  json& own = service["x-berth"];
  int desired = service["status"] == "ACTIVE" ? service["desiredCount"].get<int>() : 0;
  json configuration = service["deploymentConfiguration"];
  int min_healthy = static_cast<int>(
      std::ceil(desired * configuration.value("minimumHealthyPercent", 100) / 100.0));
  int max_total = desired * configuration.value("maximumPercent", 200) / 100;

  std::vector<json*> tasks;
  for (json& task : cluster_tasks) {
    if (task["x-berth"].value("service", "") == name) tasks.push_back(&task);
  }
  // Load balancers first: a target that failed its health checks is a failure counted below.
  targets::UpdateServiceTargets(context.tx, service, tasks, context.now);
  CountFailures(tasks, deployments);

  // The circuit breaker (ECS model `DeploymentCircuitBreaker`): FAILED at the threshold, and
  // with rollback a new deployment of the last COMPLETED one's task definition.
  json breaker = configuration.value("deploymentCircuitBreaker", json::object());
  json* primary = &deployments[0];
  if (breaker.value("enable", false) && (*primary)["rolloutState"] == "IN_PROGRESS" &&
      (*primary).value("failedTasks", 0) >= BreakerThreshold(desired)) {
    std::string failed_id = (*primary)["id"];
    (*primary)["rolloutState"] = "FAILED";
    (*primary)["rolloutStateReason"] = "ECS deployment circuit breaker: tasks failed to start.";
    model::AddEvent(service, "(service " + name + ") (deployment " + failed_id +
                                 ") deployment failed: tasks failed to start.");
    json completed = own.value("completed", json::array());
    if (breaker.value("rollback", false) && !completed.empty()) {
      json target = completed.back();
      json rollback =
          model::NewDeployment(target["taskDefinition"], desired,
                               "ECS deployment circuit breaker: rolling back to deploymentId " +
                                   target["id"].get<std::string>() + ".");
      for (json& d : deployments) d["status"] = "ACTIVE";
      deployments.insert(deployments.begin(), rollback);
      service["taskDefinition"] = target["taskDefinition"];
      model::AddEvent(service, "(service " + name + ") (deployment " + failed_id +
                                   ") deployment failed, rolling back to " +
                                   target["id"].get<std::string>() + ".");
      primary = &deployments[0];
    }
  }
  std::string primary_id = (*primary)["id"];
  bool throttled = ServiceThrottled(service, tasks, context.now);

  int new_active = 0, total_active = 0, healthy = 0;
  for (json* task : tasks) {
    if (!Active(*task)) continue;
    ++total_active;
    if ((*task)["x-berth"]["deployment"] == primary_id) ++new_active;
    if (CountsHealthy(context, *task)) ++healthy;
  }

  // Start new tasks within maximumPercent; a FAILED deployment launches none (ECS model
  // `Deployment.rolloutState`), nor does a throttled service until its wait is over.
  std::vector<std::string> started;
  int to_start = std::min(desired - new_active, max_total - total_active);
  if ((*primary)["rolloutState"] != "FAILED" && !throttled && to_start > 0) {
    const json* definition = context.definitions.Get((*primary)["taskDefinition"]);
    std::vector<json> instances;
    for (const auto& [id, doc] : context.instances) instances.push_back(doc);
    std::vector<json> live;
    for (const json& task : context.tx.List(store::kTask)) {
      if (Live(task)) live.push_back(task);
    }
    for (const json& task : cluster_tasks) {
      if (Live(task) && task["x-berth"].value("fresh", false)) live.push_back(task);
    }
    std::set<int> ports = TakenPorts(live);
    PlacementRequest request;
    request.definition = definition;
    request.strategy = service.value("placementStrategy", json::array());
    request.constraints = service.value("placementConstraints", json::array());
    request.group = "service:" + name;
    request.cluster = cluster;
    TaskOrigin from;
    from.cluster = cluster;
    from.cluster_arn = service["clusterArn"];
    from.started_by = primary_id;
    from.group = request.group;
    from.service = name;
    for (int i = 0; definition && i < to_start; ++i) {
      std::string reason;
      auto instance = Place(request, instances, live, reason);
      if (!instance) {
        model::AddEvent(service, "(service " + name +
                                     ") was unable to place a task because no container "
                                     "instance met all of its requirements. Reason: " +
                                     reason);
        break;
      }
      from.instance = *instance;
      auto doc = context.instances.find(*instance);
      from.bridge = doc != context.instances.end() && UsesBridge(*definition, doc->second);
      json task = NewTask(context.origin, *definition, from, ports);
      task["x-berth"]["fresh"] = true;
      live.push_back(task);
      cluster_tasks.push_back(task);
      started.push_back(TaskId(task));
    }
    tasks.clear();
    for (json& task : cluster_tasks) {
      if (task["x-berth"].value("service", "") == name) tasks.push_back(&task);
    }
  }
  if (!started.empty()) {
    model::AddEvent(service, "(service " + name + ") has started " +
                                 std::to_string(started.size()) + " tasks: " + TaskList(started) +
                                 ".");
  }

  // Stop what is surplus or old: unhealthy and pending tasks first, healthy ones only while
  // more than the minimum stay healthy.
  std::vector<json*> candidates;
  std::vector<json*> primary_tasks;
  for (json* task : tasks) {
    if (!Active(*task) || (*task)["x-berth"].value("fresh", false)) continue;
    if ((*task)["x-berth"]["deployment"] == primary_id) {
      primary_tasks.push_back(task);
    } else {
      candidates.push_back(task);
    }
  }
  auto unhealthy_first = [&](json* a, json* b) {
    return !CountsHealthy(context, *a) && CountsHealthy(context, *b);
  };
  std::stable_sort(primary_tasks.begin(), primary_tasks.end(), unhealthy_first);
  int surplus = new_active - desired;
  for (int i = 0; i < surplus && i < static_cast<int>(primary_tasks.size()); ++i) {
    candidates.insert(candidates.begin(), primary_tasks[i]);
  }
  std::stable_sort(candidates.begin(), candidates.end(), unhealthy_first);
  std::vector<std::string> stopped;
  int can_lose = healthy - min_healthy;
  for (json* task : candidates) {
    bool counts = CountsHealthy(context, *task);
    if (counts && can_lose <= 0) continue;
    if (counts) --can_lose;
    StopTask(*task, "Scaling activity initiated by (deployment " + primary_id + ")", context.now);
    stopped.push_back(TaskId(*task));
  }
  if (!stopped.empty()) {
    model::AddEvent(service, "(service " + name + ") has stopped " +
                                 std::to_string(stopped.size()) +
                                 " running tasks: " + TaskList(stopped) + ".");
  }
  targets::DeregisterStoppingTasks(context.tx, service, tasks, context.now);

  // Counts per deployment; a replaced deployment leaves the list once its last task is gone.
  int running = 0, pending = 0, primary_healthy = 0, lingering = 0;
  for (json& deployment : deployments) {
    int d_running = 0, d_pending = 0, d_live = 0;
    for (json* task : tasks) {
      if ((*task)["x-berth"]["deployment"] != deployment["id"]) continue;
      if (Live(*task)) ++d_live;
      if (!Active(*task)) continue;
      ((*task)["lastStatus"] == "RUNNING" ? d_running : d_pending)++;
      if (deployment["id"] == primary_id && CountsHealthy(context, *task)) ++primary_healthy;
    }
    if (deployment["runningCount"] != d_running || deployment["pendingCount"] != d_pending) {
      deployment["runningCount"] = d_running;
      deployment["pendingCount"] = d_pending;
      deployment["updatedAt"] = context.now;
    }
    deployment["desiredCount"] = deployment["id"] == primary_id ? desired : d_running + d_pending;
    deployment["x-live"] = d_live;
    running += d_running;
    pending += d_pending;
    if (deployment["id"] == primary_id) lingering += d_live - d_running - d_pending;
  }
  json kept = json::array();
  for (json& deployment : deployments) {
    int live = deployment["x-live"];
    deployment.erase("x-live");
    if (deployment["id"] == primary_id || live > 0) kept.push_back(deployment);
  }
  deployments = kept;
  primary = &deployments[0];
  service["runningCount"] = running;
  service["pendingCount"] = pending;

  bool steady = deployments.size() == 1 && running == desired && pending == 0 &&
                primary_healthy == desired && lingering == 0;
  if (steady && (*primary)["rolloutState"] == "IN_PROGRESS") {
    (*primary)["rolloutState"] = "COMPLETED";
    (*primary)["rolloutStateReason"] = "ECS deployment " + primary_id + " completed.";
    json completed = own.value("completed", json::array());
    completed.push_back({{"id", primary_id}, {"taskDefinition", (*primary)["taskDefinition"]}});
    if (completed.size() > 10) completed.erase(completed.begin());
    own["completed"] = completed;
    model::AddEvent(service,
                    "(service " + name + ") (deployment " + primary_id + ") deployment completed.");
  }
  if (steady && service["status"] == "ACTIVE") {
    model::AddEvent(service, "(service " + name + ") has reached a steady state.");
  }
  if (service["status"] == "DRAINING") {
    bool any = false;
    for (json* task : tasks) any = any || Live(*task);
    if (!any) service["status"] = "INACTIVE";
  }
  return service != before;
}

}  // namespace berth::controlplane::reconciler
