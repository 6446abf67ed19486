// Internal to the ECS builders (ecs_*.cpp): request pieces several ECS calls share. Each turns
// an IR block into the API shape, spelling only what the user set or what the API requires
// (fields equal to AWS's own default are left out).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "backends/aws/aws_call.h"
#include "backends/aws/ir_access.h"

namespace berth::aws::ecs {

// body[key] = [to_json(entry) for each entry of the repeated block `ir_key`], left out when the
// block does not appear.
template <typename ToJsonFn>
void CopyBlocks(Json& body, std::string_view key, const Value& parent, std::string_view ir_key,
                ToJsonFn to_json) {
  const Value* blocks = Field(parent, ir_key);
  if (!blocks || !blocks->is(ValueKind::kList) || blocks->list().empty()) return;
  Json list = JsonArray();
  list.get_ref<Json::array_t&>().reserve(blocks->list().size());
  for (const Value& block : blocks->list()) list.push_back(to_json(block));
  Put(body, key, std::move(list));
}

// An `aws ecs OPERATION` call.
inline AwsCall EcsCall(std::string operation, std::string address, Json body,
                       std::vector<Capture> captures = {}) {
  return {.service = "ecs",
          .operation = std::move(operation),
          .address = std::move(address),
          .body = std::move(body),
          .captures = std::move(captures)};
}

// `false`, the default CopyUnless leaves out of a body.
inline const Value kFalse = Value::Bool(false);

// The request bodies, for the emitters and for tests.
Json RegisterTaskDefinitionBody(const ir::Resource& task, const EmitContext& context);
Json CreateServiceBody(const ir::Resource& service, const EmitContext& context);
Json CreateClusterBody(const ir::Resource& cluster, const EmitContext& context);

// containerDefinitions[] entry for a task's `container` block. `address` is the task's, for the
// placeholders of sensitive values.
Json ContainerDefinition(const Value& container, std::string_view address,
                         const EmitContext& context);

// logConfiguration of a container or of Service Connect.
Json LogConfiguration(const Value& logs, std::string_view address, std::string_view path,
                      const EmitContext& context);

// [{NAME_KEY: key, VALUE_KEY: value}] from a map, sorted by key (a berth map is sorted, and AWS
// returns environment variables sorted by name too). Sensitive values become placeholders.
Json NameValueList(const Value& map, const char* name_key, const char* value_key,
                   std::string_view address, std::string_view path, const EmitContext& context);

// capacityProviderStrategy / defaultCapacityProviderStrategy from capacity_provider blocks.
Json CapacityProviderStrategy(const Value& items);

// The name of the ECS cluster a service runs in, from its `cluster` reference.
Json ClusterOf(const Value& service_attributes, const EmitContext& context);

// The launch type a service without launch_type or capacity providers is created with: its
// task's first `requires` entry, unless its cluster has a default strategy (nullopt then, and
// when it declares its own). Plans against live compare a live launch type with it.
std::optional<std::string> ImplicitLaunchType(const Value& service_attributes,
                                              const EmitContext& context);

// tag-resource / untag-resource calls that take the tags of `resource_arn` from `before` to
// `after` (tag maps, possibly null); none when they are equal.
std::vector<AwsCall> TagChanges(const std::string& address, const std::string& resource_arn,
                                const Value* before, const Value* after);

}  // namespace berth::aws::ecs
