// service: CreateService, UpdateService for what changed, DeleteService (force) on remove.
//
// An update sends only the members UpdateService can change whose request value differs between
// the applied service and the declared one (both turned into CreateService bodies and compared
// member by member), plus:
// - taskDefinition, always: it names the family, so the service moves to the family's latest
//   ACTIVE revision, the one berth registered when the task changed in the same run; when that
//   revision is already the service's, ECS starts no deployment.
// Nothing at all when no such member changed (autoscaling or Cloud Map alone changed): those
// have their own emitters. A service whose task alone changed shows no change in the plan (its
// IR only references the task): the emission framework adds RolloutService for it.
// - never desiredCount when the service declares autoscaling (the scaler owns it,
//   docs/plan-json.md "Ownership"), and never forceNewDeployment (no declared value asks for it).
// Tags go through tag-resource / untag-resource; name, cluster, launch type, scheduling strategy
// and role force a replacement (schema), so they never reach an update.
#include <fmt/format.h>

#include <array>

#include "backends/aws/ecs_requests.h"
#include "backends/aws/emitters.h"
#include "backends/aws/ir_access.h"

namespace berth::aws {

namespace {

// UpdateService's members that CreateService also has, each with the value that restores AWS's
// behaviour when the declaration no longer sets it (null: nothing can clear it).
struct Updatable {
  const char* member;
  Json cleared;
};

const std::array<Updatable, 18>& UpdatableMembers() {
  static const std::array<Updatable, 18> members = {{
      {"desiredCount", nullptr},
      {"capacityProviderStrategy", Json::array()},
      {"deploymentConfiguration",
       {{"deploymentCircuitBreaker", {{"enable", false}, {"rollback", false}}},
        {"maximumPercent", 200},
        {"minimumHealthyPercent", 100}}},
      {"availabilityZoneRebalancing", "DISABLED"},
      {"networkConfiguration", nullptr},
      {"placementConstraints", Json::array()},
      {"placementStrategy", Json::array()},
      {"platformVersion", "LATEST"},
      {"healthCheckGracePeriodSeconds", 0},
      {"deploymentController", {{"type", "ECS"}}},
      {"enableExecuteCommand", false},
      {"enableECSManagedTags", false},
      {"loadBalancers", Json::array()},
      {"propagateTags", "NONE"},
      {"serviceRegistries", Json::array()},
      {"serviceConnectConfiguration", {{"enabled", false}}},
      {"volumeConfigurations", Json::array()},
      {"vpcLatticeConfigurations", Json::array()},
  }};
  return members;
}

std::string ServiceArn(const ir::Resource& service, const EmitContext& context) {
  Json cluster = ecs::ClusterOf(service.attributes, context);
  const Value* name = Field(service.attributes, "name");
  return fmt::format("arn:aws:ecs:{}:{}:service/{}/{}", context.region(), context.account(),
                     cluster.is_string() ? cluster.get<std::string>() : "",
                     name ? name->str() : service.name);
}

std::vector<AwsCall> CreateService(const ir::Resource& service, const EmitContext& context) {
  return CallList(ecs::EcsCall("create-service", service.address,
                               ecs::CreateServiceBody(service, context),
                               {{service.address + ".arn", "service.serviceArn"}}));
}

std::vector<AwsCall> UpdateService(const ir::Resource& service, const Value& before,
                                   const EmitContext& context) {
  ir::Resource applied = service;
  applied.attributes = before;
  Json old_body = ecs::CreateServiceBody(applied, context);
  Json new_body = ecs::CreateServiceBody(service, context);
  bool scaled = Field(service.attributes, "autoscaling") != nullptr;

  Json body = {{"cluster", new_body["cluster"]},
               {"service", new_body["serviceName"]},
               {"taskDefinition", new_body["taskDefinition"]}};
  for (const Updatable& u : UpdatableMembers()) {
    if (scaled && std::string_view(u.member) == "desiredCount") continue;
    bool had = old_body.contains(u.member);
    bool has = new_body.contains(u.member);
    if (has && (!had || old_body[u.member] != new_body[u.member])) {
      body[u.member] = new_body[u.member];
    } else if (had && !has && !u.cleared.is_null()) {
      body[u.member] = u.cleared;
    }
  }
  std::vector<AwsCall> calls;
  if (body.size() > 3)
    calls.push_back(ecs::EcsCall("update-service", service.address, std::move(body)));
  for (AwsCall& call : ecs::TagChanges(service.address, ServiceArn(service, context),
                                       Field(before, "tags"), Field(service.attributes, "tags"))) {
    calls.push_back(std::move(call));
  }
  return calls;
}

std::vector<AwsCall> RemoveService(const ir::Resource& before, const EmitContext& context) {
  Json body = {{"cluster", ecs::ClusterOf(before.attributes, context)}};
  const Value* name = Field(before.attributes, "name");
  body["service"] = name ? name->str() : before.name;
  body["force"] = true;  // deletes without scaling to zero first
  return {ecs::EcsCall("delete-service", before.address, std::move(body))};
}

}  // namespace

namespace ecs {

std::vector<AwsCall> TagChanges(const std::string& address, const std::string& resource_arn,
                                const Value* before, const Value* after) {
  std::vector<AwsCall> calls;
  Json removed = Json::array();
  if (before && before->is(ValueKind::kMap)) {
    for (const auto& [key, value] : before->map()) {
      if (!after || !after->Get(key)) removed.push_back(key);
    }
  }
  ValueMap changed;
  if (after && after->is(ValueKind::kMap)) {
    for (const auto& [key, value] : after->map()) {
      const Value* old = before ? before->Get(key) : nullptr;
      if (!old || !(*old == value)) changed.emplace_back(key, value);
    }
  }
  if (auto tags = LowercaseTags(Value::Map(std::move(changed)))) {
    calls.push_back(ecs::EcsCall("tag-resource", address,
                                 Json{{"resourceArn", resource_arn}, {"tags", std::move(*tags)}}));
  }
  if (!removed.empty()) {
    calls.push_back(
        ecs::EcsCall("untag-resource", address,
                     Json{{"resourceArn", resource_arn}, {"tagKeys", std::move(removed)}}));
  }
  return calls;
}

}  // namespace ecs

std::vector<AwsCall> RolloutService(const ir::Resource& service, const EmitContext& context) {
  const Value* name = Field(service.attributes, "name");
  Json body = {{"cluster", ecs::ClusterOf(service.attributes, context)},
               {"service", name ? name->str() : service.name}};
  CopyIfSet(body, "taskDefinition", service.attributes, "task", context);
  return {ecs::EcsCall("update-service", service.address, std::move(body))};
}

const KindEmitter kServiceEmitter = {"service", CreateService, UpdateService, RemoveService};

}  // namespace berth::aws
