// Cloud Map instances of ECS services (issue 14): a service with serviceRegistries has each of
// its RUNNING tasks registered in each registry's Cloud Map service, as ECS registers them
// (instance id = task id; attributes AWS_INSTANCE_IPV4, AWS_INSTANCE_PORT, AVAILABILITY_ZONE,
// REGION, ECS_CLUSTER_NAME, ECS_SERVICE_NAME, ECS_TASK_DEFINITION_FAMILY), and deregistered once
// the task is to stop. Every task runs on the engine's host network, so the address is
// 127.0.0.1 and the port the task's host port. The reconciler calls SyncInstances in its
// transaction every tick; RegisterInstance's own instances (no task) are left alone.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "controlplane/model/ecs.h"
#include "controlplane/store/store.h"

namespace berth::controlplane::discovery {

using nlohmann::json;

// Store kinds (the Cloud Map services are store::kDiscoveryService, key: service id).
inline constexpr const char* kNamespace = "servicediscovery.namespace";  // key: namespace id
inline constexpr const char* kInstance =
    "servicediscovery.instance";  // key: service id|instance id, parent: service id
inline constexpr const char* kOperation = "servicediscovery.operation";  // key: operation id

std::string InstanceKey(const std::string& service_id, const std::string& instance_id);

// "arn:aws:servicediscovery:R:A:service/srv-x" (or a bare id) -> "srv-x".
std::string ServiceIdOf(const std::string& arn);

// Registers the RUNNING tasks of services with serviceRegistries, deregisters the others.
// `tasks`: every task not STOPPED, by cluster name.
void SyncInstances(store::Tx& tx, const model::Origin& origin,
                   const std::map<std::string, std::vector<json>>& tasks,
                   const std::vector<json>& services);

// An instance's health: x-berth.health, HEALTHY unless set otherwise.
std::string HealthOf(const json& instance);

}  // namespace berth::controlplane::discovery
