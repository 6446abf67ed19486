#include "backends/aws/elbv2_common.h"

#include <fmt/format.h>

#include <set>

#include "backends/aws/capture_check.h"
#include "backends/aws/ir_access.h"

namespace berth::aws {

std::string ListenerArnAttribute(std::string_view listener) {
  return fmt::format("listener.{}.arn", listener);
}

std::string RuleArnAttribute(std::string_view listener, std::string_view rule) {
  return fmt::format("listener.{}.rule.{}.arn", listener, rule);
}

std::string StringField(const Value& map, std::string_view key) {
  const Value* value = Field(map, key);
  if (value == nullptr) return "";
  if (value->is(ValueKind::kString) || value->is(ValueKind::kSymbol)) return value->str();
  return value->ToSource();
}

std::vector<const Value*> Entries(const Value& map, std::string_view ir_key) {
  std::vector<const Value*> entries;
  const Value* list = Field(map, ir_key);
  if (list == nullptr || !list->is(ValueKind::kList)) return entries;
  for (const Value& item : list->list()) {
    if (item.is(ValueKind::kMap)) entries.push_back(&item);
  }
  return entries;
}

const Value* EntryNamed(const Value& map, std::string_view ir_key, std::string_view name) {
  for (const Value* entry : Entries(map, ir_key)) {
    if (StringField(*entry, "name") == name) return entry;
  }
  return nullptr;
}

Json Elbv2Action(const Value& block, const EmitContext& context) {
  if (const Value* forward = Field(block, "forward")) {
    Json action = JsonObject("Type", "forward");
    CopyIfSet(action, "TargetGroupArn", *forward, "target_group", context);
    return action;
  }
  if (const Value* redirect = Field(block, "redirect")) {
    Json config = JsonObject();
    CopyIfSet(config, "Protocol", *redirect, "protocol", context);
    // The API takes the port as a string ("#{port}" is its own default).
    if (const Value* port = Field(*redirect, "port")) {
      Put(config, "Port", std::to_string(Integer(*port)));
    }
    CopyIfSet(config, "Host", *redirect, "host", context);
    CopyIfSet(config, "Path", *redirect, "path", context);
    CopyIfSet(config, "Query", *redirect, "query", context);
    CopyIfSet(config, "StatusCode", *redirect, "status_code", context);  // required: defaulted
    return JsonObject("Type", "redirect", "RedirectConfig", std::move(config));
  }
  if (const Value* fixed = Field(block, "fixed_response")) {
    Json config = JsonObject();
    if (const Value* status = Field(*fixed, "status_code")) {
      Put(config, "StatusCode", std::to_string(Integer(*status)));  // a string in the API
    }
    // AWS documents no default content type; the schema's (text/plain) is always written.
    CopyIfSet(config, "ContentType", *fixed, "content_type", context);
    CopyIfSet(config, "MessageBody", *fixed, "body", context);
    return JsonObject("Type", "fixed-response", "FixedResponseConfig", std::move(config));
  }
  return JsonObject();  // the checker requires exactly one action
}

Json Elbv2Conditions(const Value& rule) {
  Json conditions = JsonArray();
  auto add = [&](std::string_view attribute, const char* field, const char* config) {
    const Value* patterns = Field(rule, attribute);
    if (patterns == nullptr || !patterns->is(ValueKind::kList) || patterns->list().empty()) return;
    Json values = JsonArray();
    values.get_ref<Json::array_t&>().reserve(patterns->list().size());
    for (const Value& pattern : patterns->list()) values.push_back(pattern.str());
    conditions.push_back(
        JsonObject("Field", field, config, JsonObject("Values", std::move(values))));
  };
  add("path", "path-pattern", "PathPatternConfig");
  add("host", "host-header", "HostHeaderConfig");
  return conditions;
}

AwsCall DescribeLoadBalancer(const std::string& address, const std::string& name) {
  return {.service = "elbv2",
          .operation = "describe-load-balancers",
          .address = address,
          .body = {{"Names", {name}}},
          .captures = {{address + ".arn", "LoadBalancers[0].LoadBalancerArn"}}};
}

AwsCall DescribeListeners(const std::string& lb_address,
                          const std::vector<ListenerKey>& listeners) {
  AwsCall call{.service = "elbv2",
               .operation = "describe-listeners",
               .address = lb_address,
               .body = {{"LoadBalancerArn", Placeholder(lb_address, "arn")}}};
  for (const ListenerKey& listener : listeners) {
    call.captures.push_back(
        {lb_address + "." + ListenerArnAttribute(listener.label),
         fmt::format("Listeners[?Port==`{}`].ListenerArn | [0]", listener.port)});
  }
  return call;
}

AwsCall DescribeRules(const std::string& address, const Json& listener_arn,
                      const std::vector<RuleKey>& rules) {
  AwsCall call{.service = "elbv2",
               .operation = "describe-rules",
               .address = address,
               .body = {{"ListenerArn", listener_arn}}};
  for (const RuleKey& rule : rules) {
    // DescribeRules prints priorities as strings.
    call.captures.push_back(
        {rule.capture_name, fmt::format("Rules[?Priority=='{}'].RuleArn | [0]", rule.priority)});
  }
  return call;
}

AwsCall DescribeTargetGroup(const std::string& address, const std::string& name) {
  return {.service = "elbv2",
          .operation = "describe-target-groups",
          .address = address,
          .body = {{"Names", {name}}},
          .captures = {{address + ".arn", "TargetGroups[0].TargetGroupArn"}}};
}

void LookUpReferencedTargetGroups(std::vector<AwsCall>& calls, const EmitContext& context) {
  std::vector<AwsCall> lookups;
  std::set<std::string> captured;
  for (const AwsCall& call : calls) {
    for (const std::string& name : PlaceholdersIn(call.body)) {
      // "target_group.api.arn" -> target_group.api
      if (!name.starts_with("target_group.") || !name.ends_with(".arn") || captured.count(name))
        continue;
      std::string address = name.substr(0, name.size() - 4);
      const ir::Resource* group = context.program().Find(address);
      if (group == nullptr) continue;
      lookups.push_back(DescribeTargetGroup(address, StringField(group->attributes, "name")));
      captured.insert(name);
    }
    for (const Capture& capture : call.captures) captured.insert(capture.name);
  }
  calls.insert(calls.begin(), std::make_move_iterator(lookups.begin()),
               std::make_move_iterator(lookups.end()));
}

std::vector<AwsCall> Elbv2TagUpdates(const std::string& address, const Json& arn,
                                     const Value& before, const Value& after) {
  std::vector<AwsCall> calls;
  TagDiff diff = DiffTags(Field(before, "tags"), Field(after, "tags"));
  if (!diff.removed.empty()) {
    calls.push_back({.service = "elbv2",
                     .operation = "remove-tags",
                     .address = address,
                     .body = {{"ResourceArns", {arn}}, {"TagKeys", diff.removed}}});
  }
  if (std::optional<Json> tags = CapitalizedTags(diff.set)) {
    calls.push_back({.service = "elbv2",
                     .operation = "add-tags",
                     .address = address,
                     .body = {{"ResourceArns", {arn}}, {"Tags", *tags}}});
  }
  return calls;
}

}  // namespace berth::aws
