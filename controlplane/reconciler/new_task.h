// A task document as RunTask and the service scheduler create it: PROVISIONING on its instance,
// desired RUNNING, one container entry per container definition, and a host port for each
// container port. Tasks run on the host network (ECS's `host` network mode, where the host port
// is the one the container listens on: a free one each, since tasks share the machine), except
// those of networkMode `bridge` on an engine with Docker's bridge: they get real port mappings,
// the definition's hostPort or a free one (engines/create_body.h).
#pragma once

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "controlplane/model/ecs.h"

namespace berth::controlplane::reconciler {

using nlohmann::json;

struct TaskOrigin {
  std::string cluster;  // name
  std::string cluster_arn;
  std::string instance;    // engine id
  std::string started_by;  // "ecs-svc/..." for a service's deployment
  std::string group;       // "service:web" or "family:web"
  std::string service;     // the service's name, empty for RunTask
  json overrides = json::object();
  bool bridge = false;  // behind the engine's bridge with port mappings (UsesBridge)
};

// Whether a task of `definition` placed on `instance` (its store document) runs behind Docker's
// bridge: the definition asks for networkMode `bridge` and the engine has the bridge network.
bool UsesBridge(const json& definition, const json& instance);

// `taken` holds the host ports of live tasks; the new task's ports are added to it.
json NewTask(const model::Origin& origin, const json& definition, const TaskOrigin& from,
             std::set<int>& taken);

// Host ports held by these tasks' network bindings.
std::set<int> TakenPorts(const std::vector<json>& tasks);

// arn:...:container-instance/CLUSTER/ID
std::string InstanceArn(const model::Origin& origin, const std::string& cluster,
                        const std::string& instance);

}  // namespace berth::controlplane::reconciler
