// CloudWatch (query protocol): metric alarms, stored and answered; they never fire (berth
// serve keeps no metrics yet: step scaling on them is issue 14's).
#include "controlplane/api/api.h"

namespace berth::controlplane::api {

// Named (and anonymous within): the build compiles several files as one unit.
namespace cloudwatch_impl {
namespace {

constexpr const char* kAlarmMembers[] = {"AlarmDescription",
                                         "ActionsEnabled",
                                         "OKActions",
                                         "AlarmActions",
                                         "InsufficientDataActions",
                                         "MetricName",
                                         "Namespace",
                                         "Statistic",
                                         "ExtendedStatistic",
                                         "Dimensions",
                                         "Period",
                                         "Unit",
                                         "EvaluationPeriods",
                                         "DatapointsToAlarm",
                                         "Threshold",
                                         "ComparisonOperator",
                                         "TreatMissingData",
                                         "EvaluateLowSampleCountPercentile",
                                         "Metrics",
                                         "ThresholdMetricId"};

json PutMetricAlarm(Context& context, const json& input) {
  std::string name = RequireString(input, "AlarmName", "ValidationError");
  if (!input.contains("EvaluationPeriods") || !input.contains("ComparisonOperator")) {
    throw ApiError("ValidationError", "EvaluationPeriods and ComparisonOperator are required");
  }
  auto existing = context.tx.Get(store::kAlarm, name);
  double now = model::Now();
  json alarm = {
      {"AlarmName", name},
      {"AlarmArn", ServiceArn(context, "cloudwatch", "alarm:" + name)},
      {"AlarmConfigurationUpdatedTimestamp", now},
      {"ActionsEnabled", true},
      {"OKActions", json::array()},
      {"AlarmActions", json::array()},
      {"InsufficientDataActions", json::array()},
      {"Dimensions", json::array()},
      {"StateValue", "INSUFFICIENT_DATA"},
      {"StateReason", "Unchecked: Initial alarm creation"},
      {"StateUpdatedTimestamp", existing ? (*existing)["StateUpdatedTimestamp"] : json(now)},
      {"StateTransitionedTimestamp",
       existing ? (*existing)["StateTransitionedTimestamp"] : json(now)},
      {"x-berth", {{"tags", existing ? (*existing)["x-berth"]["tags"] : json::array()}}}};
  for (const char* member : kAlarmMembers) {
    if (input.contains(member)) alarm[member] = input[member];
  }
  alarm["x-berth"]["tags"] =
      MergeTags(alarm["x-berth"]["tags"], input.value("Tags", json::array()));
  context.tx.Put(store::kAlarm, name, "", alarm);
  return json::object();
}

json DescribeAlarms(Context& context, const json& input) {
  json names = input.value("AlarmNames", json::array());
  std::string prefix = input.value("AlarmNamePrefix", "");
  std::string state = input.value("StateValue", "");
  json alarms = json::array();
  for (const json& alarm : context.tx.List(store::kAlarm)) {
    std::string name = alarm["AlarmName"];
    if (!names.empty() && std::find(names.begin(), names.end(), name) == names.end()) continue;
    if (name.rfind(prefix, 0) != 0) continue;
    if (!state.empty() && alarm["StateValue"] != state) continue;
    alarms.push_back(model::Public(alarm));
  }
  return {{"MetricAlarms", alarms}, {"CompositeAlarms", json::array()}};
}

json DeleteAlarms(Context& context, const json& input) {
  json names = input.value("AlarmNames", json::array());
  for (const json& name : names) {
    if (!context.tx.Get(store::kAlarm, name.get<std::string>())) {
      throw ApiError("ResourceNotFound", "Alarm " + name.get<std::string>() + " does not exist",
                     404);
    }
  }
  for (const json& name : names) context.tx.Delete(store::kAlarm, name.get<std::string>());
  return json::object();
}

json RequireAlarmByArn(Context& context, const json& input) {
  std::string arn = RequireString(input, "ResourceARN", "ValidationError");
  std::string name =
      arn.substr(arn.find(":alarm:") == std::string::npos ? arn.size() : arn.find(":alarm:") + 7);
  auto alarm = context.tx.Get(store::kAlarm, name);
  if (!alarm) throw ApiError("ResourceNotFoundException", "Resource " + arn + " not found", 404);
  return *alarm;
}

json TagResource(Context& context, const json& input) {
  json alarm = RequireAlarmByArn(context, input);
  alarm["x-berth"]["tags"] =
      MergeTags(alarm["x-berth"]["tags"], input.value("Tags", json::array()));
  context.tx.Put(store::kAlarm, alarm["AlarmName"], "", alarm);
  return json::object();
}

json UntagResource(Context& context, const json& input) {
  json alarm = RequireAlarmByArn(context, input);
  alarm["x-berth"]["tags"] =
      RemoveTags(alarm["x-berth"]["tags"], input.value("TagKeys", json::array()));
  context.tx.Put(store::kAlarm, alarm["AlarmName"], "", alarm);
  return json::object();
}

json ListTagsForResource(Context& context, const json& input) {
  return {{"Tags", RequireAlarmByArn(context, input)["x-berth"]["tags"]}};
}

}  // namespace
}  // namespace cloudwatch_impl

const OperationTable& CloudWatchOperations() {
  using namespace cloudwatch_impl;
  static const OperationTable table = {
      {"PutMetricAlarm", &PutMetricAlarm}, {"DescribeAlarms", &DescribeAlarms},
      {"DeleteAlarms", &DeleteAlarms},     {"TagResource", &TagResource},
      {"UntagResource", &UntagResource},   {"ListTagsForResource", &ListTagsForResource},
  };
  return table;
}

}  // namespace berth::controlplane::api
