// The target groups' health checks: a thread of berth serve that sends each registered target
// of a group in use by a load balancer an HTTP GET of HealthCheckPath every
// HealthCheckIntervalSeconds, with HealthCheckTimeoutSeconds, and moves its State by the group's
// thresholds and Matcher (target_health.h). TCP groups get a connect. Targets of a group no
// listener or rule forwards to are `unused` (Target.NotInUse) and not checked, as ELBv2 does;
// draining targets are not checked and go once their DrainingUntil has passed.
// Checks run on threads of their own, so a target that hangs until its timeout holds up no
// other; the store is written only when a target's state changes.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "controlplane/store/store.h"
#include "controlplane/targets/target_health.h"

namespace berth::controlplane::targets {

class HealthChecker {
 public:
  // `on_change` runs after a round changed some target (the reconciler counts target health
  // towards deployments, so berth serve wakes it).
  HealthChecker(store::Store& store, std::function<void()> on_change,
                std::chrono::milliseconds round = std::chrono::milliseconds(500));
  ~HealthChecker();

  void Start();
  void Stop();
  // One round: collects finished checks, starts the due ones, writes what changed.
  void Round();

 private:
  struct Probe {
    double next = 0;  // when the next check is due (epoch seconds)
    int passes = 0;   // consecutive passed checks
    int failures = 0;
    std::future<CheckResult> pending;
  };

  store::Store& store_;
  std::function<void()> on_change_;
  std::chrono::milliseconds round_;
  std::map<std::string, Probe> probes_;  // by target key
  // What the last read saw, so a round with nothing due skips the store.
  static constexpr double kRereadSeconds = 5;
  uint64_t generation_ = 0;
  double next_due_ = 0;
  double last_read_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
};

// One health check of `target` as `target_group` describes it (blocking, at most the timeout).
CheckResult CheckTarget(const json& target_group, const json& target);

}  // namespace berth::controlplane::targets
