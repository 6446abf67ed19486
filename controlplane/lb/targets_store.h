// Registered targets of ELBv2 target groups, as berth serve stores them: written by
// RegisterTargets/DeregisterTargets (controlplane/api/elbv2_targets.cpp), by the reconciler for
// services with loadBalancers (controlplane/targets/service_targets.h) and by the health checker
// (controlplane/targets/health_checker.h); read by the listeners' proxy (controlplane/lb/).
//
// Store kind "elbv2_target", key "<TargetGroupArn>|<Id>|<Port>", parent the target group ARN.
// The document (the shape agreed between the "targets" and "proxy" helpers of issue 14):
//   {"TargetGroupArn": "arn:...:targetgroup/web/0123...",
//    "Id": "127.0.0.1",               an IP ("127.0.0.1" for berth serve's tasks)
//    "Port": 32768,                   int
//    "State": "initial" | "healthy" | "unhealthy" | "unused" | "draining",
//    "Reason": "Elb.InitialHealthChecking", "Description": "Initial health checks in progress",
//                                     as DescribeTargetHealth's TargetHealth; both "" when healthy
//    "RegisteredAt": 1.7e9,           epoch seconds (double)
//    "DrainingUntil": 1.7e9}          epoch seconds (double); 0 unless draining
// Health checks write State; the proxy routes to "healthy" targets, and when none is healthy to
// every registered target that is not "draining" (ALB fails open: target-group-health-checks
// in the ALB user guide). A draining target is deleted once DrainingUntil has passed.
#pragma once

#include <atomic>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "controlplane/store/store.h"

namespace berth::controlplane::lb {

using nlohmann::json;

inline constexpr const char* kTarget = "elbv2_target";

// Bumped by every PutTarget/DeleteTarget in this process: a reader that keeps targets in memory
// (the proxy's routing table) reloads when it moved. A rolled-back transaction bumps it too,
// which costs one needless reload.
inline std::atomic<uint64_t>& TargetsGeneration() {
  static std::atomic<uint64_t> generation{0};
  return generation;
}

// The TargetsGeneration the listeners' proxies route by: set by them (proxies.h) once their
// routing table reflects every target write up to it. A deregistration can complete early only
// once this passed it (targets/service_targets.h): no new request goes to the target then.
inline std::atomic<uint64_t>& RoutedTargetsGeneration() {
  static std::atomic<uint64_t> generation{0};
  return generation;
}

inline std::string TargetKey(const std::string& target_group_arn, const std::string& id, int port) {
  return target_group_arn + "|" + id + "|" + std::to_string(port);
}

inline std::string TargetKey(const json& target) {
  return TargetKey(target.value("TargetGroupArn", ""), target.value("Id", ""),
                   target.value("Port", 0));
}

inline std::optional<json> GetTarget(const store::Tx& tx, const std::string& target_group_arn,
                                     const std::string& id, int port) {
  return tx.Get(kTarget, TargetKey(target_group_arn, id, port));
}

inline void PutTarget(store::Tx& tx, const json& target) {
  tx.Put(kTarget, TargetKey(target), target.value("TargetGroupArn", ""), target);
  ++TargetsGeneration();
}

inline void DeleteTarget(store::Tx& tx, const json& target) {
  tx.Delete(kTarget, TargetKey(target));
  ++TargetsGeneration();
}

// The targets of one group, or of every group when `target_group_arn` is null; in key order.
inline std::vector<json> ListTargets(const store::Tx& tx,
                                     const std::string* target_group_arn = nullptr) {
  return tx.List(kTarget, target_group_arn);
}

}  // namespace berth::controlplane::lb
