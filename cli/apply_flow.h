// What `apply` and `destroy` share once the stack is compiled: take the state lock, read what
// is live, plan, show the plan, ask for confirmation, apply with Ctrl-C handled, report. And
// `apply PLANFILE`, which applies a saved plan exactly.
#pragma once

#include <vector>

#include "cli/args.h"
#include "cli/commands.h"
#include "compiler/ir/ir.h"
#include "planner/plan_file.h"

namespace berth::cli {

// The flags of apply and destroy, after the stack flags.
std::vector<FlagSpec> ApplyFlags();

// `destroy` plans the deletion of everything in the state; `apply` plans toward `program`.
// Returns the exit code: 0 done (or nothing to do), 1 refused, failed or interrupted.
int RunApplyFlow(const char* command, const ParsedArgs& args, const ir::Program& program,
                 bool destroy, CommandIo& io);

// Applies a saved plan (`berth plan --out`) exactly, without planning again or asking (saving
// it was the approval): locks the state file the plan names and refuses (1) when that state
// moved since the plan was made.
int RunSavedPlanApply(const ParsedArgs& args, const planner::PlanFile& file, CommandIo& io);

}  // namespace berth::cli
