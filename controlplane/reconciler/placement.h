// Where a new task goes: the container instances (Docker engines) that are connected and have
// the CPU and memory left for it, then the service's placement constraints and strategies
// (ECS model `PlacementStrategy`, `PlacementConstraint`): `distinctInstance`, `spread` by
// instance, `binpack` on memory or cpu, `random`. With no strategy ECS spreads a service's tasks
// over instances (the `UpdateService` doc's default placement), and so does berth.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace berth::controlplane::reconciler {

using nlohmann::json;

// CPU units and MiB a task of `definition` reserves: the task-level values when set, else the
// sum over its containers (memory, or memoryReservation).
struct Demand {
  int cpu = 0;
  int memory = 0;
};
Demand DemandOf(const json& definition);

struct PlacementRequest {
  const json* definition = nullptr;
  json strategy = json::array();     // [{type, field}]
  json constraints = json::array();  // [{type, expression}]
  std::string group;                 // "service:web": whose tasks spread and distinctInstance see
  // The cluster's name: an instance registered into another cluster is no candidate (those of
  // `berth serve --engine` belong to every cluster).
  std::string cluster;
};

// Whether the instance document is a container instance of `cluster` that takes tasks: given
// on the command line (every cluster's) or registered into it, and not deregistered.
bool InstanceOfCluster(const json& instance, const std::string& cluster);

// The chosen instance id among `instances` (store documents) given the tasks that hold
// resources now (`tasks`: not STOPPED); nullopt with ECS's reason ("RESOURCE:MEMORY", "No
// Container Instances were found in your cluster.") when none fits.
std::optional<std::string> Place(const PlacementRequest& request,
                                 const std::vector<json>& instances, const std::vector<json>& tasks,
                                 std::string& reason);

}  // namespace berth::controlplane::reconciler
