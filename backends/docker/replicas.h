// A replica is one running copy of a service's task: its containers (sidecars share its
// network namespace), started in depends_on order, found again by their labels.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "backends/docker/engine_client.h"
#include "backends/docker/task_spec.h"

namespace berth::docker {

using Clock = std::chrono::steady_clock;

struct ReplicaContainer {
  std::string id;
  std::string container;  // its label in the task
  bool essential = true;
  std::string state;   // created, running, restarting, exited, dead...
  std::string health;  // "", "starting", "healthy", "unhealthy"
};

struct Replica {
  std::string id;  // io.berth.replica
  int slot = 0;
  std::string config_hash;
  std::vector<ReplicaContainer> containers;
  // Every essential container running and none unhealthy: what the plan counts as live.
  bool Up() const;
};

// The replicas of each service of `stack`, by service address, from one container listing.
bool ListStackReplicas(const EngineClient& engine, const std::string& stack,
                       std::map<std::string, std::vector<Replica>>& by_address, std::string& error);

// Who a replica belongs to, and what it runs.
struct ReplicaOwner {
  std::string stack;
  std::string address;       // "service.web"
  std::string service_name;  // "web"
  std::string task_address;  // "task.web", for the revision label
};

struct LaunchOptions {
  const TaskSpec* spec = nullptr;
  ReplicaOwner owner;
  int slot = 0;
  // Per container of spec->containers: "NAME=value" of its secrets, resolved on this machine.
  std::vector<std::vector<std::string>> secret_env;
  Clock::time_point deadline;  // for depends_on waits
};

// Creates the replica's volumes and containers and starts them in order; false with `error`
// (and nothing left behind) when the engine refuses.
bool StartReplica(const EngineClient& engine, const LaunchOptions& options, Replica& replica,
                  std::string& error);

enum class Readiness { kReady, kFailed, kTimedOut };

// Polls until every essential container runs and passes its health check (ready), one exits,
// restarts or turns unhealthy (failed, with `reason`), or the deadline passes.
Readiness WaitReady(const EngineClient& engine, const Replica& replica, Clock::time_point deadline,
                    std::string& reason);

// Stops (honouring each container's stop timeout) and removes the replica's containers and its
// task-scoped volumes. False with `error` when the engine refuses.
bool RemoveReplica(const EngineClient& engine, const std::string& stack, const Replica& replica,
                   std::string& error);

// Removes several replicas at once: each waits for its containers to stop.
bool RemoveReplicas(const EngineClient& engine, const std::string& stack,
                    const std::vector<Replica>& replicas, std::string& error);

// Removes the stack's shared volumes and its network (bridge mode): called once the stack has
// no container left.
bool RemoveStackLeftovers(const EngineClient& engine, const std::string& stack, std::string& error);

// The engine's name of a stack's shared network (bridge mode) and of a volume.
std::string StackNetworkName(const std::string& stack);

}  // namespace berth::docker
