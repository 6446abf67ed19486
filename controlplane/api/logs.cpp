// CloudWatch Logs (awsJson1_1): log groups with retention, KMS key and tags. Their streams and
// events are logs_events.cpp's.
#include "controlplane/api/api.h"
#include "controlplane/api/logs_events.h"
#include "controlplane/logs/events.h"
#include "controlplane/logs/groups.h"

namespace berth::controlplane::api {

// Named (and anonymous within): the build compiles several files as one unit.
namespace logs_impl {
namespace {

[[noreturn]] void GroupNotFound() {
  throw ApiError("ResourceNotFoundException", "The specified log group does not exist.");
}

json RequireGroup(Context& context, const std::string& name) {
  auto group = context.tx.Get(store::kLogGroup, name);
  if (!group) GroupNotFound();
  return *group;
}

json RequireByName(Context& context, const json& input) {
  return RequireGroup(context, RequireString(input, "logGroupName", "InvalidParameterException"));
}

// "arn:aws:logs:R:A:log-group:NAME" (with or without ":*") -> NAME.
json RequireByArn(Context& context, const json& input) {
  std::string arn = RequireString(input, "resourceArn", "InvalidParameterException");
  std::string marker = ":log-group:";
  size_t at = arn.find(marker);
  if (at == std::string::npos) {
    throw ApiError("InvalidParameterException", "Invalid resource ARN: " + arn);
  }
  std::string name = arn.substr(at + marker.size());
  if (name.size() > 2 && name.ends_with(":*")) name.resize(name.size() - 2);
  return RequireGroup(context, name);
}

void Save(Context& context, const json& group) {
  context.tx.Put(store::kLogGroup, group["logGroupName"], "", group);
}

json CreateLogGroup(Context& context, const json& input) {
  std::string name = RequireString(input, "logGroupName", "InvalidParameterException");
  if (context.tx.Get(store::kLogGroup, name)) {
    throw ApiError("ResourceAlreadyExistsException", "The specified log group already exists");
  }
  json group = logs::NewGroup(context.origin, name, input);
  Save(context, group);
  return json::object();
}

json DeleteLogGroup(Context& context, const json& input) {
  json group = RequireByName(context, input);
  context.tx.Delete(store::kLogGroup, group["logGroupName"]);
  logs::EnsureSchema(context.tx);
  logs::DeleteGroup(context.tx, group["logGroupName"]);
  return json::object();
}

json DescribeLogGroups(Context& context, const json& input) {
  std::string prefix = input.value("logGroupNamePrefix", "");
  std::string pattern = input.value("logGroupNamePattern", "");
  json groups = json::array();
  for (const json& group : context.tx.List(store::kLogGroup)) {
    std::string name = group["logGroupName"];
    if (name.rfind(prefix, 0) != 0) continue;
    if (!pattern.empty() && name.find(pattern) == std::string::npos) continue;
    groups.push_back(model::Public(group));
  }
  return {{"logGroups", groups}};
}

json PutRetentionPolicy(Context& context, const json& input) {
  json group = RequireByName(context, input);
  static const int kAllowed[] = {1,   3,   5,   7,   14,   30,   60,   90,   120,  150,  180,
                                 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653};
  int days = input.value("retentionInDays", 0);
  if (std::find(std::begin(kAllowed), std::end(kAllowed), days) == std::end(kAllowed)) {
    throw ApiError("InvalidParameterException",
                   "1 validation error detected: Value '" + std::to_string(days) +
                       "' at 'retentionInDays' failed to satisfy constraint: Member must "
                       "satisfy enum value set");
  }
  group["retentionInDays"] = days;
  Save(context, group);
  return json::object();
}

json DeleteRetentionPolicy(Context& context, const json& input) {
  json group = RequireByName(context, input);
  group.erase("retentionInDays");
  Save(context, group);
  return json::object();
}

json AssociateKmsKey(Context& context, const json& input) {
  json group = RequireByName(context, input);
  group["kmsKeyId"] = RequireString(input, "kmsKeyId", "InvalidParameterException");
  Save(context, group);
  return json::object();
}

json DisassociateKmsKey(Context& context, const json& input) {
  json group = RequireByName(context, input);
  group.erase("kmsKeyId");
  Save(context, group);
  return json::object();
}

json Tag(Context& context, json group, const json& tags) {
  for (const auto& [key, value] : tags.items()) group["x-berth"]["tags"][key] = value;
  Save(context, group);
  return json::object();
}

json Untag(Context& context, json group, const json& keys) {
  for (const json& key : keys) group["x-berth"]["tags"].erase(key.get<std::string>());
  Save(context, group);
  return json::object();
}

json TagResource(Context& context, const json& input) {
  return Tag(context, RequireByArn(context, input), input.value("tags", json::object()));
}
json UntagResource(Context& context, const json& input) {
  return Untag(context, RequireByArn(context, input), input.value("tagKeys", json::array()));
}
json ListTagsForResource(Context& context, const json& input) {
  return {{"tags", RequireByArn(context, input)["x-berth"]["tags"]}};
}
// The older by-name forms.
json TagLogGroup(Context& context, const json& input) {
  return Tag(context, RequireByName(context, input), input.value("tags", json::object()));
}
json UntagLogGroup(Context& context, const json& input) {
  return Untag(context, RequireByName(context, input), input.value("tags", json::array()));
}
json ListTagsLogGroup(Context& context, const json& input) {
  return {{"tags", RequireByName(context, input)["x-berth"]["tags"]}};
}

}  // namespace
}  // namespace logs_impl

const OperationTable& LogsOperations() {
  using namespace logs_impl;
  static const OperationTable table = [] {
    OperationTable table = {
        {"CreateLogGroup", &CreateLogGroup},
        {"DeleteLogGroup", &DeleteLogGroup},
        {"DescribeLogGroups", &DescribeLogGroups},
        {"PutRetentionPolicy", &PutRetentionPolicy},
        {"DeleteRetentionPolicy", &DeleteRetentionPolicy},
        {"AssociateKmsKey", &AssociateKmsKey},
        {"DisassociateKmsKey", &DisassociateKmsKey},
        {"TagResource", &TagResource},
        {"UntagResource", &UntagResource},
        {"ListTagsForResource", &ListTagsForResource},
        {"TagLogGroup", &TagLogGroup},
        {"UntagLogGroup", &UntagLogGroup},
        {"ListTagsLogGroup", &ListTagsLogGroup},
    };
    AddLogEventOperations(table);
    return table;
  }();
  return table;
}

}  // namespace berth::controlplane::api
