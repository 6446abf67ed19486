// The registry of resource kinds, in the order docs/resources.md presents them.
#include "compiler/schema/schema.h"
#include "compiler/schema/tables.h"

namespace berth::schema {

const std::vector<const BlockSpec*>& AllResources() {
  static const std::vector<const BlockSpec*> all = {
      &ClusterSchema(),      &TaskSchema(),          &ServiceSchema(), &LoadBalancerSchema(),
      &ListenerRuleSchema(), &TargetGroupSchema(),   &RoleSchema(),    &LogGroupSchema(),
      &ScheduleSchema(),     &SecurityGroupSchema(),
  };
  return all;
}

const BlockSpec* FindResource(std::string_view kind) {
  for (const BlockSpec* spec : AllResources()) {
    if (spec->name == kind) return spec;
  }
  return nullptr;
}

}  // namespace berth::schema
