// Step scaling on the CloudWatch alarms berth emits for `step` blocks: an alarm on the AWS/ECS
// namespace's CPUUtilization or MemoryUtilization with ClusterName and ServiceName dimensions is
// evaluated on the driver's datapoints (one datapoint per metrics interval stands for one
// Period; every statistic reads the service average), and while it is in ALARM it runs the
// StepScaling policies its AlarmActions name, after the policy's Cooldown (default 300 s), as
// Application Auto Scaling keeps invoking a policy while its alarm stays in ALARM.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace berth::controlplane::scaling {

using nlohmann::json;

// "CLUSTER/NAME" of the service an alarm watches, or "" when it is not one berth measures.
std::string AlarmService(const json& alarm);

// Sets the alarm's StateValue from its last EvaluationPeriods datapoints (oldest first; none
// where the service had no measured task): ALARM when DatapointsToAlarm of them breach, OK when
// enough are there and do not, else INSUFFICIENT_DATA. True when the state changed.
bool EvaluateAlarm(json& alarm, const std::vector<std::optional<double>>& values, double now);

// The capacity a StepScalingPolicyConfiguration asks for from `current` when the metric is
// `breach` above (negative: below) the alarm's threshold: the step whose bounds hold it
// (lower inclusive, upper exclusive, a missing bound is infinite), by AdjustmentType
// ChangeInCapacity, PercentChangeInCapacity (rounded toward zero, at least MinAdjustmentMagnitude,
// and at least 1 task) or ExactCapacity. `current` when no step holds it.
int StepCapacity(const json& config, int current, double breach);

}  // namespace berth::controlplane::scaling
