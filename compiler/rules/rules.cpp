#include "compiler/rules/rules.h"

#include "compiler/rules/families.h"

namespace berth {

void CheckEcsRules(const ir::Program& program, Diagnostics& diags) {
  // Each family reads the whole program and reports independently: all errors of a run are
  // shown together, in the stable order Diagnostics::Sorted gives them.
  rules::CheckFargateSizes(program, diags);
  rules::CheckFargateNetwork(program, diags);
  rules::CheckLoadBalancerPorts(program, diags);
  rules::CheckListenerProtocols(program, diags);
  rules::CheckListenerRules(program, diags);
  rules::CheckListenerActions(program, diags);
  rules::CheckElbNames(program, diags);
  rules::CheckTaskContainers(program, diags);
  rules::CheckContainerLogs(program, diags);
  rules::CheckFargateFeatures(program, diags);
  rules::CheckAutoscaling(program, diags);
  rules::CheckRoleTrust(program, diags);
  rules::CheckScheduleExpressions(program, diags);
  rules::CheckAlternatives(program, diags);
  rules::CheckExecutionRole(program, diags);
  rules::CheckLoadBalancerSubnets(program, diags);
  rules::CheckTargetGroupListeners(program, diags);
  rules::CheckSecurityGroupPorts(program, diags);
}

}  // namespace berth
