// EventBridge (awsJson1_1): rules on the default event bus with their targets and tags, stored
// and answered. Schedules run their ECS targets (controlplane/schedules/event_rules.h).
#include "controlplane/api/api.h"
#include "controlplane/schedules/expression.h"

namespace berth::controlplane::api {

// Named (and anonymous within): the build compiles several files as one unit.
namespace events_impl {
namespace {

json RequireRule(Context& context, const std::string& name) {
  auto rule = context.tx.Get(store::kEventRule, name);
  if (!rule) {
    throw ApiError("ResourceNotFoundException",
                   "Rule " + name + " does not exist on EventBus default.");
  }
  return *rule;
}

void Save(Context& context, const json& rule) {
  context.tx.Put(store::kEventRule, rule["Name"], "", rule);
}

json PutRule(Context& context, const json& input) {
  std::string name = RequireString(input, "Name", "ValidationException");
  if (!input.contains("ScheduleExpression") && !input.contains("EventPattern")) {
    throw ApiError("ValidationException",
                   "Parameter(s) EventPattern or ScheduleExpression must be specified.");
  }
  if (input.contains("ScheduleExpression")) {
    std::string error;
    if (!schedules::Parse(input.value("ScheduleExpression", ""), false, error)) {
      throw ApiError("ValidationException", error);
    }
  }
  auto existing = context.tx.Get(store::kEventRule, name);
  json rule = existing ? *existing
                       : json{{"Name", name},
                              {"Arn", ServiceArn(context, "events", "rule/" + name)},
                              {"EventBusName", "default"},
                              {"CreatedBy", context.origin.account},
                              {"x-berth", {{"targets", json::array()}, {"tags", json::array()}}}};
  rule["State"] = input.value("State", "ENABLED");
  for (const char* member : {"ScheduleExpression", "EventPattern", "Description", "RoleArn"}) {
    if (input.contains(member)) rule[member] = input[member];
  }
  rule["x-berth"]["tags"] = MergeTags(rule["x-berth"]["tags"], input.value("Tags", json::array()));
  Save(context, rule);
  return {{"RuleArn", rule["Arn"]}};
}

json DescribeRule(Context& context, const json& input) {
  return model::Public(RequireRule(context, RequireString(input, "Name", "ValidationException")));
}

json ListRules(Context& context, const json& input) {
  std::string prefix = input.value("NamePrefix", "");
  json rules = json::array();
  for (const json& rule : context.tx.List(store::kEventRule)) {
    if (rule["Name"].get<std::string>().rfind(prefix, 0) == 0) rules.push_back(model::Public(rule));
  }
  return {{"Rules", rules}};
}

json DeleteRule(Context& context, const json& input) {
  std::string name = RequireString(input, "Name", "ValidationException");
  auto rule = context.tx.Get(store::kEventRule, name);
  if (!rule) return json::object();  // EventBridge deletes what is gone without an error
  if (!(*rule)["x-berth"]["targets"].empty()) {
    throw ApiError("ValidationException", "Rule can't be deleted since it has targets.");
  }
  context.tx.Delete(store::kEventRule, name);
  return json::object();
}

json EnableRule(Context& context, const json& input) {
  json rule = RequireRule(context, RequireString(input, "Name", "ValidationException"));
  rule["State"] = "ENABLED";
  Save(context, rule);
  return json::object();
}

json DisableRule(Context& context, const json& input) {
  json rule = RequireRule(context, RequireString(input, "Name", "ValidationException"));
  rule["State"] = "DISABLED";
  Save(context, rule);
  return json::object();
}

json PutTargets(Context& context, const json& input) {
  json rule = RequireRule(context, RequireString(input, "Rule", "ValidationException"));
  json& targets = rule["x-berth"]["targets"];
  for (const json& target : input.value("Targets", json::array())) {
    if (!target.contains("Id") || !target.contains("Arn")) {
      throw ApiError("ValidationException", "A target needs an Id and an Arn.");
    }
    bool replaced = false;
    for (json& held : targets) {
      if (held["Id"] == target["Id"]) {
        held = target;
        replaced = true;
      }
    }
    if (!replaced) targets.push_back(target);
  }
  Save(context, rule);
  return {{"FailedEntryCount", 0}, {"FailedEntries", json::array()}};
}

json RemoveTargets(Context& context, const json& input) {
  json rule = RequireRule(context, RequireString(input, "Rule", "ValidationException"));
  json ids = input.value("Ids", json::array());
  json kept = json::array();
  for (const json& target : rule["x-berth"]["targets"]) {
    if (std::find(ids.begin(), ids.end(), target["Id"]) == ids.end()) kept.push_back(target);
  }
  rule["x-berth"]["targets"] = kept;
  Save(context, rule);
  return {{"FailedEntryCount", 0}, {"FailedEntries", json::array()}};
}

json ListTargetsByRule(Context& context, const json& input) {
  json rule = RequireRule(context, RequireString(input, "Rule", "ValidationException"));
  return {{"Targets", rule["x-berth"]["targets"]}};
}

json RequireRuleByArn(Context& context, const json& input) {
  std::string arn = RequireString(input, "ResourceARN", "ValidationException");
  size_t at = arn.find(":rule/");
  if (at == std::string::npos)
    throw ApiError("ResourceNotFoundException", "Rule " + arn + " does not exist.");
  return RequireRule(context, arn.substr(at + 6));
}

json TagResource(Context& context, const json& input) {
  json rule = RequireRuleByArn(context, input);
  rule["x-berth"]["tags"] = MergeTags(rule["x-berth"]["tags"], input.value("Tags", json::array()));
  Save(context, rule);
  return json::object();
}

json UntagResource(Context& context, const json& input) {
  json rule = RequireRuleByArn(context, input);
  rule["x-berth"]["tags"] =
      RemoveTags(rule["x-berth"]["tags"], input.value("TagKeys", json::array()));
  Save(context, rule);
  return json::object();
}

json ListTagsForResource(Context& context, const json& input) {
  return {{"Tags", RequireRuleByArn(context, input)["x-berth"]["tags"]}};
}

}  // namespace
}  // namespace events_impl

const OperationTable& EventsOperations() {
  using namespace events_impl;
  static const OperationTable table = {
      {"PutRule", &PutRule},
      {"DescribeRule", &DescribeRule},
      {"ListRules", &ListRules},
      {"DeleteRule", &DeleteRule},
      {"EnableRule", &EnableRule},
      {"DisableRule", &DisableRule},
      {"PutTargets", &PutTargets},
      {"RemoveTargets", &RemoveTargets},
      {"ListTargetsByRule", &ListTargetsByRule},
      {"TagResource", &TagResource},
      {"UntagResource", &UntagResource},
      {"ListTagsForResource", &ListTagsForResource},
  };
  return table;
}

}  // namespace berth::controlplane::api
