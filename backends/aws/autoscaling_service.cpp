// A service's `autoscaling` block -> Application Auto Scaling: register-scalable-target on
// ecs:service:DesiredCount, put-scaling-policy per target tracking and step policy (each step
// policy also gets the CloudWatch alarm that drives it: put-metric-alarm), put-scheduled-action
// per scheduled change. Updates re-put what changed and delete what was removed; removes
// deregister the scalable target, which takes its policies and scheduled actions with it, and
// delete the step alarms. A service without autoscaling emits nothing here.
#include <fmt/format.h>

#include "backends/aws/elbv2_common.h"
#include "backends/aws/emitters.h"
#include "backends/aws/ir_access.h"

namespace berth::aws {

namespace {

constexpr const char* kDimension = "ecs:service:DesiredCount";

// Who the scalable target is: service/CLUSTER/SERVICE, and names derived from it.
struct Target {
  std::string address = {};  // "service.api"
  std::string cluster = {};
  std::string service = {};
  std::string resource_id = {};
  const Value* tags = nullptr;
};

Target TargetOf(const ir::Resource& service, const Value& attributes, const EmitContext& context) {
  Target target{.address = service.address, .service = StringField(attributes, "name")};
  if (const Value* cluster = Field(attributes, "cluster");
      cluster && cluster->is(ValueKind::kRef)) {
    Json name = context.Resolve(cluster->ref());
    target.cluster = name.is_string() ? std::move(name.get_ref<std::string&>()) : name.dump();
  }
  target.resource_id = fmt::format("service/{}/{}", target.cluster, target.service);
  target.tags = Field(attributes, "tags");
  return target;
}

// The members that name the scalable target, appended to `body`.
void PutTarget(Json& body, const Target& target) {
  Put(body, "ServiceNamespace", "ecs");
  Put(body, "ResourceId", target.resource_id);
  Put(body, "ScalableDimension", kDimension);
}

Json Base(const Target& target) {
  Json body = JsonObject();
  PutTarget(body, target);
  return body;
}

std::string PolicyName(const Target& target, std::string_view label) {
  return fmt::format("{}-{}", target.service, label);
}

// CloudWatch alarm names are unique per account and region, so they carry the cluster too.
std::string AlarmName(const Target& target, std::string_view label) {
  return fmt::format("{}-{}-{}", target.cluster, target.service, label);
}

// The scalable target is not tagged (the service, its alarms and everything else are): tags on
// RegisterScalableTarget and application-autoscaling's TagResource came with the 2023-03 API,
// which Debian 12's awscli 2.9.19 rejects, and a scalable target costs nothing to account for.
AwsCall Register(const Target& target, const Value& scaling) {
  Json body = Base(target);
  Put(body, "MinCapacity", Integer(*Field(scaling, "min")));
  Put(body, "MaxCapacity", Integer(*Field(scaling, "max")));
  return {.service = "application-autoscaling",
          .operation = "register-scalable-target",
          .address = target.address,
          .body = std::move(body)};
}

Json Dimensions(const Value& metric) {
  Json dimensions = JsonArray();
  if (const Value* map = Field(metric, "dimensions")) {
    for (const auto& [name, value] : map->map()) {
      dimensions.push_back(JsonObject("Name", name, "Value", value.str()));
    }
  }
  return dimensions;
}

// What forwards to `target_group` in this stack: a load balancer through a listener's default
// action or a nested rule, or a listener_rule resource. Each as {resource, its load balancer}.
std::vector<std::pair<std::string, std::string>> ForwardersTo(const std::string& target_group,
                                                              const ir::Program& program) {
  auto forwards = [&](const Value& block) {
    const Value* forward = Field(block, "forward");
    const Value* group = forward ? Field(*forward, "target_group") : nullptr;
    return group && group->is(ValueKind::kRef) && group->ref().address == target_group;
  };
  std::vector<std::pair<std::string, std::string>> found;
  for (const ir::Resource& resource : program.resources) {
    if (resource.kind == "load_balancer") {
      bool any = false;
      for (const Value* listener : Entries(resource.attributes, "listeners")) {
        any = any || forwards(*listener);
        for (const Value* rule : Entries(*listener, "rules")) any = any || forwards(*rule);
      }
      if (any) found.emplace_back(resource.address, resource.address);
    } else if (resource.kind == "listener_rule" && forwards(resource.attributes)) {
      const Value* lb = Field(resource.attributes, "load_balancer");
      if (lb && lb->is(ValueKind::kRef)) found.emplace_back(resource.address, lb->ref().address);
    }
  }
  return found;
}

// The load balancer in this stack that forwards to `target_group`; "" when none does.
std::string LoadBalancerForwardingTo(const std::string& target_group, const EmitContext& context) {
  auto found = ForwardersTo(target_group, context.program());
  return found.empty() ? "" : found.front().second;
}

// ALBRequestCountPerTarget's ResourceLabel, app/LB/ID/targetgroup/TG/ID, from the ARN suffixes
// that create-load-balancer and create-target-group capture. The service's first target group
// that a load balancer of the stack forwards to.
std::string RequestsResourceLabel(const Value& attributes, const EmitContext& context) {
  std::string first_group;
  for (const Value* entry : Entries(attributes, "load_balancers")) {
    const Value* group = Field(*entry, "target_group");
    if (group == nullptr || !group->is(ValueKind::kRef)) continue;
    const std::string& address = group->ref().address;
    if (first_group.empty()) first_group = address;
    std::string lb = LoadBalancerForwardingTo(address, context);
    if (!lb.empty())
      return Placeholder(lb, "arn_suffix") + "/" + Placeholder(address, "arn_suffix");
  }
  // No load balancer of this stack forwards to the service's target group, so no call here
  // captures its suffix: the placeholder names what is missing and the capture check reports it.
  return Placeholder(first_group.empty() ? "target_group" : first_group,
                     "load_balancer_arn_suffix") +
         "/" + Placeholder(first_group.empty() ? "target_group" : first_group, "arn_suffix");
}

AwsCall PutTargetTracking(const Target& target, const Value& attributes, const Value& policy,
                          const EmitContext& context) {
  std::string label = StringField(policy, "name");
  Json config = JsonObject();
  Put(config, "TargetValue", ToJson(*Field(policy, "value"), context));
  if (label == "cpu" || label == "memory" || label == "requests") {
    Json predefined = JsonObject("PredefinedMetricType",
                                 label == "cpu"      ? "ECSServiceAverageCPUUtilization"
                                 : label == "memory" ? "ECSServiceAverageMemoryUtilization"
                                                     : "ALBRequestCountPerTarget");
    if (label == "requests")
      Put(predefined, "ResourceLabel", RequestsResourceLabel(attributes, context));
    Put(config, "PredefinedMetricSpecification", std::move(predefined));
  } else if (const Value* metric = Field(policy, "metric")) {
    Json custom = JsonObject("MetricName", StringField(*metric, "name"), "Namespace",
                             StringField(*metric, "namespace"));
    if (Json dimensions = Dimensions(*metric); !dimensions.empty())
      Put(custom, "Dimensions", std::move(dimensions));
    Put(custom, "Statistic", StringField(*metric, "statistic"));
    Put(config, "CustomizedMetricSpecification", std::move(custom));
  }
  // 300s is AWS's cooldown for ECS services in both directions.
  if (long long out = WholeSeconds(*Field(policy, "scale_out_cooldown")); out != 300)
    Put(config, "ScaleOutCooldown", out);
  if (long long in = WholeSeconds(*Field(policy, "scale_in_cooldown")); in != 300)
    Put(config, "ScaleInCooldown", in);
  if (Field(policy, "disable_scale_in")->as_bool()) Put(config, "DisableScaleIn", true);
  Json body = JsonObject("PolicyName", PolicyName(target, label));
  PutTarget(body, target);
  Put(body, "PolicyType", "TargetTrackingScaling");
  Put(body, "TargetTrackingScalingPolicyConfiguration", std::move(config));
  return {.service = "application-autoscaling",
          .operation = "put-scaling-policy",
          .address = target.address,
          .body = std::move(body)};
}

std::string StepPolicyArnCapture(const Target& target, std::string_view label) {
  return fmt::format("{}.autoscaling.step.{}.policy_arn", target.address, label);
}

// put-scaling-policy for a step policy, then the alarm that triggers it.
void PutStep(const Target& target, const Value& step, std::vector<AwsCall>& calls) {
  std::string label = StringField(step, "name");
  Json adjustments = JsonArray();
  for (const Value* adjustment : Entries(step, "adjustments")) {
    Json item = JsonObject();
    if (const Value* lower = Field(*adjustment, "lower"))
      Put(item, "MetricIntervalLowerBound", lower->number());
    if (const Value* upper = Field(*adjustment, "upper"))
      Put(item, "MetricIntervalUpperBound", upper->number());
    Put(item, "ScalingAdjustment", Integer(*Field(*adjustment, "change")));
    adjustments.push_back(std::move(item));
  }
  Json config =
      JsonObject("AdjustmentType", StringField(step, "adjustment_type"), "StepAdjustments",
                 std::move(adjustments), "Cooldown", WholeSeconds(*Field(step, "cooldown")));
  if (std::string aggregation = StringField(step, "aggregation"); aggregation != "Average")
    Put(config, "MetricAggregationType", std::move(aggregation));
  Json body = JsonObject("PolicyName", PolicyName(target, label));
  PutTarget(body, target);
  Put(body, "PolicyType", "StepScaling");
  Put(body, "StepScalingPolicyConfiguration", std::move(config));
  calls.push_back({.service = "application-autoscaling",
                   .operation = "put-scaling-policy",
                   .address = target.address,
                   .body = std::move(body),
                   .captures = {{StepPolicyArnCapture(target, label), "PolicyARN"}}});

  const Value* metric = Field(step, "metric");
  Json alarm =
      JsonObject("AlarmName", AlarmName(target, label), "AlarmActions",
                 JsonArray(fmt::format("{{{{berth:{}}}}}", StepPolicyArnCapture(target, label))));
  if (metric) {
    Put(alarm, "MetricName", StringField(*metric, "name"));
    Put(alarm, "Namespace", StringField(*metric, "namespace"));
    Put(alarm, "Statistic", StringField(*metric, "statistic"));
    if (Json dimensions = Dimensions(*metric); !dimensions.empty())
      Put(alarm, "Dimensions", std::move(dimensions));
  }
  Put(alarm, "Period", WholeSeconds(*Field(step, "period")));
  Put(alarm, "EvaluationPeriods", Integer(*Field(step, "evaluation_periods")));
  Put(alarm, "Threshold", Field(step, "threshold")->number());
  Put(alarm, "ComparisonOperator", StringField(step, "comparison"));
  if (target.tags) {
    if (std::optional<Json> tags = CapitalizedTags(*target.tags))
      Put(alarm, "Tags", std::move(*tags));
  }
  calls.push_back({.service = "cloudwatch",
                   .operation = "put-metric-alarm",
                   .address = target.address,
                   .body = std::move(alarm)});
}

AwsCall PutScheduled(const Target& target, const Value& scheduled) {
  std::string label = StringField(scheduled, "name");
  Json action = JsonObject();
  if (const Value* min = Field(scheduled, "min")) Put(action, "MinCapacity", Integer(*min));
  if (const Value* max = Field(scheduled, "max")) Put(action, "MaxCapacity", Integer(*max));
  Json body = JsonObject("ServiceNamespace", "ecs", "Schedule", StringField(scheduled, "schedule"));
  if (std::string zone = StringField(scheduled, "timezone"); zone != "UTC")
    Put(body, "Timezone", std::move(zone));
  Put(body, "ScheduledActionName", PolicyName(target, label));
  Put(body, "ResourceId", target.resource_id);
  Put(body, "ScalableDimension", kDimension);
  Put(body, "ScalableTargetAction", std::move(action));
  return {.service = "application-autoscaling",
          .operation = "put-scheduled-action",
          .address = target.address,
          .body = std::move(body)};
}

AwsCall DeletePolicy(const Target& target, std::string_view label) {
  Json body = JsonObject("PolicyName", PolicyName(target, label));
  PutTarget(body, target);
  return {.service = "application-autoscaling",
          .operation = "delete-scaling-policy",
          .address = target.address,
          .body = std::move(body)};
}

AwsCall DeleteScheduled(const Target& target, std::string_view label) {
  Json body =
      JsonObject("ServiceNamespace", "ecs", "ScheduledActionName", PolicyName(target, label),
                 "ResourceId", target.resource_id, "ScalableDimension", kDimension);
  return {.service = "application-autoscaling",
          .operation = "delete-scheduled-action",
          .address = target.address,
          .body = std::move(body)};
}

AwsCall DeleteAlarms(const Target& target, const std::vector<std::string>& labels) {
  Json names = JsonArray();
  for (const std::string& label : labels) names.push_back(AlarmName(target, label));
  return {.service = "cloudwatch",
          .operation = "delete-alarms",
          .address = target.address,
          .body = JsonObject("AlarmNames", std::move(names))};
}

std::vector<AwsCall> CreateAutoscaling(const ir::Resource& service, const EmitContext& context) {
  const Value* scaling = Field(service.attributes, "autoscaling");
  if (scaling == nullptr) return {};
  Target target = TargetOf(service, service.attributes, context);
  std::vector<AwsCall> calls = CallList(Register(target, *scaling));
  for (const Value* policy : Entries(*scaling, "targets")) {
    calls.push_back(PutTargetTracking(target, service.attributes, *policy, context));
  }
  for (const Value* step : Entries(*scaling, "steps")) PutStep(target, *step, calls);
  for (const Value* scheduled : Entries(*scaling, "scheduled")) {
    calls.push_back(PutScheduled(target, *scheduled));
  }
  return calls;
}

std::vector<std::string> Labels(const Value& scaling, std::string_view ir_key) {
  std::vector<std::string> labels;
  for (const Value* entry : Entries(scaling, ir_key)) labels.push_back(StringField(*entry, "name"));
  return labels;
}

std::vector<AwsCall> RemoveFor(const ir::Resource& service, const Value& attributes,
                               const EmitContext& context) {
  const Value* scaling = Field(attributes, "autoscaling");
  if (scaling == nullptr) return {};
  Target target = TargetOf(service, attributes, context);
  std::vector<AwsCall> calls;
  if (std::vector<std::string> steps = Labels(*scaling, "steps"); !steps.empty()) {
    calls.push_back(DeleteAlarms(target, steps));
  }
  calls.push_back({.service = "application-autoscaling",
                   .operation = "deregister-scalable-target",
                   .address = target.address,
                   .body = Base(target)});
  return calls;
}

bool SameEntry(const Value* before, const Value* after) {
  return before && after && *before == *after;
}

std::vector<AwsCall> UpdateAutoscaling(const ir::Resource& service, const Value& before,
                                       const EmitContext& context) {
  const Value* old_scaling = Field(before, "autoscaling");
  const Value* new_scaling = Field(service.attributes, "autoscaling");
  if (old_scaling == nullptr) return CreateAutoscaling(service, context);
  if (new_scaling == nullptr) return RemoveFor(service, before, context);
  Target target = TargetOf(service, service.attributes, context);
  std::vector<AwsCall> calls;
  if (Changed(*old_scaling, *new_scaling, "min") || Changed(*old_scaling, *new_scaling, "max")) {
    calls.push_back(Register(target, *new_scaling));
  }
  // A requests policy's label depends on the load balancer too: always re-put when present.
  for (const Value* policy : Entries(*new_scaling, "targets")) {
    std::string label = StringField(*policy, "name");
    if (label != "requests" && SameEntry(EntryNamed(*old_scaling, "targets", label), policy))
      continue;
    calls.push_back(PutTargetTracking(target, service.attributes, *policy, context));
  }
  for (const std::string& label : Labels(*old_scaling, "targets")) {
    if (!EntryNamed(*new_scaling, "targets", label)) calls.push_back(DeletePolicy(target, label));
  }
  for (const Value* step : Entries(*new_scaling, "steps")) {
    if (!SameEntry(EntryNamed(*old_scaling, "steps", StringField(*step, "name")), step))
      PutStep(target, *step, calls);
  }
  std::vector<std::string> removed_steps;
  for (const std::string& label : Labels(*old_scaling, "steps")) {
    if (EntryNamed(*new_scaling, "steps", label)) continue;
    calls.push_back(DeletePolicy(target, label));
    removed_steps.push_back(label);
  }
  if (!removed_steps.empty()) calls.push_back(DeleteAlarms(target, removed_steps));
  for (const Value* scheduled : Entries(*new_scaling, "scheduled")) {
    if (!SameEntry(EntryNamed(*old_scaling, "scheduled", StringField(*scheduled, "name")),
                   scheduled))
      calls.push_back(PutScheduled(target, *scheduled));
  }
  for (const std::string& label : Labels(*old_scaling, "scheduled")) {
    if (!EntryNamed(*new_scaling, "scheduled", label))
      calls.push_back(DeleteScheduled(target, label));
  }
  return calls;
}

std::vector<AwsCall> RemoveAutoscaling(const ir::Resource& before, const EmitContext& context) {
  return RemoveFor(before, before.attributes, context);
}

}  // namespace

std::vector<std::string> RequestsTrafficSources(const ir::Resource& service,
                                                const ir::Program& program) {
  const Value* scaling = Field(service.attributes, "autoscaling");
  if (scaling == nullptr || !EntryNamed(*scaling, "targets", "requests")) return {};
  return TrafficSources(service, program);
}

std::vector<std::string> TrafficSources(const ir::Resource& service, const ir::Program& program) {
  std::vector<std::string> sources;
  for (const Value* entry : Entries(service.attributes, "load_balancers")) {
    const Value* group = Field(*entry, "target_group");
    if (group == nullptr || !group->is(ValueKind::kRef)) continue;
    for (const auto& [resource, load_balancer] : ForwardersTo(group->ref().address, program))
      sources.push_back(resource);
  }
  return sources;
}

const KindEmitter kServiceAutoscalingEmitter = {"service", CreateAutoscaling, UpdateAutoscaling,
                                                RemoveAutoscaling};

}  // namespace berth::aws
