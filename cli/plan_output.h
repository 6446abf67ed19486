// What `plan` and `show` share: the --format flag and rendering a plan in the chosen format.
#pragma once

#include <optional>
#include <string>

#include "cli/args.h"
#include "cli/commands.h"
#include "planner/plan.h"

namespace berth::cli {

enum class PlanFormat { kText, kJson, kMarkdown };

// Reads --format (text by default); prints an error naming the command and returns nullopt
// for anything else.
std::optional<PlanFormat> ParsePlanFormat(const char* command, const ParsedArgs& args,
                                          CommandIo& io);

// Renders to io.out; text is coloured only for a person at a terminal, and never under
// NO_COLOR (no-color.org) or --no-color.
void RenderPlan(PlanFormat format, const planner::Plan& plan, const ParsedArgs& args,
                CommandIo& io);

}  // namespace berth::cli
