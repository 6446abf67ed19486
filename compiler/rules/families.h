// Internal to compiler/rules: one entry per rule family, each in the file of the same name.
// CheckEcsRules (rules.cpp) runs them all; tests may run one alone.
#pragma once

#include "compiler/base/diagnostics.h"
#include "compiler/ir/ir.h"

namespace berth::rules {

void CheckFargateSizes(const ir::Program& program, Diagnostics& diags);
void CheckFargateNetwork(const ir::Program& program, Diagnostics& diags);
void CheckLoadBalancerPorts(const ir::Program& program, Diagnostics& diags);
void CheckListenerProtocols(const ir::Program& program, Diagnostics& diags);
void CheckListenerActions(const ir::Program& program, Diagnostics& diags);
void CheckListenerRules(const ir::Program& program, Diagnostics& diags);
void CheckElbNames(const ir::Program& program, Diagnostics& diags);
void CheckTaskContainers(const ir::Program& program, Diagnostics& diags);
void CheckContainerLogs(const ir::Program& program, Diagnostics& diags);
void CheckFargateFeatures(const ir::Program& program, Diagnostics& diags);
void CheckAutoscaling(const ir::Program& program, Diagnostics& diags);
void CheckRoleTrust(const ir::Program& program, Diagnostics& diags);
void CheckScheduleExpressions(const ir::Program& program, Diagnostics& diags);
void CheckAlternatives(const ir::Program& program, Diagnostics& diags);
void CheckExecutionRole(const ir::Program& program, Diagnostics& diags);
void CheckLoadBalancerSubnets(const ir::Program& program, Diagnostics& diags);
void CheckTargetGroupListeners(const ir::Program& program, Diagnostics& diags);
void CheckSecurityGroupPorts(const ir::Program& program, Diagnostics& diags);

}  // namespace berth::rules
