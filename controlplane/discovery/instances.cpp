#include "controlplane/discovery/instances.h"

#include <set>

namespace berth::controlplane::discovery {

namespace {

std::string TaskIdOf(const json& task) {
  std::string arn = task["taskArn"];
  return arn.substr(arn.rfind('/') + 1);
}

std::string FamilyOf(const json& task) {
  // ...:task-definition/FAMILY:REVISION
  std::string arn = task.value("taskDefinitionArn", "");
  size_t slash = arn.rfind('/');
  std::string family = slash == std::string::npos ? arn : arn.substr(slash + 1);
  return family.substr(0, family.rfind(':'));
}

// The binding a registry names: its container's containerPort, else the binding of `port`,
// else the task's first binding; null when the task has none.
json Binding(const json& task, const json& registry) {
  std::string container = registry.value("containerName", "");
  int wanted = registry.value("containerPort", registry.value("port", 0));
  json first;
  for (const json& c : task.value("containers", json::array())) {
    for (const json& binding : c.value("networkBindings", json::array())) {
      if (first.is_null()) first = binding;
      bool container_matches = container.empty() || c.value("name", "") == container;
      if (container_matches && wanted != 0 && binding.value("containerPort", 0) == wanted) {
        return binding;
      }
    }
  }
  return first;
}

}  // namespace

std::string InstanceKey(const std::string& service_id, const std::string& instance_id) {
  return service_id + "|" + instance_id;
}

std::string ServiceIdOf(const std::string& arn) {
  size_t at = arn.rfind("service/");
  return at == std::string::npos ? arn : arn.substr(at + 8);
}

std::string HealthOf(const json& instance) {
  return instance.contains("x-berth") ? instance["x-berth"].value("health", "HEALTHY") : "HEALTHY";
}

void SyncInstances(store::Tx& tx, const model::Origin& origin,
                   const std::map<std::string, std::vector<json>>& tasks,
                   const std::vector<json>& services) {
  // What should be registered: key -> document.
  std::map<std::string, json> desired;
  for (const json& service : services) {
    json registries = service.value("serviceRegistries", json::array());
    if (registries.empty() || service.value("status", "") == "INACTIVE") continue;
    std::string cluster = model::NameOf(service["clusterArn"]);
    std::string name = service["serviceName"];
    auto found = tasks.find(cluster);
    if (found == tasks.end()) continue;
    for (const json& task : found->second) {
      if (task.value("lastStatus", "") != "RUNNING" ||
          task.value("desiredStatus", "") != "RUNNING" ||
          task["x-berth"].value("service", "") != name) {
        continue;
      }
      std::string id = TaskIdOf(task);
      for (const json& registry : registries) {
        std::string service_id = ServiceIdOf(registry.value("registryArn", ""));
        if (service_id.empty()) continue;
        json attributes = {
            {"AWS_INSTANCE_IPV4", "127.0.0.1"}, {"AVAILABILITY_ZONE", origin.region + "a"},
            {"REGION", origin.region},          {"ECS_CLUSTER_NAME", cluster},
            {"ECS_SERVICE_NAME", name},         {"ECS_TASK_DEFINITION_FAMILY", FamilyOf(task)}};
        json binding = Binding(task, registry);
        json meta = {{"service", service_id}, {"task", id}};
        if (binding.is_object()) {
          attributes["AWS_INSTANCE_PORT"] = std::to_string(binding.value("hostPort", 0));
          // The port the stack's own addresses name (backend.shop.internal:8080): environment.h
          // maps it to this instance's.
          meta["containerPort"] = binding.value("containerPort", 0);
        }
        meta["health"] =
            task.value("healthStatus", "UNKNOWN") == "UNHEALTHY" ? "UNHEALTHY" : "HEALTHY";
        desired[InstanceKey(service_id, id)] = {
            {"Id", id}, {"Attributes", attributes}, {"x-berth", meta}};
      }
    }
  }
  std::set<std::string> touched;  // Cloud Map services whose instances changed
  std::set<std::string> existing;
  for (const json& instance : tx.List(kInstance)) {
    const json& meta = instance.value("x-berth", json::object());
    std::string key = InstanceKey(meta.value("service", ""), instance.value("Id", ""));
    existing.insert(key);
    if (meta.value("task", "").empty()) continue;  // RegisterInstance's own
    auto want = desired.find(key);
    if (want == desired.end()) {
      tx.Delete(kInstance, key);
      touched.insert(meta.value("service", ""));
    } else if (want->second != instance) {
      tx.Put(kInstance, key, meta.value("service", ""), want->second);
    }
  }
  for (const auto& [key, doc] : desired) {
    if (existing.count(key)) continue;
    std::string service_id = doc["x-berth"]["service"];
    // A registry naming a Cloud Map service that is not there registers nothing.
    if (!tx.Get(store::kDiscoveryService, service_id)) continue;
    tx.Put(kInstance, key, service_id, doc);
    touched.insert(service_id);
  }
  for (const std::string& service_id : touched) {
    auto service = tx.Get(store::kDiscoveryService, service_id);
    if (!service) continue;
    (*service)["InstanceCount"] = static_cast<int>(tx.List(kInstance, &service_id).size());
    tx.Put(store::kDiscoveryService, service_id, "", *service);
  }
}

}  // namespace berth::controlplane::discovery
