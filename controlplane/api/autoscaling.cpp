// Application Auto Scaling (awsJson1_1): scalable targets, scaling policies and scheduled
// actions, stored and answered here; controlplane/scaling/ acts on them and records the
// scaling activities DescribeScalingActivities lists.
#include "controlplane/api/api.h"
#include "controlplane/schedules/expression.h"

namespace berth::controlplane::api {

// Named (and anonymous within): the build compiles several files as one unit.
namespace autoscaling_impl {
namespace {

[[noreturn]] void Validation(const std::string& message) {
  throw ApiError("ValidationException", message);
}

struct TargetId {
  std::string ns, resource, dimension;
  std::string Key() const { return ns + "|" + resource + "|" + dimension; }
};

TargetId RequireTargetId(const json& input) {
  return {RequireString(input, "ServiceNamespace", "ValidationException"),
          RequireString(input, "ResourceId", "ValidationException"),
          RequireString(input, "ScalableDimension", "ValidationException")};
}

json RequireTarget(Context& context, const TargetId& id) {
  auto target = context.tx.Get(store::kScalableTarget, id.Key());
  if (!target) {
    throw ApiError("ObjectNotFoundException",
                   "No scalable target registered for service namespace: " + id.ns +
                       ", resource ID: " + id.resource + ", scalable dimension: " + id.dimension);
  }
  return *target;
}

// An ECS target must name a service of this server: "service/CLUSTER/NAME".
void CheckEcsService(Context& context, const TargetId& id) {
  if (id.ns != "ecs") return;
  if (id.dimension != "ecs:service:DesiredCount") {
    Validation("Unsupported scalable dimension '" + id.dimension + "' for namespace ecs");
  }
  std::string rest = id.resource.rfind("service/", 0) == 0 ? id.resource.substr(8) : "";
  auto service = rest.empty() ? std::nullopt : context.tx.Get(store::kService, rest);
  if (!service || (*service)["status"] != "ACTIVE") {
    Validation("ECS service doesn't exist: " + id.resource);
  }
}

bool Selected(const json& doc, const json& input) {
  if (doc["ServiceNamespace"] != input.value("ServiceNamespace", "")) return false;
  if (input.contains("ResourceId") && doc["ResourceId"] != input["ResourceId"]) return false;
  if (input.contains("ScalableDimension") && doc["ScalableDimension"] != input["ScalableDimension"])
    return false;
  json ids = input.value("ResourceIds", json::array());
  if (!ids.empty() && std::find(ids.begin(), ids.end(), doc["ResourceId"]) == ids.end())
    return false;
  return true;
}

json RegisterScalableTarget(Context& context, const json& input) {
  TargetId id = RequireTargetId(input);
  CheckEcsService(context, id);
  auto existing = context.tx.Get(store::kScalableTarget, id.Key());
  json target =
      existing ? *existing
               : json{{"ServiceNamespace", id.ns},
                      {"ResourceId", id.resource},
                      {"ScalableDimension", id.dimension},
                      {"RoleARN",
                       ServiceArn(context, "iam",
                                  "role/aws-service-role/ecs.application-autoscaling.amazonaws.com/"
                                  "AWSServiceRoleForApplicationAutoScaling_ECSService")},
                      {"CreationTime", model::Now()},
                      {"SuspendedState",
                       {{"DynamicScalingInSuspended", false},
                        {"DynamicScalingOutSuspended", false},
                        {"ScheduledScalingSuspended", false}}},
                      {"ScalableTargetARN", ServiceArn(context, "application-autoscaling",
                                                       "scalable-target/" + RandomHex(32))},
                      {"x-berth", {{"tags", json::object()}}}};
  if (!existing && (!input.contains("MinCapacity") || !input.contains("MaxCapacity"))) {
    Validation("MinCapacity and MaxCapacity are required to register a new scalable target");
  }
  for (const char* member : {"MinCapacity", "MaxCapacity", "RoleARN"}) {
    if (input.contains(member)) target[member] = input[member];
  }
  if (target["MinCapacity"].get<int>() > target["MaxCapacity"].get<int>()) {
    Validation("Minimum capacity cannot be greater than maximum capacity");
  }
  if (input.contains("SuspendedState")) target["SuspendedState"].update(input["SuspendedState"]);
  if (input.contains("Tags")) target["x-berth"]["tags"].update(input["Tags"]);
  context.tx.Put(store::kScalableTarget, id.Key(), "", target);
  return {{"ScalableTargetARN", target["ScalableTargetARN"]}};
}

json DescribeScalableTargets(Context& context, const json& input) {
  RequireString(input, "ServiceNamespace", "ValidationException");
  json targets = json::array();
  for (const json& target : context.tx.List(store::kScalableTarget)) {
    if (Selected(target, input)) targets.push_back(model::Public(target));
  }
  return {{"ScalableTargets", targets}};
}

json DeregisterScalableTarget(Context& context, const json& input) {
  TargetId id = RequireTargetId(input);
  RequireTarget(context, id);
  // The target's policies and scheduled actions go with it, as in AWS.
  std::string key = id.Key();
  for (const char* kind : {store::kScalingPolicy, store::kScheduledAction}) {
    for (const json& doc : context.tx.List(kind, &key))
      context.tx.Delete(kind, key + "|" + doc["x-berth"]["name"].get<std::string>());
  }
  context.tx.Delete(store::kScalableTarget, key);
  return json::object();
}

json PutScalingPolicy(Context& context, const json& input) {
  TargetId id = RequireTargetId(input);
  std::string name = RequireString(input, "PolicyName", "ValidationException");
  RequireTarget(context, id);
  std::string type = input.value("PolicyType", "StepScaling");
  const char* config = type == "TargetTrackingScaling" ? "TargetTrackingScalingPolicyConfiguration"
                       : type == "StepScaling"         ? "StepScalingPolicyConfiguration"
                                                       : nullptr;
  if (!config) Validation("Unsupported policy type " + type);
  if (!input.contains(config)) Validation(std::string(config) + " is required for " + type);
  std::string key = id.Key() + "|" + name;
  auto existing = context.tx.Get(store::kScalingPolicy, key);
  std::string arn = existing ? (*existing)["PolicyARN"].get<std::string>()
                             : "arn:aws:autoscaling:" + context.origin.region + ":" +
                                   context.origin.account + ":scalingPolicy:" + RandomHex(8) + "-" +
                                   RandomHex(4) + "-" + RandomHex(4) + "-" + RandomHex(4) + "-" +
                                   RandomHex(12) + ":resource/" + id.ns + "/" + id.resource +
                                   ":policyName/" + name;
  // Target tracking: the two CloudWatch alarms Application Auto Scaling makes for the policy,
  // named as it names them (the scaling activities' causes name them too).
  json alarms = json::array();
  if (type == "TargetTrackingScaling") {
    size_t at = arn.find(":scalingPolicy:");
    std::string uuid = arn.substr(at + 15, 36);
    for (const char* which : {"AlarmHigh", "AlarmLow"}) {
      std::string alarm = "TargetTracking-" + id.resource + "-" + which + "-" + uuid;
      alarms.push_back({{"AlarmName", alarm},
                        {"AlarmARN", ServiceArn(context, "cloudwatch", "alarm:" + alarm)}});
    }
  }
  json policy = {{"PolicyARN", arn},
                 {"PolicyName", name},
                 {"ServiceNamespace", id.ns},
                 {"ResourceId", id.resource},
                 {"ScalableDimension", id.dimension},
                 {"PolicyType", type},
                 {config, input[config]},
                 {"Alarms", alarms},
                 {"CreationTime", existing ? (*existing)["CreationTime"] : json(model::Now())},
                 {"x-berth", {{"name", name}}}};
  context.tx.Put(store::kScalingPolicy, key, id.Key(), policy);
  return {{"PolicyARN", arn}, {"Alarms", alarms}};
}

json DescribeScalingPolicies(Context& context, const json& input) {
  RequireString(input, "ServiceNamespace", "ValidationException");
  json names = input.value("PolicyNames", json::array());
  json policies = json::array();
  for (const json& policy : context.tx.List(store::kScalingPolicy)) {
    if (!Selected(policy, input)) continue;
    if (!names.empty() &&
        std::find(names.begin(), names.end(), policy["PolicyName"]) == names.end())
      continue;
    policies.push_back(model::Public(policy));
  }
  return {{"ScalingPolicies", policies}};
}

json DeleteScalingPolicy(Context& context, const json& input) {
  TargetId id = RequireTargetId(input);
  std::string name = RequireString(input, "PolicyName", "ValidationException");
  std::string key = id.Key() + "|" + name;
  if (!context.tx.Get(store::kScalingPolicy, key)) {
    throw ApiError("ObjectNotFoundException",
                   "No scaling policy found for service namespace: " + id.ns +
                       ", resource ID: " + id.resource + ", scalable dimension: " + id.dimension +
                       ", policy name: " + name);
  }
  context.tx.Delete(store::kScalingPolicy, key);
  return json::object();
}

json PutScheduledAction(Context& context, const json& input) {
  TargetId id = RequireTargetId(input);
  std::string name = RequireString(input, "ScheduledActionName", "ValidationException");
  RequireTarget(context, id);
  std::string key = id.Key() + "|" + name;
  auto existing = context.tx.Get(store::kScheduledAction, key);
  json action =
      existing
          ? *existing
          : json{{"ScheduledActionName", name},
                 {"ScheduledActionARN",
                  "arn:aws:autoscaling:" + context.origin.region + ":" + context.origin.account +
                      ":scheduledAction:" + RandomHex(8) + "-" + RandomHex(4) + "-" + RandomHex(4) +
                      "-" + RandomHex(4) + "-" + RandomHex(12) + ":resource/" + id.ns + "/" +
                      id.resource + ":scheduledActionName/" + name},
                 {"ServiceNamespace", id.ns},
                 {"ResourceId", id.resource},
                 {"ScalableDimension", id.dimension},
                 {"CreationTime", model::Now()},
                 {"x-berth", {{"name", name}}}};
  if (!existing) RequireString(input, "Schedule", "ValidationException");
  if (input.contains("Schedule")) {
    std::string error;
    if (!schedules::Parse(input.value("Schedule", ""), true, error)) {
      Validation("Parameter Schedule is not valid: " + input.value("Schedule", ""));
    }
  }
  for (const char* member :
       {"Schedule", "Timezone", "StartTime", "EndTime", "ScalableTargetAction"}) {
    if (input.contains(member)) action[member] = input[member];
  }
  context.tx.Put(store::kScheduledAction, key, id.Key(), action);
  return json::object();
}

json DescribeScheduledActions(Context& context, const json& input) {
  RequireString(input, "ServiceNamespace", "ValidationException");
  json names = input.value("ScheduledActionNames", json::array());
  json actions = json::array();
  for (const json& action : context.tx.List(store::kScheduledAction)) {
    if (!Selected(action, input)) continue;
    if (!names.empty() &&
        std::find(names.begin(), names.end(), action["ScheduledActionName"]) == names.end())
      continue;
    actions.push_back(model::Public(action));
  }
  return {{"ScheduledActions", actions}};
}

json DeleteScheduledAction(Context& context, const json& input) {
  TargetId id = RequireTargetId(input);
  std::string name = RequireString(input, "ScheduledActionName", "ValidationException");
  std::string key = id.Key() + "|" + name;
  if (!context.tx.Get(store::kScheduledAction, key)) {
    throw ApiError("ObjectNotFoundException",
                   "No scheduled action found for service namespace: " + id.ns +
                       ", resource ID: " + id.resource + ", scalable dimension: " + id.dimension +
                       ", scheduled action name: " + name);
  }
  context.tx.Delete(store::kScheduledAction, key);
  return json::object();
}

// Newest first, as AWS lists them.
json DescribeScalingActivities(Context& context, const json& input) {
  RequireString(input, "ServiceNamespace", "ValidationException");
  json activities = json::array();
  std::vector<json> all = context.tx.List(store::kScalingActivity);
  for (auto it = all.rbegin(); it != all.rend(); ++it) {
    if (Selected(*it, input)) activities.push_back(*it);
  }
  std::sort(activities.begin(), activities.end(), [](const json& a, const json& b) {
    return a["StartTime"].get<double>() > b["StartTime"].get<double>();
  });
  return {{"ScalingActivities", activities}};
}

// Tags live on scalable targets (the only taggable resource of the API).
json RequireTargetByArn(Context& context, const json& input) {
  std::string arn = RequireString(input, "ResourceARN", "ValidationException");
  for (const json& target : context.tx.List(store::kScalableTarget)) {
    if (target["ScalableTargetARN"] == arn) return target;
  }
  throw ApiError("ResourceNotFoundException", "Resource not found: " + arn);
}

void SaveTarget(Context& context, const json& target) {
  TargetId id{target["ServiceNamespace"], target["ResourceId"], target["ScalableDimension"]};
  context.tx.Put(store::kScalableTarget, id.Key(), "", target);
}

json TagResource(Context& context, const json& input) {
  json target = RequireTargetByArn(context, input);
  target["x-berth"]["tags"].update(input.value("Tags", json::object()));
  SaveTarget(context, target);
  return json::object();
}

json UntagResource(Context& context, const json& input) {
  json target = RequireTargetByArn(context, input);
  for (const json& key : input.value("TagKeys", json::array()))
    target["x-berth"]["tags"].erase(key.get<std::string>());
  SaveTarget(context, target);
  return json::object();
}

json ListTagsForResource(Context& context, const json& input) {
  return {{"Tags", RequireTargetByArn(context, input)["x-berth"]["tags"]}};
}

}  // namespace
}  // namespace autoscaling_impl

const OperationTable& AutoScalingOperations() {
  using namespace autoscaling_impl;
  static const OperationTable table = {
      {"RegisterScalableTarget", &RegisterScalableTarget},
      {"DescribeScalableTargets", &DescribeScalableTargets},
      {"DeregisterScalableTarget", &DeregisterScalableTarget},
      {"PutScalingPolicy", &PutScalingPolicy},
      {"DescribeScalingPolicies", &DescribeScalingPolicies},
      {"DeleteScalingPolicy", &DeleteScalingPolicy},
      {"PutScheduledAction", &PutScheduledAction},
      {"DescribeScheduledActions", &DescribeScheduledActions},
      {"DeleteScheduledAction", &DeleteScheduledAction},
      {"DescribeScalingActivities", &DescribeScalingActivities},
      {"TagResource", &TagResource},
      {"UntagResource", &UntagResource},
      {"ListTagsForResource", &ListTagsForResource},
  };
  return table;
}

}  // namespace berth::controlplane::api
