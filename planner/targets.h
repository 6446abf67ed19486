// --target: planning a part of a stack, the named resources and what they depend on.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "compiler/ir/ir.h"

namespace berth::planner {

// True when `address` is `target` or inside it (`module.web` holds `module.web.service.api`;
// `service.api` holds its for_each instances `service.api["blue"]`).
bool TargetMatches(std::string_view target, std::string_view address);

// The desired addresses the targets select, with everything they transitively depend on.
std::set<std::string> TargetedAddresses(const ir::Program& desired,
                                        const std::vector<std::string>& targets);

}  // namespace berth::planner
