// A service's `autoscaling` attribute from Application Auto Scaling's describe outputs: the
// inverse of autoscaling_service.cpp (scalable target, target tracking policies, scheduled
// actions, step policies with the CloudWatch alarm that drives each: `cloudwatch
// describe-alarms`, matched by the policy ARN among its alarm actions).
#include "backends/aws/live_decode.h"

namespace berth::aws::live {

namespace {

// Called for every scalable target, policy and action of the snapshot for every service (two
// million times for 1,000 scaled services), so it compares on the JSON itself: a Node per
// member lookup copies its file and path names. Malformed items still fail through Node.
bool ForService(const Node& item, const std::string& resource_id) {
  const Json& json = item.json();
  if (!json.is_object()) return item.Str("ResourceId") == resource_id;
  auto id = json.find("ResourceId");
  auto space = json.find("ServiceNamespace");
  bool plain = id != json.end() && id->is_string() &&
               (space == json.end() || space->is_null() || space->is_string());
  if (!plain) {
    return item.OptStr("ServiceNamespace").value_or("ecs") == "ecs" &&
           item.Str("ResourceId") == resource_id;
  }
  return id->get_ref<const std::string&>() == resource_id &&
         (space == json.end() || space->is_null() || *space == "ecs");
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

// A step policy and its alarm (the one whose actions name the policy, else the one berth named
// CLUSTER-SERVICE-LABEL): `step` in the IR's shape.
Value Step(const Snapshot& s, const Node& policy, const std::string& cluster,
           const std::string& service) {
  Node config = policy.At("StepScalingPolicyConfiguration");
  ValueMap step;
  std::string label = Label(policy.Str("PolicyName"), service);
  step.emplace_back("name", Str(label));
  const Node* alarm = nullptr;
  std::string arn = policy.OptStr("PolicyARN").value_or("");
  for (const Node& a : s.alarms) {
    for (const std::string& action : a.Strs("AlarmActions"))
      if (!arn.empty() && action == arn) alarm = &a;
  }
  for (const Node& a : s.alarms) {
    if (!alarm && a.Str("AlarmName") == cluster + "-" + service + "-" + label) alarm = &a;
  }
  if (alarm) {
    step.emplace_back("threshold", Value::Number(alarm->OptNumber("Threshold").value_or(0)));
    step.emplace_back("comparison", Str(alarm->OptStr("ComparisonOperator").value_or("")));
    step.emplace_back("period", Seconds(alarm->OptInt("Period").value_or(60)));
    step.emplace_back("evaluation_periods",
                      Value::Number(alarm->OptInt("EvaluationPeriods").value_or(1)));
  }
  step.emplace_back("adjustment_type", Str(config.OptStr("AdjustmentType").value_or("")));
  if (auto cooldown = config.OptInt("Cooldown")) step.emplace_back("cooldown", Seconds(*cooldown));
  step.emplace_back("aggregation", Str(config.OptStr("MetricAggregationType").value_or("Average")));
  if (alarm && alarm->Has("MetricName")) {
    ValueMap metric = {{"namespace", Str(alarm->OptStr("Namespace").value_or(""))},
                       {"name", Str(alarm->Str("MetricName"))},
                       {"statistic", Str(alarm->OptStr("Statistic").value_or("Average"))}};
    ValueMap dimensions;
    for (const Node& d : alarm->Items("Dimensions"))
      dimensions.emplace_back(d.Str("Name"), Str(d.Str("Value")));
    if (!dimensions.empty()) metric.emplace_back("dimensions", Value::Map(std::move(dimensions)));
    step.emplace_back("metric", Value::Map(std::move(metric)));
  }
  ValueList adjustments;
  for (const Node& item : config.Items("StepAdjustments")) {
    ValueMap adjustment;
    if (auto lower = item.OptNumber("MetricIntervalLowerBound"))
      adjustment.emplace_back("lower", Value::Number(*lower));
    if (auto upper = item.OptNumber("MetricIntervalUpperBound"))
      adjustment.emplace_back("upper", Value::Number(*upper));
    adjustment.emplace_back("change", Value::Number(item.OptInt("ScalingAdjustment").value_or(0)));
    adjustments.push_back(Value::Map(std::move(adjustment)));
  }
  step.emplace_back("adjustments", Value::List(std::move(adjustments)));
  return Value::Map(std::move(step));
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
  ValueList targets, steps, scheduled;
  for (const Node& p : s.scaling_policies) {
    if (!ForService(p, resource_id)) continue;
    if (p.OptStr("PolicyType").value_or("") == "TargetTrackingScaling")
      targets.push_back(TargetTracking(p, service));
    if (p.OptStr("PolicyType").value_or("") == "StepScaling")
      steps.push_back(Step(s, p, cluster, service));
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
  if (!steps.empty()) a.emplace_back("steps", Value::List(std::move(steps)));
  if (!scheduled.empty()) a.emplace_back("scheduled", Value::List(std::move(scheduled)));
  return Value::Map(std::move(a));
}

}  // namespace berth::aws::live
