#include "controlplane/reconciler/service_throttle.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "controlplane/model/ecs.h"

namespace berth::controlplane::reconciler {

double ThrottleSeconds(int failures) {
  if (failures < kStartFailuresBeforeThrottle) return 0;
  double doublings = failures - kStartFailuresBeforeThrottle;
  return std::min(kMaxThrottleSeconds, kFirstThrottleSeconds * std::pow(2.0, doublings));
}

bool ServiceThrottled(json& service, const std::vector<json*>& tasks, double now) {
  json& throttle = service["x-berth"]["throttle"];
  if (!throttle.is_object()) throttle = json::object();
  const json& primary = service["deployments"][0];
  std::string definition = primary.value("taskDefinition", "");
  if (throttle.value("taskDefinition", "") != definition) {
    throttle = {{"taskDefinition", definition}, {"failures", 0}, {"lastFailure", 0.0}};
  }
  int failures = throttle.value("failures", 0);
  double last_failure = throttle.value("lastFailure", 0.0);
  for (json* task : tasks) {
    json& own = (*task)["x-berth"];
    if (own.value("failure", "") == "start" && !own.value("throttleCounted", false)) {
      own["throttleCounted"] = true;
      ++failures;
      last_failure = std::max(last_failure, (*task).value("stoppingAt", now));
    }
  }
  for (json* task : tasks) {
    // Only consecutive failures count: a task that runs again resets the count.
    if ((*task).contains("startedAt") && (*task)["startedAt"].get<double>() > last_failure &&
        (*task).value("lastStatus", "") == "RUNNING") {
      failures = 0;
    }
  }
  if (failures >= kStartFailuresBeforeThrottle &&
      throttle.value("failures", 0) < kStartFailuresBeforeThrottle) {
    model::AddEvent(service, "(service " + service["serviceName"].get<std::string>() +
                                 ") is unable to consistently start tasks successfully.");
  }
  throttle["failures"] = failures;
  throttle["lastFailure"] = last_failure;
  return now < last_failure + ThrottleSeconds(failures);
}

}  // namespace berth::controlplane::reconciler
