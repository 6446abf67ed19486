// ECS's service throttle (developer guide, service-throttle-logic.html): when a service's tasks
// keep going from PENDING to STOPPED without reaching RUNNING, the scheduler waits longer and
// longer between launches, up to 27 minutes, and writes the event "(service NAME) is unable to
// consistently start tasks successfully." Tasks that stop after reaching RUNNING never throttle;
// a new task definition ends the throttle at once. It is separate from the circuit breaker.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

namespace berth::controlplane::reconciler {

using nlohmann::json;

// AWS publishes neither the first wait nor how it grows. berth lets as many tasks fail as the
// circuit breaker's smallest threshold (3) before waiting, so a breaker still trips on its own
// schedule, then waits 30 s, doubling each further failure, at most 27 minutes.
inline constexpr int kStartFailuresBeforeThrottle = 3;
inline constexpr double kFirstThrottleSeconds = 30;
inline constexpr double kMaxThrottleSeconds = 27 * 60;

// The wait after `failures` consecutive tasks that never reached RUNNING.
double ThrottleSeconds(int failures);

// Counts the service's tasks that failed to start (each once) and resets the count when one of
// its tasks reached RUNNING after the last failure or the primary deployment's task definition
// changed; adds the event when the throttle begins. True while the service may launch no task.
// `tasks` are the service's tasks; the count lives in the service's x-berth.throttle.
bool ServiceThrottled(json& service, const std::vector<json*>& tasks, double now);

}  // namespace berth::controlplane::reconciler
