// ListContainerInstances, DescribeContainerInstances. Each Docker engine given to `berth serve`
// is a container instance of every cluster (berth has no per-cluster agent registration): its
// registered resources are what the engine reports, its remaining ones what its live tasks leave.
#include "controlplane/api/api.h"
#include "controlplane/reconciler/new_task.h"

namespace berth::controlplane::api {

namespace {

json Resources(int cpu, int memory) {
  return json::array(
      {{{"name", "CPU"}, {"type", "INTEGER"}, {"integerValue", cpu}},
       {{"name", "MEMORY"}, {"type", "INTEGER"}, {"integerValue", memory}},
       {{"name", "PORTS"}, {"type", "STRINGSET"}, {"stringSetValue", json::array()}}});
}

json Describe(Context& context, const std::string& cluster, const json& instance) {
  std::string id = instance["id"];
  int cpu = instance.value("cpu", 0), memory = instance.value("memory", 0);
  int running = 0, pending = 0;
  for (const json& task : context.tx.List(store::kTask)) {
    if (task["x-berth"].value("instance", "") != id || task["lastStatus"] == "STOPPED") continue;
    cpu -= std::atoi(task.value("cpu", "0").c_str());
    memory -= std::atoi(task.value("memory", "0").c_str());
    if (task["x-berth"].value("cluster", "") != cluster) continue;
    (task["lastStatus"] == "RUNNING" ? running : pending)++;
  }
  bool connected = instance.value("connected", false);
  return {{"containerInstanceArn", reconciler::InstanceArn(context.origin, cluster, id)},
          {"ec2InstanceId", id},
          {"version", instance.value("version", 1)},
          {"versionInfo",
           {{"agentVersion", "berth"}, {"dockerVersion", instance.value("dockerVersion", "")}}},
          {"status", "ACTIVE"},
          {"statusReason", connected ? "" : instance.value("error", "")},
          {"agentConnected", connected},
          {"runningTasksCount", running},
          {"pendingTasksCount", pending},
          {"registeredResources", Resources(instance.value("cpu", 0), instance.value("memory", 0))},
          {"remainingResources", Resources(cpu, memory)},
          {"attributes",
           json::array({{{"name", "berth.engine"}, {"value", instance.value("socket", "")}}})},
          {"registeredAt", instance.value("registeredAt", 0.0)},
          {"attachments", json::array()},
          {"tags", json::array()}};
}

}  // namespace

json ListContainerInstances(Context& context, const json& input) {
  json cluster = RequireCluster(context, input);
  json arns = json::array();
  for (const json& instance : context.tx.List(store::kInstance)) {
    arns.push_back(reconciler::InstanceArn(context.origin, cluster["clusterName"], instance["id"]));
  }
  return {{"containerInstanceArns", arns}};
}

json DescribeContainerInstances(Context& context, const json& input) {
  json cluster = RequireCluster(context, input);
  json refs = input.value("containerInstances", json::array());
  if (refs.empty()) InvalidParameter("ContainerInstances cannot be empty.");
  json instances = json::array(), failures = json::array();
  for (const json& ref : refs) {
    auto instance = context.tx.Get(store::kInstance, model::NameOf(ref.get<std::string>()));
    if (!instance) {
      failures.push_back({{"arn", ref}, {"reason", "MISSING"}});
      continue;
    }
    instances.push_back(Describe(context, cluster["clusterName"], *instance));
  }
  return {{"containerInstances", instances}, {"failures", failures}};
}

}  // namespace berth::controlplane::api
