// ListContainerInstances, DescribeContainerInstances, RegisterContainerInstance,
// DeregisterContainerInstance. A container instance is a Docker engine: those given to
// `berth serve --engine` are instances of every cluster (berth has no agent on them to register
// them); one registered through the API belongs to its cluster, names its engine in the
// attribute `berth.engine` (unix:///PATH/docker.sock), and is kept in the store, so the
// reconciler follows it again after a restart. Registered resources are what the engine
// reports, remaining ones what its live tasks leave.
#include "controlplane/api/api.h"
#include "controlplane/engines/engine.h"
#include "controlplane/reconciler/new_task.h"
#include "controlplane/reconciler/placement.h"
#include "controlplane/targets/service_targets.h"

namespace berth::controlplane::api {

namespace {

// The attribute that names an instance's Docker engine, in DescribeContainerInstances and in
// RegisterContainerInstance alike.
constexpr const char* kEngineAttribute = "berth.engine";
constexpr const char* kBridgeAttribute = "berth.bridge";

json Resources(int cpu, int memory) {
  return json::array(
      {{{"name", "CPU"}, {"type", "INTEGER"}, {"integerValue", cpu}},
       {{"name", "MEMORY"}, {"type", "INTEGER"}, {"integerValue", memory}},
       {{"name", "PORTS"}, {"type", "STRINGSET"}, {"stringSetValue", json::array()}}});
}

bool Live(const json& task) { return task["lastStatus"] != "STOPPED"; }

json Describe(Context& context, const std::string& cluster, const json& instance) {
  std::string id = instance["id"];
  int cpu = instance.value("cpu", 0), memory = instance.value("memory", 0);
  int running = 0, pending = 0;
  for (const json& task : context.tx.List(store::kTask)) {
    if (task["x-berth"].value("instance", "") != id || !Live(task)) continue;
    cpu -= std::atoi(task.value("cpu", "0").c_str());
    memory -= std::atoi(task.value("memory", "0").c_str());
    if (task["x-berth"].value("cluster", "") != cluster) continue;
    (task["lastStatus"] == "RUNNING" ? running : pending)++;
  }
  std::string status = instance.value("status", "ACTIVE");
  bool connected = instance.value("connected", false) && status != "INACTIVE";
  json attributes = json::array();
  for (const json& attribute : instance.value("attributes", json::array())) {
    std::string name = attribute.value("name", "");
    if (name != kEngineAttribute && name != kBridgeAttribute) attributes.push_back(attribute);
  }
  attributes.push_back(
      {{"name", kEngineAttribute}, {"value", "unix://" + instance.value("socket", "")}});
  if (instance.contains("bridge")) {
    attributes.push_back(
        {{"name", kBridgeAttribute}, {"value", instance["bridge"].get<bool>() ? "true" : "false"}});
  }
  return {{"containerInstanceArn", reconciler::InstanceArn(context.origin, cluster, id)},
          {"ec2InstanceId", instance.value("ec2InstanceId", id)},
          {"version", instance.value("version", 1)},
          {"versionInfo",
           {{"agentVersion", "berth"}, {"dockerVersion", instance.value("dockerVersion", "")}}},
          {"status", status},
          {"statusReason", connected ? "" : instance.value("error", "")},
          {"agentConnected", connected},
          {"runningTasksCount", running},
          {"pendingTasksCount", pending},
          {"registeredResources", Resources(instance.value("cpu", 0), instance.value("memory", 0))},
          {"remainingResources", Resources(cpu, memory)},
          {"attributes", attributes},
          {"registeredAt", instance.value("registeredAt", 0.0)},
          {"attachments", json::array()},
          {"tags", instance.value("tags", json::array())}};
}

// The instance a request names, in the request's cluster.
json RequireInstance(Context& context, const std::string& cluster, const std::string& ref) {
  auto instance = context.tx.Get(store::kInstance, model::NameOf(ref));
  if (!instance || !instance->contains("id") ||
      (instance->contains("cluster") && (*instance)["cluster"] != cluster)) {
    InvalidParameter("The referenced container instance was not found.");
  }
  return *instance;
}

// The engine's socket path from the `berth.engine` attribute (unix:///PATH/docker.sock).
std::string EngineSocket(const json& attributes) {
  std::string value;
  for (const json& attribute : attributes) {
    if (attribute.value("name", "") == kEngineAttribute) value = attribute.value("value", "");
  }
  const std::string scheme = "unix://";
  if (value.empty()) {
    InvalidParameter(
        "berth serve runs tasks on Docker engines: name the instance's engine with the attribute "
        "berth.engine (--attributes name=berth.engine,value=unix:///PATH/docker.sock).");
  }
  if (value.rfind(scheme, 0) != 0 || value.size() == scheme.size() || value[scheme.size()] != '/') {
    InvalidParameter("The attribute berth.engine must be unix:///PATH/docker.sock, not '" + value +
                     "'.");
  }
  return value.substr(scheme.size());
}

}  // namespace

json ListContainerInstances(Context& context, const json& input) {
  json cluster = RequireCluster(context, input);
  std::string name = cluster["clusterName"];
  // ECS model `ListContainerInstancesRequest.status`: without it, every status but INACTIVE.
  std::string status = input.value("status", "");
  json arns = json::array();
  for (const json& instance : context.tx.List(store::kInstance)) {
    if (!instance.contains("id")) continue;
    if (instance.contains("cluster") && instance["cluster"] != name) continue;
    std::string own = instance.value("status", "ACTIVE");
    if (status.empty() ? own == "INACTIVE" : own != status) continue;
    arns.push_back(reconciler::InstanceArn(context.origin, name, instance["id"]));
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
    if (!instance ||
        (instance->contains("cluster") && (*instance)["cluster"] != cluster["clusterName"])) {
      failures.push_back({{"arn", ref}, {"reason", "MISSING"}});
      continue;
    }
    instances.push_back(Describe(context, cluster["clusterName"], *instance));
  }
  return {{"containerInstances", instances}, {"failures", failures}};
}

json RegisterContainerInstance(Context& context, const json& input) {
  json cluster = RequireCluster(context, input);
  std::string name = cluster["clusterName"];
  json attributes = input.value("attributes", json::array());
  engines::Engine engine(EngineSocket(attributes));
  std::string id = engine.Id();
  auto existing = context.tx.Get(store::kInstance, id);
  if (existing && !existing->value("registered", false)) {
    InvalidParameter("The engine unix://" + engine.socket() +
                     " is berth serve's --engine, a container instance of every cluster already.");
  }
  bool active = existing && existing->value("status", "ACTIVE") != "INACTIVE";
  if (active && (*existing)["cluster"] != name) {
    InvalidParameter("The engine unix://" + engine.socket() + " is registered in cluster " +
                     (*existing)["cluster"].get<std::string>() + "; deregister it there first.");
  }
  if (input.contains("containerInstanceArn") &&
      model::NameOf(input["containerInstanceArn"].get<std::string>()) != id) {
    InvalidParameter("containerInstanceArn does not name the instance of the engine unix://" +
                     engine.socket() + ".");
  }
  // The agent registers from the instance itself; berth serve reaches the engine to know it is
  // there and what it has, so a wrong path fails here and not at the first placement.
  engines::Capacity capacity;
  std::string error;
  if (!engine.Capacity(capacity, error)) {
    InvalidParameter("berth serve cannot reach the Docker engine at unix://" + engine.socket() +
                     ": " + error);
  }
  double now = model::Now();
  json doc = existing.value_or(json::object());
  doc["id"] = id;
  doc["socket"] = engine.socket();
  doc["registered"] = true;
  doc["cluster"] = name;
  doc["status"] = "ACTIVE";
  if (!active) doc["registeredAt"] = now;
  doc["connected"] = true;
  doc.erase("disconnectedAt");
  doc.erase("error");
  doc["cpu"] = capacity.cpu;
  doc["memory"] = capacity.memory;
  doc["dockerVersion"] = capacity.version;
  doc["bridge"] = capacity.bridge;
  doc["attributes"] = attributes;
  doc["version"] = doc.value("version", 0) + 1;
  if (input.contains("tags")) doc["tags"] = input["tags"];
  // The EC2 instance identity document, when given, names the instance as EC2 would.
  std::string identity = input.value("instanceIdentityDocument", "");
  if (!identity.empty()) {
    json document = json::parse(identity, nullptr, false);
    if (document.is_discarded() || !document.is_object()) {
      InvalidParameter("instanceIdentityDocument is not a JSON document.");
    }
    if (document.contains("instanceId")) doc["ec2InstanceId"] = document["instanceId"];
  }
  context.tx.Put(store::kInstance, id, "", doc);
  return {{"containerInstance", Describe(context, name, doc)}};
}

json DeregisterContainerInstance(Context& context, const json& input) {
  json cluster = RequireCluster(context, input);
  std::string name = cluster["clusterName"];
  json instance = RequireInstance(context, name, input.value("containerInstance", ""));
  std::string id = instance["id"];
  if (!instance.value("registered", false)) {
    InvalidParameter("Container instance " + id + " is berth serve's --engine unix://" +
                     instance.value("socket", "") +
                     ", an instance of every cluster while the server runs with it.");
  }
  if (instance.value("status", "ACTIVE") == "INACTIVE") {
    return {{"containerInstance", Describe(context, name, instance)}};
  }
  std::vector<json> tasks;
  for (json& task : context.tx.List(store::kTask)) {
    if (task["x-berth"].value("instance", "") == id && Live(task)) tasks.push_back(task);
  }
  // ECS model `DeregisterContainerInstanceRequest.force`: without it, an instance with tasks is
  // refused; with it, its tasks keep running but are orphaned, no longer accounted for, and a
  // service starts another copy elsewhere. Their targets are deregistered and drain.
  if (!tasks.empty() && !input.value("force", false)) {
    InvalidParameter("Found running tasks on the instance.");
  }
  double now = model::Now();
  for (json& task : tasks) {
    targets::HoldForDraining(context.tx, task, now);
    task["lastStatus"] = "STOPPED";
    task["desiredStatus"] = "STOPPED";
    if (!task.contains("stopCode")) task["stopCode"] = "TerminationNotice";
    if (!task.contains("stoppedReason")) {
      task["stoppedReason"] = "Container instance " + id +
                              " was deregistered with force: the task was orphaned, its "
                              "containers left running on the engine.";
    }
    if (!task.contains("stoppingAt")) task["stoppingAt"] = now;
    task["stoppedAt"] = now;
    task["executionStoppedAt"] = now;
    for (json& container : task["containers"]) container["lastStatus"] = "STOPPED";
    task["version"] = task.value("version", 1) + 1;
    context.tx.Put(store::kTask, model::NameOf(task["taskArn"]),
                   task["x-berth"].value("cluster", ""), task);
  }
  instance["status"] = "INACTIVE";
  instance["connected"] = false;
  instance["version"] = instance.value("version", 1) + 1;
  context.tx.Put(store::kInstance, id, "", instance);
  return {{"containerInstance", Describe(context, name, instance)}};
}

}  // namespace berth::controlplane::api
