#include "controlplane/scaling/step_scaling.h"

#include <cmath>
#include <cstdio>
#include <limits>

namespace berth::controlplane::scaling {

std::string AlarmService(const json& alarm) {
  std::string metric = alarm.value("MetricName", "");
  if (alarm.value("Namespace", "") != "AWS/ECS" ||
      (metric != "CPUUtilization" && metric != "MemoryUtilization")) {
    return "";
  }
  std::string cluster, service;
  for (const json& d : alarm.value("Dimensions", json::array())) {
    if (d.value("Name", "") == "ClusterName") cluster = d.value("Value", "");
    if (d.value("Name", "") == "ServiceName") service = d.value("Value", "");
  }
  return cluster.empty() || service.empty() ? "" : cluster + "/" + service;
}

bool EvaluateAlarm(json& alarm, const std::vector<std::optional<double>>& values, double now) {
  size_t periods = std::max(1, alarm.value("EvaluationPeriods", 1));
  size_t needed = std::max(1, alarm.value("DatapointsToAlarm", static_cast<int>(periods)));
  std::string op = alarm.value("ComparisonOperator", "GreaterThanThreshold");
  double threshold = alarm.value("Threshold", 0.0);
  size_t present = 0, breaching = 0;
  double last = 0;
  for (size_t i = values.size() > periods ? values.size() - periods : 0; i < values.size(); ++i) {
    if (!values[i]) continue;
    double v = *values[i];
    ++present;
    last = v;
    bool breach = op == "GreaterThanThreshold"            ? v > threshold
                  : op == "GreaterThanOrEqualToThreshold" ? v >= threshold
                  : op == "LessThanThreshold"             ? v < threshold
                  : op == "LessThanOrEqualToThreshold"    ? v <= threshold
                                                          : false;
    if (breach) ++breaching;
  }
  std::string state = breaching >= needed ? "ALARM"
                      : present >= needed ? "OK"
                                          : "INSUFFICIENT_DATA";
  if (alarm.value("StateValue", "") == state) return false;
  char reason[256];
  std::snprintf(reason, sizeof reason,
                "Threshold Crossed: %zu out of the last %zu datapoints breached the threshold "
                "(%.1f); the latest was %.1f.",
                breaching, periods, threshold, last);
  alarm["StateValue"] = state;
  alarm["StateReason"] =
      state == "INSUFFICIENT_DATA"
          ? std::string("Insufficient Data: not enough datapoints were measured.")
          : std::string(reason);
  alarm["StateUpdatedTimestamp"] = now;
  alarm["StateTransitionedTimestamp"] = now;
  return true;
}

int StepCapacity(const json& config, int current, double breach) {
  const double infinity = std::numeric_limits<double>::infinity();
  for (const json& step : config.value("StepAdjustments", json::array())) {
    double lower = step.contains("MetricIntervalLowerBound")
                       ? step["MetricIntervalLowerBound"].get<double>()
                       : -infinity;
    double upper = step.contains("MetricIntervalUpperBound")
                       ? step["MetricIntervalUpperBound"].get<double>()
                       : infinity;
    if (breach < lower || breach >= upper) continue;
    int adjustment = step.value("ScalingAdjustment", 0);
    std::string type = config.value("AdjustmentType", "ChangeInCapacity");
    if (type == "ExactCapacity") return adjustment;
    if (type == "PercentChangeInCapacity") {
      double change = current * adjustment / 100.0;
      int whole = static_cast<int>(std::trunc(change));
      int magnitude = std::max(1, config.value("MinAdjustmentMagnitude", 1));
      if (adjustment != 0 && std::abs(whole) < magnitude)
        whole = adjustment > 0 ? magnitude : -magnitude;
      return current + whole;
    }
    return current + adjustment;
  }
  return current;
}

}  // namespace berth::controlplane::scaling
