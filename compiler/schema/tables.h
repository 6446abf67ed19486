// Internal to compiler/schema: one accessor per resource kind (each defined in the file named
// after the kind), the nested blocks several kinds share, and short spellings for defaults.
// Tables are function-local statics so that they are built on first use, after the interned
// types they point to, whatever the order of static initialisation.
#pragma once

#include <initializer_list>
#include <string>

#include "compiler/base/value.h"
#include "compiler/schema/schema.h"

// The tables use designated initializers that leave most members at their defaults on purpose;
// g++ 12 warns about each omission under -Wextra, burying real warnings.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace berth::schema {

const BlockSpec& ClusterSchema();        // cluster.cpp
const BlockSpec& TaskSchema();           // task.cpp (containers in container.cpp)
const BlockSpec& ServiceSchema();        // service.cpp (autoscaling in autoscaling.cpp)
const BlockSpec& LoadBalancerSchema();   // load_balancer.cpp
const BlockSpec& TargetGroupSchema();    // target_group.cpp
const BlockSpec& RoleSchema();           // role.cpp
const BlockSpec& LogGroupSchema();       // log_group.cpp
const BlockSpec& ScheduleSchema();       // schedule.cpp
const BlockSpec& SecurityGroupSchema();  // security_group.cpp
const BlockSpec& ListenerRuleSchema();   // listener_rule.cpp

// Nested blocks shared between kinds (shared_blocks.cpp, container.cpp, autoscaling.cpp).
const BlockSpec& NetworkBlock();            // service, schedule: awsvpcConfiguration
const BlockSpec& CapacityProviderBlock();   // service, schedule
const BlockSpec& ContainerBlock();          // task
const BlockSpec& AutoscalingBlock();        // service
const BlockSpec& LinuxParametersBlock();    // container (container_linux.cpp)
const BlockSpec& ServiceConnectBlock();     // service (service_connect.cpp)
const BlockSpec& VpcLatticeBlock();         // service (service_connect.cpp)
const BlockSpec& ServiceDeploymentBlock();  // service (service_deployment.cpp)
const BlockSpec& EbsVolumeBlock();          // service (service_volumes.cpp)
// placementConstraints[] of a task (memberOf only) or of a service (also distinctInstance).
const BlockSpec& TaskPlacementConstraintBlock();
const BlockSpec& ServicePlacementConstraintBlock();
// A container's logConfiguration and Service Connect's: the same attributes in two blocks,
// because a task's are Revisioned and a service's change in place.
std::vector<AttributeSpec> LogConfigurationAttributes();  // container.cpp

// Listener rules, nested in a load_balancer's listener or stand-alone (load_balancer.cpp).
const BlockSpec& ForwardBlock();              // listener, rule, listener_rule
const BlockSpec& RedirectBlock();             // listener, rule, listener_rule
const BlockSpec& FixedResponseBlock();        // listener, rule, listener_rule
std::vector<AttributeSpec> RuleAttributes();  // priority, path, host

// Spellings of defaults. Enum defaults are strings: the IR holds enums as strings.
inline Value Str(std::string s) { return Value::String(std::move(s)); }
inline Value Num(double n) { return Value::Number(n); }
inline Value Flag(bool b) { return Value::Bool(b); }
inline Value Seconds(double s) { return Value::Duration(s * 1000); }
inline Value MiB(double n) { return Value::Size(n * 1024 * 1024); }
inline Value Strs(std::initializer_list<const char*> items) {
  ValueList list;
  for (const char* s : items) list.push_back(Value::String(s));
  return Value::List(std::move(list));
}

// A task definition is immutable: any change registers a new revision, which the plan shows as a
// replacement. Only tags can change in place.
inline BlockSpec Revisioned(BlockSpec block) {
  for (AttributeSpec& a : block.attributes) a.forces_replacement = a.name != "tags";
  return block;
}

// Every kind AWS tags takes the same `tags` attribute.
inline AttributeSpec TagsAttribute() {
  return {.name = "tags",
          .type = &MapOf(String()),
          .doc = "Tags for the resource, merged over the stack's tags (the resource's win)."};
}

}  // namespace berth::schema
