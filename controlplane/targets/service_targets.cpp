#include "controlplane/targets/service_targets.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "controlplane/lb/request_counts.h"
#include "controlplane/lb/routing.h"
#include "controlplane/lb/targets_store.h"
#include "controlplane/model/ecs.h"
#include "controlplane/targets/target_health.h"

namespace berth::controlplane::targets {

namespace {

// A deregistration never completes sooner than this after it (the proxies stop routing to the
// target within about 100 ms of the write: controlplane/lb/proxies.h).
constexpr double kProxiesFollowSeconds = 1.0;

// The host port a task's container binds for `container_port`, or 0.
int HostPort(const json& task, const std::string& container, int container_port) {
  for (const json& c : task.value("containers", json::array())) {
    if (c.value("name", "") != container) continue;
    for (const json& binding : c.value("networkBindings", json::array())) {
      if (binding.value("containerPort", 0) == container_port) return binding.value("hostPort", 0);
    }
  }
  return 0;
}

// The events ECS writes per target group: "(service web) registered 2 targets in
// (target-group arn:...)" (observed wording; research/controlplane.md 2.3).
void ReportByGroup(json& service, const std::map<std::string, int>& counts, const char* verb) {
  std::string name = service.value("serviceName", "");
  for (const auto& [group, count] : counts) {
    model::AddEvent(service, "(service " + name + ") " + verb + " " + std::to_string(count) +
                                 " targets in (target-group " + group + ")");
  }
}

bool Running(const json& task) {
  return task["lastStatus"] == "RUNNING" && task["desiredStatus"] == "RUNNING";
}

}  // namespace

bool HasTargets(const json& task) {
  return !task["x-berth"].value("targets", json::array()).empty();
}

void UpdateServiceTargets(store::Tx& tx, json& service, const std::vector<json*>& tasks,
                          double now) {
  json load_balancers = service.value("loadBalancers", json::array());
  int grace = service.value("healthCheckGracePeriodSeconds", 0);
  std::map<std::string, int> registered;
  std::map<std::string, std::optional<json>> groups;
  auto group = [&](const std::string& arn) -> const std::optional<json>& {
    auto found = groups.find(arn);
    if (found == groups.end()) found = groups.emplace(arn, tx.Get(store::kTargetGroup, arn)).first;
    return found->second;
  };
  for (json* task : tasks) {
    json& own = (*task)["x-berth"];
    if (!Running(*task)) continue;
    if (!own.contains("targets") && !load_balancers.empty()) {
      json targets = json::array();
      for (const json& lb : load_balancers) {
        std::string arn = lb.value("targetGroupArn", "");
        int port = HostPort(*task, lb.value("containerName", ""), lb.value("containerPort", 0));
        if (arn.empty() || port == 0 || !group(arn)) continue;
        // Tasks run on this machine's network: the target is 127.0.0.1 at the host port.
        if (!lb::GetTarget(tx, arn, "127.0.0.1", port)) {
          lb::PutTarget(tx, NewTarget(arn, "127.0.0.1", port, now));
        }
        targets.push_back({{"TargetGroupArn", arn}, {"Id", "127.0.0.1"}, {"Port", port}});
        ++registered[arn];
      }
      own["targets"] = targets;
    }
    if (!HasTargets(*task)) continue;
    // A task's health is the worst of its targets': unhealthy if one is, healthy when all are.
    std::string health = "healthy", failed_group;
    for (const json& t : own["targets"]) {
      auto held = lb::GetTarget(tx, t["TargetGroupArn"], t["Id"], t["Port"]);
      std::string state = held ? held->value("State", "initial") : "unused";
      if (state == "unhealthy") {
        health = "unhealthy";
        failed_group = t["TargetGroupArn"];
      } else if (state != "healthy" && health == "healthy") {
        health = "initial";
      }
    }
    own["targetHealth"] = health;
    // ECS model `healthCheckGracePeriodSeconds`: "the period of time ... that the Amazon ECS
    // service scheduler ignores unhealthy Elastic Load Balancing ... target health checks
    // after a task has first started".
    if (health == "unhealthy" && now - task->value("startedAt", now) >= grace) {
      (*task)["desiredStatus"] = "STOPPED";
      (*task)["stopCode"] = "ServiceSchedulerInitiated";
      (*task)["stoppedReason"] =
          "Task failed ELB health checks in (target-group " + failed_group + ")";
      (*task)["stoppingAt"] = now;
      (*task)["version"] = task->value("version", 1) + 1;
      own["failure"] = "health";
    }
  }
  ReportByGroup(service, registered, "registered");
}

bool HoldForDraining(store::Tx& tx, json& task, double now) {
  if (!HasTargets(task)) return false;
  json& own = task["x-berth"];
  if (!own.contains("drainingUntil")) {
    double until = now;
    for (const json& t : own["targets"]) {
      auto held = lb::GetTarget(tx, t["TargetGroupArn"], t["Id"], t["Port"]);
      auto group = tx.Get(store::kTargetGroup, t["TargetGroupArn"].get<std::string>());
      if (!held || !group) continue;
      Deregister(tx, *group, *held, now);
      auto after = lb::GetTarget(tx, t["TargetGroupArn"], t["Id"], t["Port"]);
      if (after) until = std::max(until, after->value("DrainingUntil", now));
    }
    own["drainingUntil"] = until;
    own["drainingFrom"] = now;
    own["drainingGeneration"] = lb::TargetsGeneration().load();
  }
  if (now >= own["drainingUntil"].get<double>()) return false;
  // ALB: "If a deregistering target has no in-flight requests and no active connections,
  // Elastic Load Balancing immediately completes the deregistration process, without waiting
  // for the deregistration delay to elapse" (ALB user guide, "Deregistration delay"); its
  // target still shows draining until the delay is over. Not before the proxies route by a
  // table without it (lb::RoutedTargetsGeneration), nor within a second.
  if (now - own.value("drainingFrom", 0.0) < kProxiesFollowSeconds ||
      lb::RoutedTargetsGeneration().load() < own.value("drainingGeneration", UINT64_MAX))
    return true;
  for (const json& t : own["targets"]) {
    if (lb::InFlightTo(lb::TargetHost(t.value("Id", "")), t.value("Port", 0)).load() > 0)
      return true;
  }
  return false;
}

void DeregisterStoppingTasks(store::Tx& tx, json& service, const std::vector<json*>& tasks,
                             double now) {
  std::map<std::string, int> deregistered;
  int draining = 0;
  for (json* task : tasks) {
    json& own = (*task)["x-berth"];
    if ((*task)["desiredStatus"] != "STOPPED" || !HasTargets(*task) ||
        own.value("drainReported", false)) {
      continue;
    }
    HoldForDraining(tx, *task, now);
    own["drainReported"] = true;
    for (const json& t : own["targets"]) ++deregistered[t["TargetGroupArn"]];
    ++draining;
  }
  ReportByGroup(service, deregistered, "deregistered");
  if (draining > 0) {
    model::AddEvent(service, "(service " + service.value("serviceName", "") +
                                 ") has begun draining connections on " + std::to_string(draining) +
                                 " tasks.");
  }
}

}  // namespace berth::controlplane::targets
