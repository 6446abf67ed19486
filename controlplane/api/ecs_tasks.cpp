// RunTask, StopTask, DescribeTasks, ListTasks. RunTask places the tasks at once (so its answer
// names their instances, as ECS's does); the reconciler starts their containers.
#include "controlplane/api/api.h"
#include "controlplane/reconciler/new_task.h"
#include "controlplane/reconciler/placement.h"

namespace berth::controlplane::api {

namespace {

std::vector<json> LiveTasks(Context& context) {
  std::vector<json> live;
  for (json& task : context.tx.List(store::kTask)) {
    if (task["lastStatus"] != "STOPPED") live.push_back(std::move(task));
  }
  return live;
}

std::optional<json> FindTask(Context& context, const std::string& ref) {
  return context.tx.Get(store::kTask, model::NameOf(ref));
}

}  // namespace

json RunTask(Context& context, const json& input) {
  json cluster = RequireCluster(context, input);
  auto definition = store::FindTaskDefinition(context.tx, input.value("taskDefinition", ""));
  if (!definition || (*definition)["status"] != "ACTIVE") {
    InvalidParameter("TaskDefinition not found.");
  }
  int count = input.value("count", 1);
  if (count < 1 || count > 10) InvalidParameter("Count must be between 1 and 10.");
  std::vector<json> instances = context.tx.List(store::kInstance);
  if (instances.empty()) InvalidParameter("No Container Instances were found in your cluster.");
  std::vector<json> live = LiveTasks(context);
  std::set<int> ports = reconciler::TakenPorts(live);
  reconciler::TaskOrigin from;
  from.cluster = cluster["clusterName"];
  from.cluster_arn = cluster["clusterArn"];
  from.started_by = input.value("startedBy", "");
  from.group = input.value("group", "family:" + (*definition)["family"].get<std::string>());
  from.overrides = input.value("overrides", json::object());
  reconciler::PlacementRequest request;
  request.definition = &*definition;
  request.strategy = input.value("placementStrategy", json::array());
  request.constraints = input.value("placementConstraints", json::array());
  request.group = from.group;
  request.cluster = from.cluster;
  json tasks = json::array(), failures = json::array();
  for (int i = 0; i < count; ++i) {
    std::string reason;
    auto instance = reconciler::Place(request, instances, live, reason);
    if (!instance) {
      failures.push_back({{"reason", reason}});
      continue;
    }
    from.instance = *instance;
    from.bridge = false;
    for (const json& doc : instances) {
      if (doc["id"] == *instance) from.bridge = reconciler::UsesBridge(*definition, doc);
    }
    json task = reconciler::NewTask(context.origin, *definition, from, ports);
    context.tx.Put(store::kTask, model::NameOf(task["taskArn"]), from.cluster, task);
    live.push_back(task);
    tasks.push_back(model::Public(task));
  }
  return {{"tasks", tasks}, {"failures", failures}};
}

json StopTask(Context& context, const json& input) {
  json cluster = RequireCluster(context, input);
  auto task = FindTask(context, input.value("task", ""));
  if (!task || (*task)["clusterArn"] != cluster["clusterArn"]) {
    InvalidParameter("The referenced task was not found.");
  }
  if ((*task)["desiredStatus"] != "STOPPED") {
    (*task)["desiredStatus"] = "STOPPED";
    (*task)["stopCode"] = "UserInitiated";
    (*task)["stoppedReason"] = input.value("reason", "Task stopped by user");
    (*task)["stoppingAt"] = model::Now();
    (*task)["version"] = (*task)["version"].get<int>() + 1;
    context.tx.Put(store::kTask, model::NameOf((*task)["taskArn"]),
                   cluster["clusterName"].get<std::string>(), *task);
  }
  return {{"task", model::Public(*task)}};
}

json DescribeTasks(Context& context, const json& input) {
  json cluster = RequireCluster(context, input);
  json refs = input.value("tasks", json::array());
  if (refs.empty()) InvalidParameter("Tasks cannot be empty.");
  if (refs.size() > 100) InvalidParameter("tasks can have at most 100 items.");
  json tasks = json::array(), failures = json::array();
  for (const json& ref : refs) {
    auto task = FindTask(context, ref.get<std::string>());
    if (!task || (*task)["clusterArn"] != cluster["clusterArn"]) {
      failures.push_back({{"arn", ref}, {"reason", "MISSING"}});
      continue;
    }
    tasks.push_back(model::Public(*task));
  }
  return {{"tasks", tasks}, {"failures", failures}};
}

json ListTasks(Context& context, const json& input) {
  json cluster = RequireCluster(context, input);
  std::string name = cluster["clusterName"];
  // ECS never sets a desired status of PENDING; the list shows desired RUNNING by default (ECS
  // model `ListTasksRequest.desiredStatus`).
  std::string desired = input.value("desiredStatus", "RUNNING");
  std::string service = input.value("serviceName", "");
  if (!service.empty() && !context.tx.Get(store::kService, name + "/" + model::NameOf(service))) {
    throw ApiError("ServiceNotFoundException", "Service not found.");
  }
  std::string family = input.value("family", "");
  std::string started_by = input.value("startedBy", "");
  std::string instance = model::NameOf(input.value("containerInstance", ""));
  json arns = json::array();
  for (const json& task : context.tx.List(store::kTask, &name)) {
    if (task["desiredStatus"] != desired) continue;
    if (!service.empty() && task["group"] != "service:" + model::NameOf(service)) continue;
    if (!family.empty() && model::NameOf(task["taskDefinitionArn"]).rfind(family + ":", 0) != 0) {
      continue;
    }
    if (!started_by.empty() && task.value("startedBy", "") != started_by) continue;
    if (!instance.empty() && task["x-berth"]["instance"] != instance) continue;
    arns.push_back(task["taskArn"]);
  }
  return {{"taskArns", arns}};
}

}  // namespace berth::controlplane::api
