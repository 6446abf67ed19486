#include "controlplane/reconciler/new_task.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "controlplane/reconciler/placement.h"

namespace berth::controlplane::reconciler {

namespace {

// A port the kernel calls free now, not held by another task (which may not listen yet).
int FreePort(const std::set<int>& taken) {
  for (int attempt = 0; attempt < 64; ++attempt) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return 0;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t size = sizeof address;
    int port = 0;
    if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
        getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) == 0) {
      port = ntohs(address.sin_port);
    }
    close(fd);
    if (port != 0 && !taken.count(port)) return port;
  }
  return 0;
}

}  // namespace

std::string InstanceArn(const model::Origin& origin, const std::string& cluster,
                        const std::string& instance) {
  return model::Arn(origin, "container-instance/" + cluster + "/" + instance);
}

bool UsesBridge(const json& definition, const json& instance) {
  return definition.value("networkMode", "") == "bridge" && instance.value("bridge", false);
}

std::set<int> TakenPorts(const std::vector<json>& tasks) {
  std::set<int> taken;
  for (const json& task : tasks) {
    for (const json& container : task.value("containers", json::array())) {
      for (const json& binding : container.value("networkBindings", json::array())) {
        taken.insert(binding.value("hostPort", 0));
      }
    }
  }
  return taken;
}

json NewTask(const model::Origin& origin, const json& definition, const TaskOrigin& from,
             std::set<int>& taken) {
  std::string id = model::NewTaskId();
  std::string arn = model::Arn(origin, "task/" + from.cluster + "/" + id);
  Demand demand = DemandOf(definition);
  json containers = json::array();
  for (const json& spec : definition["containerDefinitions"]) {
    json bindings = json::array();
    for (const json& mapping : spec.value("portMappings", json::array())) {
      int container_port = mapping.value("containerPort", 0);
      if (container_port == 0) continue;
      // On the host network a fixed hostPort would let only one task run per machine: each
      // gets a free one, as a bridge's dynamic port would be. Behind the bridge the
      // definition's hostPort is kept (ECS model `PortMapping.hostPort`), 0 or none meaning an
      // ephemeral one.
      int fixed = from.bridge ? mapping.value("hostPort", 0) : 0;
      int host_port = fixed != 0 ? fixed : FreePort(taken);
      taken.insert(host_port);
      bindings.push_back({{"bindIP", from.bridge ? "127.0.0.1" : "0.0.0.0"},
                          {"containerPort", container_port},
                          {"hostPort", host_port},
                          {"protocol", mapping.value("protocol", "tcp")}});
    }
    json container = {{"containerArn", model::Arn(origin, "container/" + from.cluster + "/" + id +
                                                              "/" + model::NewTaskId())},
                      {"taskArn", arn},
                      {"name", spec["name"]},
                      {"image", spec["image"]},
                      {"lastStatus", "PENDING"},
                      {"networkBindings", bindings},
                      {"networkInterfaces", json::array()},
                      {"healthStatus", "UNKNOWN"},
                      {"essential", spec.value("essential", true)}};
    if (spec.contains("cpu")) container["cpu"] = std::to_string(spec["cpu"].get<int>());
    if (spec.contains("memory")) container["memory"] = std::to_string(spec["memory"].get<int>());
    containers.push_back(container);
  }
  json overrides = from.overrides.is_object() ? from.overrides : json::object();
  if (!overrides.contains("containerOverrides")) overrides["containerOverrides"] = json::array();
  if (!overrides.contains("inferenceAcceleratorOverrides")) {
    overrides["inferenceAcceleratorOverrides"] = json::array();
  }
  json task = {{"taskArn", arn},
               {"clusterArn", from.cluster_arn},
               {"taskDefinitionArn", definition["taskDefinitionArn"]},
               {"containerInstanceArn", InstanceArn(origin, from.cluster, from.instance)},
               {"lastStatus", "PROVISIONING"},
               {"desiredStatus", "RUNNING"},
               {"group", from.group},
               {"launchType", "EC2"},
               {"cpu", std::to_string(demand.cpu)},
               {"memory", std::to_string(demand.memory)},
               {"createdAt", model::Now()},
               {"version", 1},
               {"containers", containers},
               {"overrides", overrides},
               {"attachments", json::array()},
               {"tags", json::array()},
               {"healthStatus", "UNKNOWN"},
               {"x-berth",
                {{"instance", from.instance},
                 {"cluster", from.cluster},
                 {"service", from.service},
                 {"network", from.bridge ? "bridge" : "host"},
                 {"deployment", from.service.empty() ? "" : from.started_by}}}};
  if (!from.started_by.empty()) task["startedBy"] = from.started_by;
  return task;
}

}  // namespace berth::controlplane::reconciler
