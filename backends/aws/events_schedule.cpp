// schedule -> EventBridge put-rule (the cron or rate expression) and put-targets (one ECS target
// that runs the task on the cluster with EcsParameters). Updates put both again, which replaces
// them whole, and change tags with tag-resource / untag-resource (PutRule ignores tags of an
// existing rule). Removes take the target off, then delete the rule.
#include <fmt/format.h>

#include "backends/aws/elbv2_common.h"
#include "backends/aws/emitters.h"
#include "backends/aws/ir_access.h"

namespace berth::aws {

namespace {

// The one target berth puts on a schedule's rule.
constexpr const char* kTargetId = "ecs-task";

std::string RuleArn(const std::string& name, const EmitContext& context) {
  return fmt::format("arn:aws:events:{}:{}:rule/{}", context.region(), context.account(), name);
}

const ir::Resource* TaskOf(const Value& schedule, const EmitContext& context) {
  const Value* task = Field(schedule, "task");
  return task && task->is(ValueKind::kRef) ? context.program().Find(task->ref().address) : nullptr;
}

}  // namespace

// Where the task runs: launch_type, else nothing when capacity providers decide, else the task's
// first `requires` entry (the schema's documented default).
std::string ScheduleLaunchType(const Value& schedule, const EmitContext& context) {
  if (std::string declared = StringField(schedule, "launch_type"); !declared.empty())
    return declared;
  if (!Entries(schedule, "capacity_providers").empty()) return "";
  if (const ir::Resource* task = TaskOf(schedule, context)) {
    if (const Value* requires_ = Field(task->attributes, "requires");
        requires_ && requires_->is(ValueKind::kList) && !requires_->list().empty())
      return requires_->list().front().str();
  }
  return "";
}

namespace {

Json EcsParameters(const Value& schedule, const EmitContext& context) {
  Json ecs = Json::object();
  // The ARN without a revision: RunTask takes it as the latest ACTIVE revision, so a new task
  // revision needs no change of the target (the schema promises the latest revision).
  std::string family;
  if (const ir::Resource* task = TaskOf(schedule, context)) {
    family = StringField(task->attributes, "family");
  } else if (const Value* task = Field(schedule, "task"); task && task->is(ValueKind::kRef)) {
    family = task->ref().address.substr(task->ref().address.rfind('.') + 1);
  }
  ecs["TaskDefinitionArn"] = fmt::format("arn:aws:ecs:{}:{}:task-definition/{}", context.region(),
                                         context.account(), family);
  if (long long count = Integer(*Field(schedule, "count")); count != 1) ecs["TaskCount"] = count;
  if (std::string launch = ScheduleLaunchType(schedule, context); !launch.empty())
    ecs["LaunchType"] = launch;
  if (const Value* network = Field(schedule, "network")) {
    Json awsvpc = {{"Subnets", ToJson(*Field(*network, "subnets"), context)}};
    if (const Value* groups = Field(*network, "security_groups"); groups && !groups->list().empty())
      awsvpc["SecurityGroups"] = ToJson(*groups, context);
    if (Field(*network, "assign_public_ip")->as_bool()) awsvpc["AssignPublicIp"] = "ENABLED";
    ecs["NetworkConfiguration"] = {{"awsvpcConfiguration", std::move(awsvpc)}};
  }
  CopyIfSet(ecs, "PlatformVersion", schedule, "platform_version", context);
  if (std::vector<const Value*> providers = Entries(schedule, "capacity_providers");
      !providers.empty()) {
    Json strategy = Json::array();
    for (const Value* provider : providers) {
      // weight always: RunTask's default weight (0) is not the schema's (1).
      Json item = {{"capacityProvider", StringField(*provider, "name")},
                   {"weight", Integer(*Field(*provider, "weight"))}};
      if (long long base = Integer(*Field(*provider, "base")); base != 0) item["base"] = base;
      strategy.push_back(std::move(item));
    }
    ecs["CapacityProviderStrategy"] = std::move(strategy);
  }
  return ecs;
}

// The target's Input: container overrides as RunTask's `overrides` JSON, "" when none.
std::string OverridesInput(const ir::Resource& schedule) {
  std::vector<const Value*> overrides = Entries(schedule.attributes, "overrides");
  if (overrides.empty()) return "";
  Json containers = Json::array();
  for (const Value* entry : overrides) {
    std::string label = StringField(*entry, "name");
    Json container = {{"name", label}};
    if (const Value* command = Field(*entry, "command")) {
      Json words = Json::array();
      for (const Value& word : command->list()) words.push_back(word.str());
      container["command"] = std::move(words);
    }
    if (const Value* env = Field(*entry, "env")) {
      Json variables = Json::array();
      for (const auto& [name, value] : env->map()) {
        // A sensitive value is never written: apply.sh fills its placeholder.
        Json text = value.sensitive() ? Json(Placeholder("sensitive." + schedule.address,
                                                         "overrides." + label + ".env." + name))
                                      : Json(value.str());
        variables.push_back({{"name", name}, {"value", std::move(text)}});
      }
      container["environment"] = std::move(variables);
    }
    containers.push_back(std::move(container));
  }
  return Json{{"containerOverrides", std::move(containers)}}.dump();
}

AwsCall PutRule(const ir::Resource& schedule, bool with_tags) {
  const Value& a = schedule.attributes;
  Json body = {{"Name", StringField(a, "name")},
               {"ScheduleExpression", StringField(a, "expression")}};
  if (!Field(a, "enabled")->as_bool()) body["State"] = "DISABLED";
  if (const Value* description = Field(a, "description")) body["Description"] = description->str();
  if (with_tags) {
    if (const Value* tags = Field(a, "tags")) {
      if (std::optional<Json> list = CapitalizedTags(*tags)) body["Tags"] = *list;
    }
  }
  return {.service = "events",
          .operation = "put-rule",
          .address = schedule.address,
          .body = std::move(body),
          .captures = {{schedule.address + ".arn", "RuleArn"}}};
}

AwsCall PutTargets(const ir::Resource& schedule, const EmitContext& context) {
  const Value& a = schedule.attributes;
  Json target = {{"Id", kTargetId},
                 {"Arn", context.Resolve({Field(a, "cluster")->ref().address, "arn"})},
                 {"RoleArn", ToJson(*Field(a, "role"), context)}};
  if (std::string input = OverridesInput(schedule); !input.empty()) target["Input"] = input;
  target["EcsParameters"] = EcsParameters(a, context);
  return {.service = "events",
          .operation = "put-targets",
          .address = schedule.address,
          .body = {{"Rule", StringField(a, "name")}, {"Targets", {std::move(target)}}}};
}

std::vector<AwsCall> CreateSchedule(const ir::Resource& schedule, const EmitContext& context) {
  return {PutRule(schedule, /*with_tags=*/true), PutTargets(schedule, context)};
}

std::vector<AwsCall> UpdateSchedule(const ir::Resource& schedule, const Value& before,
                                    const EmitContext& context) {
  std::vector<AwsCall> calls = {PutRule(schedule, /*with_tags=*/false),
                                PutTargets(schedule, context)};
  TagDiff tags = DiffTags(Field(before, "tags"), Field(schedule.attributes, "tags"));
  std::string arn = RuleArn(StringField(schedule.attributes, "name"), context);
  if (!tags.removed.empty()) {
    calls.push_back({.service = "events",
                     .operation = "untag-resource",
                     .address = schedule.address,
                     .body = {{"ResourceARN", arn}, {"TagKeys", tags.removed}}});
  }
  if (std::optional<Json> set = CapitalizedTags(tags.set)) {
    calls.push_back({.service = "events",
                     .operation = "tag-resource",
                     .address = schedule.address,
                     .body = {{"ResourceARN", arn}, {"Tags", *set}}});
  }
  return calls;
}

std::vector<AwsCall> RemoveSchedule(const ir::Resource& before, const EmitContext& context) {
  std::string name = StringField(before.attributes, "name");
  return {{.service = "events",
           .operation = "remove-targets",
           .address = before.address,
           .body = {{"Rule", name}, {"Ids", {kTargetId}}}},
          {.service = "events",
           .operation = "delete-rule",
           .address = before.address,
           .body = {{"Name", name}}}};
}

}  // namespace

const KindEmitter kScheduleEmitter = {"schedule", CreateSchedule, UpdateSchedule, RemoveSchedule};

}  // namespace berth::aws
