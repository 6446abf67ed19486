// A target's health as ELBv2 keeps it (docs.aws.amazon.com/elasticloadbalancing/latest/
// application/target-group-health-checks.html): the states, reason codes and descriptions
// DescribeTargetHealth answers, the matcher, and how one health check's result moves a target.
// Pure functions over the documents of controlplane/lb/targets_store.h: the API, the health
// checker and the reconciler share them.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "controlplane/store/store.h"

namespace berth::controlplane::targets {

using nlohmann::json;

// A target just registered: `initial`, Elb.RegistrationInProgress.
json NewTarget(const std::string& target_group_arn, const std::string& id, int port, double now);
// What DescribeTargetHealth says of a target that is not registered (asked for by name).
json Unregistered(const std::string& target_group_arn, const std::string& id, int port);

// Sets State, Reason and Description (Reason and Description "" when healthy).
void SetState(json& target, const std::string& state, const std::string& reason);

// The target group attribute `key` (x-berth.attributes), as stored; `fallback` when absent.
std::string Attribute(const json& target_group, const std::string& key,
                      const std::string& fallback);

// Deregisters `target`: `draining` until now + deregistration_delay.timeout_seconds, or deleted
// at once when the delay is 0 (ELBv2: "the time to wait before changing the state of a
// deregistering target from draining to unused").
void Deregister(store::Tx& tx, const json& target_group, json target, double now);

// One TargetHealthDescription of DescribeTargetHealth.
json HealthDescription(const json& target_group, const json& target);

// The port health checks go to: HealthCheckPort, or the target's own for "traffic-port".
int HealthCheckPort(const json& target_group, const json& target);

// True when `code` matches Matcher.HttpCode ("200", "200,202", "200-299"; ELBv2 model
// `Matcher`). A malformed matcher matches nothing.
bool CodeMatches(const std::string& matcher, int code);

// One health check's outcome.
struct CheckResult {
  bool ok = false;
  std::string reason;  // when failed: Target.ResponseCodeMismatch, Target.Timeout...
  int code = 0;        // the HTTP status, when there was one
};

// Moves `target` by a check's result, `streak` being how many consecutive checks (this one
// included) had the same outcome. A new target is healthy after one passed check ("After your
// target is registered, it must pass one health check to be considered healthy"); otherwise
// HealthyThresholdCount passes make it healthy and UnhealthyThresholdCount failures unhealthy.
// A draining target does not move. True when State, Reason or Description changed.
bool ApplyCheck(json& target, const json& target_group, const CheckResult& result, int streak);

}  // namespace berth::controlplane::targets
