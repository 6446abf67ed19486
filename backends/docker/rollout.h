// Brings a service's replicas to what is desired: broken replicas (exited, killed, unhealthy)
// go, missing ones start, surplus ones stop, and replicas of another revision are replaced
// new-before-old within the deployment's max_percent / min_healthy_percent, each new replica
// waited for until healthy. The circuit breaker stops a rollout whose new replicas keep failing
// and, with rollback, converges back to the previous revision.
#pragma once

#include <functional>
#include <string>

#include "backends/docker/replicas.h"
#include "backends/docker/secrets.h"

namespace berth::docker {

struct Deployment {
  int desired = 1;
  int max_percent = 200;
  int min_healthy_percent = 100;
  std::string circuit_breaker = "rollback";  // off, on, rollback
};

// A service's Deployment from its attributes (desired_count and the deployment block).
Deployment DeploymentOf(const Value& service);

struct RolloutTarget {
  ReplicaOwner owner;
  const TaskSpec* spec = nullptr;
  const TaskSpec* previous = nullptr;  // what a rollback returns to; null when there is none
  std::string previous_task_address;
  Deployment deployment;
};

struct RolloutContext {
  const EngineClient* engine = nullptr;
  const SecretResolver* secrets = nullptr;
  Clock::time_point deadline;
  std::function<void(const std::string&)> progress;  // one line, without the address
};

// ECS's failure threshold: half the desired count, at least 3, at most 200.
int CircuitBreakerThreshold(int desired);

// True when the service runs `desired` up replicas of target.spec and nothing else; false with
// `error` otherwise (after a rollback when the breaker tripped and one was possible).
bool Converge(const RolloutContext& context, const RolloutTarget& target, std::string& error);

}  // namespace berth::docker
