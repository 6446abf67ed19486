// Container start order by `dependsOn` conditions (ECS model `ContainerDependency`), as the ECS
// agent resolves them (amazon-ecs-agent agent/engine/dependencygraph/graph.go): START once the
// dependency runs, COMPLETE once it has exited, SUCCESS once it has exited with 0, HEALTHY once
// its health check passes. A SUCCESS dependency that exits otherwise, or a dependency that
// stopped before it could satisfy the condition, can never be met: the task fails.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "controlplane/engines/engine.h"

namespace berth::controlplane::engines {

using nlohmann::json;

// The containers a launch creates but does not start: those with a condition other than START,
// and those that depend on such a container (they start once the reconciler sees it met).
std::set<std::string> DeferredContainers(const json& container_definitions);

enum class Readiness { kReady, kWaiting, kNever };

// What a dependency's `startTimeout` is counted against (ECS model `ContainerDefinition.
// startTimeout`: "Time duration (in seconds) to wait before giving up on resolving dependencies
// for a container"). As the agent counts it (graph.go hasDependencyTimedOut): from when the
// dependency started, for the COMPLETE, SUCCESS and HEALTHY conditions, while the dependency has
// not stopped; the dependent then never starts and the task stops.
struct DependencyClock {
  double now = 0;
  std::map<std::string, double> started_at;  // container name -> when it was seen running
  std::map<std::string, int> start_timeout;  // container name -> its startTimeout, seconds
};

// Whether `spec`'s dependencies are met by what the engine shows of its task's containers;
// for kNever, `why` is the agent's message. Without a clock no startTimeout runs out.
Readiness DependenciesMet(const json& spec, const std::vector<Observed>& task_containers,
                          std::string& why, const DependencyClock* clock = nullptr);

}  // namespace berth::controlplane::engines
