// The last line of an apply: what was done, and what was not.
#pragma once

#include <map>
#include <string>

#include "planner/apply.h"

namespace berth::planner {

using ActionCounts = std::map<Action, int>;  // succeeded actions by kind

// "Apply complete: 3 added, 1 changed, 0 replaced, 0 destroyed.", or "Apply failed: ...; 1
// failed, 2 not started." / "Apply interrupted: ..." when it did not finish.
std::string SummaryLine(const ActionCounts& counts, const ApplyResult& result);

}  // namespace berth::planner
