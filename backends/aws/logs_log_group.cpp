// log_group -> CloudWatch Logs: create-log-group, then put-retention-policy (a log group keeps
// events forever until a retention policy says otherwise). The ARN is derived from the name.
#include "backends/aws/emitters.h"
#include "backends/aws/ir_access.h"

namespace berth::aws {

namespace {

std::string LogGroupName(const ir::Resource& group) {
  const Value* name = Field(group.attributes, "name");
  return name != nullptr && name->is(ValueKind::kString) ? name->str() : group.name;
}

AwsCall LogsCall(const ir::Resource& group, const char* operation, Json body) {
  return AwsCall{"logs", operation, group.address, std::move(body), {}};
}

AwsCall PutRetention(const ir::Resource& group, const Value& retention) {
  return LogsCall(
      group, "put-retention-policy",
      JsonObject("logGroupName", LogGroupName(group), "retentionInDays", WholeDays(retention)));
}

bool Same(const Value* a, const Value* b) { return (a == nullptr) ? b == nullptr : b && *a == *b; }

std::vector<AwsCall> CreateLogGroup(const ir::Resource& group, const EmitContext& context) {
  const Value& attributes = group.attributes;
  Json body = JsonObject("logGroupName", LogGroupName(group));
  CopyIfSet(body, "kmsKeyId", attributes, "kms_key", context);
  if (const Value* tags = Field(attributes, "tags")) {
    if (std::optional<Json> object = TagObject(*tags)) Put(body, "tags", std::move(*object));
  }
  // STANDARD is what AWS does without the member; leaving it out keeps the request valid for
  // CLIs whose models predate log classes (Debian 12's awscli 2.9.19).
  const Value* log_class = Field(attributes, "class");
  if (log_class && !(log_class->is(ValueKind::kString) && log_class->str() == "STANDARD"))
    Put(body, "logGroupClass", ToJson(*log_class, context));
  std::vector<AwsCall> calls = CallList(LogsCall(group, "create-log-group", std::move(body)));
  if (const Value* retention = Field(attributes, "retention"))
    calls.push_back(PutRetention(group, *retention));
  return calls;
}

std::vector<AwsCall> UpdateLogGroup(const ir::Resource& group, const Value& before,
                                    const EmitContext& context) {
  const Value& after = group.attributes;
  std::vector<AwsCall> calls;
  const Value* retention = Field(after, "retention");
  if (!Same(retention, Field(before, "retention"))) {
    calls.push_back(retention ? PutRetention(group, *retention)
                              : LogsCall(group, "delete-retention-policy",
                                         {{"logGroupName", LogGroupName(group)}}));
  }
  const Value* kms_key = Field(after, "kms_key");
  if (!Same(kms_key, Field(before, "kms_key"))) {
    Json body = {{"logGroupName", LogGroupName(group)}};
    if (kms_key) body["kmsKeyId"] = ToJson(*kms_key, context);
    calls.push_back(
        LogsCall(group, kms_key ? "associate-kms-key" : "disassociate-kms-key", std::move(body)));
  }
  // Tagging takes the ARN without the trailing `:*` that DescribeLogGroups prints.
  Value no_tags = Value::Map({});
  const Value* tags = Field(after, "tags");
  const Value* old_tags = Field(before, "tags");
  const Value& now = tags ? *tags : no_tags;
  const Value& was = old_tags ? *old_tags : no_tags;
  Json arn = context.Resolve(RefTarget{group.address, "arn"});
  if (std::optional<Json> added = TagObject(ChangedTags(was, now))) {
    calls.push_back(LogsCall(group, "tag-resource", {{"resourceArn", arn}, {"tags", *added}}));
  }
  if (std::vector<std::string> removed = RemovedTagKeys(was, now); !removed.empty()) {
    calls.push_back(
        LogsCall(group, "untag-resource", {{"resourceArn", arn}, {"tagKeys", removed}}));
  }
  return calls;
}

std::vector<AwsCall> RemoveLogGroup(const ir::Resource& group, const EmitContext& context) {
  return {LogsCall(group, "delete-log-group", {{"logGroupName", LogGroupName(group)}})};
}

}  // namespace

const KindEmitter kLogGroupEmitter = {"log_group", &CreateLogGroup, &UpdateLogGroup,
                                      &RemoveLogGroup};

}  // namespace berth::aws
