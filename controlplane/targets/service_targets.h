// Services behind load balancers, as ECS runs them (developer guide: service-load-balancing.html,
// task-lifecycle.html, load-balancer-connection-draining.html): each RUNNING task of a service
// with `loadBalancers` is registered in every target group named there, at the host port its
// container `containerName` binds for `containerPort`; the task counts healthy for the rolling
// deployment and the circuit breaker only once its targets are healthy (ECS model
// `DeploymentConfiguration.minimumHealthyPercent`); a task whose target turns unhealthy after
// `healthCheckGracePeriodSeconds` is stopped and replaced; a task to stop is deregistered first
// and held DEACTIVATING for the target group's deregistration delay before SIGTERM.
// The reconciler calls these inside its tick's transaction; the task's own record of it is under
// x-berth: "targets" ([{TargetGroupArn, Id, Port}]), "targetHealth" ("healthy", "unhealthy",
// "initial"), "drainingUntil", "drainingFrom" (epoch seconds), "drainingGeneration" (the
// lb::TargetsGeneration of the deregistration) and "drainReported".
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "controlplane/store/store.h"

namespace berth::controlplane::targets {

using nlohmann::json;

// Registers the service's RUNNING tasks that are not yet, refreshes each registered task's
// x-berth.targetHealth, and fails (ServiceSchedulerInitiated, "Task failed ELB health checks in
// (target-group ARN)", a stage-2 failure for the circuit breaker) a task whose target is
// unhealthy once `grace_seconds` have passed since it started. Adds ECS's events to `service`.
void UpdateServiceTargets(store::Tx& tx, json& service, const std::vector<json*>& tasks,
                          double now);

// Deregisters the service's tasks that are to stop and reports it in the service's events
// ("deregistered N targets", "has begun draining connections on N tasks").
void DeregisterStoppingTasks(store::Tx& tx, json& service, const std::vector<json*>& tasks,
                             double now);

// For a task to stop: deregisters its targets when nobody did yet, and true while they drain
// (the task must not be stopped yet): until the deregistration delay is over, or, as ALB
// completes a deregistration early, until the listeners' proxies have no request in flight to
// any of its targets (and at least a second after the deregistration).
bool HoldForDraining(store::Tx& tx, json& task, double now);

// True when the task has registered targets: its health is then theirs (x-berth.targetHealth).
bool HasTargets(const json& task);

}  // namespace berth::controlplane::targets
