// A service's `autoscaling` attribute from Application Auto Scaling's describe outputs: the
// inverse of autoscaling_service.cpp (scalable target, target tracking policies, scheduled
// actions). Step policies also need the CloudWatch alarm that drives them, which no output
// berth reads holds: they are not read back (docs/aws.md, "Live snapshots").
#include "backends/aws/live_decode.h"

namespace berth::aws::live {

namespace {

Value Str(const std::string& s) { return Value::String(s); }

bool ForService(const Node& item, const std::string& resource_id) {
  return item.OptStr("ServiceNamespace").value_or("ecs") == "ecs" &&
         item.Str("ResourceId") == resource_id;
}

// "sample-api-cpu" -> "cpu": the builders name policies and actions SERVICE-LABEL.
std::string Label(const std::string& name, const std::string& service) {
  std::string prefix = service + "-";
  return name.starts_with(prefix) ? name.substr(prefix.size()) : name;
}

Value TargetTracking(const Node& policy, const std::string& service) {
  Node config = policy.At("TargetTrackingScalingPolicyConfiguration");
  ValueMap t;
  t.emplace_back("name", Str(Label(policy.Str("PolicyName"), service)));
  double value = config.OptNumber("TargetValue").value_or(0);
  bool percent = false;
  if (config.Has("PredefinedMetricSpecification")) {
    std::string type = config.At("PredefinedMetricSpecification").Str("PredefinedMetricType");
    percent =
        type == "ECSServiceAverageCPUUtilization" || type == "ECSServiceAverageMemoryUtilization";
  } else if (config.Has("CustomizedMetricSpecification")) {
    Node custom = config.At("CustomizedMetricSpecification");
    ValueMap metric = {{"namespace", Str(custom.Str("Namespace"))},
                       {"name", Str(custom.Str("MetricName"))},
                       {"statistic", Str(custom.OptStr("Statistic").value_or("Average"))}};
    ValueMap dimensions;
    for (const Node& d : custom.Items("Dimensions"))
      dimensions.emplace_back(d.Str("Name"), Str(d.Str("Value")));
    if (!dimensions.empty()) metric.emplace_back("dimensions", Value::Map(std::move(dimensions)));
    t.emplace_back("metric", Value::Map(std::move(metric)));
  }
  t.emplace_back("value", percent ? Value::Percent(value) : Value::Number(value));
  t.emplace_back("scale_out_cooldown", Seconds(config.OptInt("ScaleOutCooldown").value_or(300)));
  t.emplace_back("scale_in_cooldown", Seconds(config.OptInt("ScaleInCooldown").value_or(300)));
  t.emplace_back("disable_scale_in", Value::Bool(config.OptBool("DisableScaleIn").value_or(false)));
  return Value::Map(std::move(t));
}

}  // namespace

Value DecodeAutoscaling(const Snapshot& s, const std::string& cluster, const std::string& service) {
  const std::string resource_id = "service/" + cluster + "/" + service;
  const Node* target = nullptr;
  for (const Node& t : s.scalable_targets) {
    if (ForService(t, resource_id)) target = &t;
  }
  if (target == nullptr) return Value::Null();
  ValueMap a;
  a.emplace_back("min", Value::Number(target->Int("MinCapacity")));
  a.emplace_back("max", Value::Number(target->Int("MaxCapacity")));
  ValueList targets, scheduled;
  for (const Node& p : s.scaling_policies) {
    if (!ForService(p, resource_id)) continue;
    if (p.OptStr("PolicyType").value_or("") == "TargetTrackingScaling")
      targets.push_back(TargetTracking(p, service));
  }
  for (const Node& action : s.scheduled_actions) {
    if (!ForService(action, resource_id)) continue;
    ValueMap m;
    m.emplace_back("name", Str(Label(action.Str("ScheduledActionName"), service)));
    m.emplace_back("schedule", Str(action.Str("Schedule")));
    if (action.Has("ScalableTargetAction")) {
      Node capacity = action.At("ScalableTargetAction");
      if (auto min = capacity.OptInt("MinCapacity")) m.emplace_back("min", Value::Number(*min));
      if (auto max = capacity.OptInt("MaxCapacity")) m.emplace_back("max", Value::Number(*max));
    }
    m.emplace_back("timezone", Str(action.OptStr("Timezone").value_or("UTC")));
    scheduled.push_back(Value::Map(std::move(m)));
  }
  if (!targets.empty()) a.emplace_back("targets", Value::List(std::move(targets)));
  if (!scheduled.empty()) a.emplace_back("scheduled", Value::List(std::move(scheduled)));
  return Value::Map(std::move(a));
}

}  // namespace berth::aws::live
