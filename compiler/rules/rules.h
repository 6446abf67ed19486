// ECS rules over the whole lowered program: what the schema tables alone cannot say because it
// spans attributes or resources. Each rule reports located diagnostics.
#pragma once

#include "compiler/base/diagnostics.h"
#include "compiler/ir/ir.h"

namespace berth {

// Fargate CPU/memory pairs, Fargate without awsvpc, a service's load balancer naming a
// container or port the task does not expose, a listener forwarding to a target group of
// another protocol, ...
void CheckEcsRules(const ir::Program& program, Diagnostics& diags);

}  // namespace berth
