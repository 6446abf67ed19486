// Container start order by `dependsOn` conditions (ECS model `ContainerDependency`), as the ECS
// agent resolves them (amazon-ecs-agent agent/engine/dependencygraph/graph.go): START once the
// dependency runs, COMPLETE once it has exited, SUCCESS once it has exited with 0, HEALTHY once
// its health check passes. A SUCCESS dependency that exits otherwise, or a dependency that
// stopped before it could satisfy the condition, can never be met: the task fails.
#pragma once

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

// Whether `spec`'s dependencies are met by what the engine shows of its task's containers;
// for kNever, `why` is the agent's message.
Readiness DependenciesMet(const json& spec, const std::vector<Observed>& task_containers,
                          std::string& why);

}  // namespace berth::controlplane::engines
