#include "controlplane/reconciler/placement.h"

#include <algorithm>
#include <map>
#include <random>
#include <set>

namespace berth::controlplane::reconciler {

namespace {

int IntOf(const json& value) {
  if (value.is_number()) return value.get<int>();
  if (value.is_string()) return std::atoi(value.get<std::string>().c_str());
  return 0;
}

// The fixed host ports a task of `definition` asks for behind a bridge (ECS reserves them on
// the instance: model `PortMapping.hostPort`, "Any host port that was previously specified in a
// running task is also reserved while the task is running").
std::set<int> FixedHostPorts(const json& definition) {
  std::set<int> ports;
  if (definition.value("networkMode", "") != "bridge") return ports;
  for (const json& container : definition.value("containerDefinitions", json::array())) {
    for (const json& mapping : container.value("portMappings", json::array())) {
      if (mapping.value("hostPort", 0) != 0) ports.insert(mapping["hostPort"].get<int>());
    }
  }
  return ports;
}

struct Candidate {
  std::string id;
  bool bridge = false;
  std::set<int> ports;  // host ports its tasks hold
  int cpu_left = 0;
  int memory_left = 0;
  int group_tasks = 0;  // tasks of the same group on it
  int tasks = 0;
  int order = 0;
};

}  // namespace

bool InstanceOfCluster(const json& instance, const std::string& cluster) {
  if (instance.value("status", "ACTIVE") == "INACTIVE") return false;
  return !instance.contains("cluster") || instance["cluster"] == cluster;
}

Demand DemandOf(const json& definition) {
  Demand demand;
  demand.cpu = IntOf(definition.value("cpu", json()));
  demand.memory = IntOf(definition.value("memory", json()));
  int cpu = 0, memory = 0;
  for (const json& container : definition.value("containerDefinitions", json::array())) {
    cpu += IntOf(container.value("cpu", json()));
    int hard = IntOf(container.value("memory", json()));
    memory += hard ? hard : IntOf(container.value("memoryReservation", json()));
  }
  if (demand.cpu == 0) demand.cpu = cpu;
  if (demand.memory == 0) demand.memory = memory;
  return demand;
}

std::optional<std::string> Place(const PlacementRequest& request,
                                 const std::vector<json>& instances, const std::vector<json>& tasks,
                                 std::string& reason) {
  std::vector<Candidate> candidates;
  std::map<std::string, Candidate*> by_id;
  int order = 0;
  for (const json& instance : instances) {
    if (!instance.value("connected", false)) continue;
    if (!request.cluster.empty() && !InstanceOfCluster(instance, request.cluster)) continue;
    Candidate c;
    c.id = instance["id"];
    c.cpu_left = instance.value("cpu", 0);
    c.memory_left = instance.value("memory", 0);
    c.bridge = instance.value("bridge", false);
    c.order = order++;
    candidates.push_back(c);
  }
  if (candidates.empty()) {
    reason = "No Container Instances were found in your cluster.";
    return std::nullopt;
  }
  for (Candidate& c : candidates) by_id[c.id] = &c;
  for (const json& task : tasks) {
    auto found = by_id.find(task["x-berth"].value("instance", ""));
    if (found == by_id.end()) continue;
    Candidate& c = *found->second;
    c.cpu_left -= IntOf(task.value("cpu", json()));
    c.memory_left -= IntOf(task.value("memory", json()));
    ++c.tasks;
    for (const json& container : task.value("containers", json::array())) {
      for (const json& binding : container.value("networkBindings", json::array())) {
        c.ports.insert(binding.value("hostPort", 0));
      }
    }
    if (task.value("group", "") == request.group) ++c.group_tasks;
  }
  Demand demand = DemandOf(*request.definition);
  std::set<int> fixed = FixedHostPorts(*request.definition);
  std::vector<Candidate> fits;
  bool cpu_short = false, ports_taken = false;
  for (const Candidate& c : candidates) {
    if (c.cpu_left < demand.cpu) {
      cpu_short = true;
      continue;
    }
    if (c.memory_left < demand.memory) continue;
    // Fixed ports matter behind a bridge only: on the host network berth gives every task
    // free ports of its own.
    bool taken = false;
    for (int port : fixed) taken = taken || (c.bridge && c.ports.count(port));
    if (taken) {
      ports_taken = true;
      continue;
    }
    fits.push_back(c);
  }
  if (fits.empty()) {
    reason = cpu_short ? "RESOURCE:CPU" : ports_taken ? "RESOURCE:PORTS" : "RESOURCE:MEMORY";
    return std::nullopt;
  }
  for (const json& constraint : request.constraints) {
    if (constraint.value("type", "") != "distinctInstance") continue;
    std::erase_if(fits, [](const Candidate& c) { return c.group_tasks > 0; });
    if (fits.empty()) {
      reason = "DistinctInstance placement constraint unsatisfied.";
      return std::nullopt;
    }
  }
  json strategy = request.strategy;
  if (strategy.empty()) strategy = json::array({{{"type", "spread"}, {"field", "instanceId"}}});
  // Strategies apply in order: each later one only breaks the earlier ones' ties, which a
  // stable sort by the strategies in reverse order gives.
  std::stable_sort(fits.begin(), fits.end(),
                   [](const Candidate& a, const Candidate& b) { return a.order < b.order; });
  for (auto it = strategy.rbegin(); it != strategy.rend(); ++it) {
    std::string type = it->value("type", "");
    std::string field = it->value("field", "");
    if (type == "spread") {
      std::stable_sort(fits.begin(), fits.end(), [](const Candidate& a, const Candidate& b) {
        return a.group_tasks != b.group_tasks ? a.group_tasks < b.group_tasks : a.tasks < b.tasks;
      });
    } else if (type == "binpack") {
      bool cpu = field == "cpu" || field == "CPU";
      std::stable_sort(fits.begin(), fits.end(), [cpu](const Candidate& a, const Candidate& b) {
        return cpu ? a.cpu_left < b.cpu_left : a.memory_left < b.memory_left;
      });
    } else if (type == "random") {
      thread_local std::mt19937 rng(std::random_device{}());
      std::shuffle(fits.begin(), fits.end(), rng);
    }
  }
  return fits.front().id;
}

}  // namespace berth::controlplane::reconciler
