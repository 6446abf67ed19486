#include "controlplane/engines/dependencies.h"

namespace berth::controlplane::engines {

namespace {

bool Exited(const Observed& o) { return o.state == "exited" || o.state == "dead"; }

bool TimedOut(const DependencyClock& clock, const std::string& dependency) {
  auto timeout = clock.start_timeout.find(dependency);
  auto started = clock.started_at.find(dependency);
  if (timeout == clock.start_timeout.end() || timeout->second <= 0) return false;
  if (started == clock.started_at.end()) return false;  // not started: nothing counts yet
  return clock.now > started->second + timeout->second;
}

}  // namespace

std::set<std::string> DeferredContainers(const json& container_definitions) {
  std::set<std::string> deferred;
  // Until nothing changes: a START dependency on a deferred container defers its dependent.
  for (bool grew = true; grew;) {
    grew = false;
    for (const json& spec : container_definitions) {
      std::string name = spec.value("name", "");
      if (deferred.count(name)) continue;
      for (const json& dependency : spec.value("dependsOn", json::array())) {
        if (dependency.value("condition", "START") != "START" ||
            deferred.count(dependency.value("containerName", ""))) {
          deferred.insert(name);
          grew = true;
          break;
        }
      }
    }
  }
  return deferred;
}

Readiness DependenciesMet(const json& spec, const std::vector<Observed>& task_containers,
                          std::string& why, const DependencyClock* clock) {
  Readiness result = Readiness::kReady;
  std::string target = spec.value("name", "");
  for (const json& dependency : spec.value("dependsOn", json::array())) {
    std::string name = dependency.value("containerName", "");
    std::string condition = dependency.value("condition", "START");
    const Observed* o = nullptr;
    for (const Observed& candidate : task_containers) {
      if (candidate.container == name) o = &candidate;
    }
    std::string prefix = "dependency graph: failed to resolve container ordering dependency [" +
                         name + "] for target [" + target + "]";
    if (o == nullptr) {
      result = Readiness::kWaiting;
      continue;
    }
    bool exited = Exited(*o);
    if (condition == "SUCCESS" && exited && o->exit_code != 0) {
      why = prefix + " as dependency did not exit successfully.";
      return Readiness::kNever;
    }
    bool met = condition == "START"      ? o->state == "running" || exited
               : condition == "COMPLETE" ? exited
               : condition == "SUCCESS"  ? exited && o->exit_code == 0
               : condition == "HEALTHY"  ? o->health == "healthy"
                                         : false;
    if (met) continue;
    if (!exited && clock != nullptr && condition != "START" && TimedOut(*clock, name)) {
      why = "dependency graph: container ordering dependency [" + name + "] for target [" + target +
            "] has timed out.";
      return Readiness::kNever;
    }
    if (exited) {
      why = prefix + " because dependency will never start";
      return Readiness::kNever;
    }
    result = Readiness::kWaiting;
  }
  return result;
}

}  // namespace berth::controlplane::engines
