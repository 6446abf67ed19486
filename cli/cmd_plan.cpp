// berth plan [PATH]: compiles the stack and shows what apply would change. Until a backend's
// state is recorded (apply), the live side is empty, so every resource is a create.
#include <cstdlib>

#include "cli/compile_stack.h"
#include "planner/plan.h"

namespace berth::cli {

int PlanCommand(const std::vector<std::string>& args, CommandIo& io) {
  std::vector<FlagSpec> flags = StackFlags();
  flags.push_back({"detailed-exitcode", false, false, "exit 2 when the plan has changes"});
  flags.push_back({"no-color", false, false, "never colour the output"});
  auto parsed = ParseCommandArgs("plan", args, flags, io);
  if (!parsed) return 1;
  if (parsed->Has("help")) {
    io.out << "usage: berth plan [PATH] [flags]\n\n" << FlagsHelp(flags);
    return 0;
  }
  SourceManager sources;
  auto program = CompileStack(*parsed, sources, io);
  if (!program) return 1;
  planner::Plan plan = planner::Diff({}, *program, {});
  planner::RenderOptions render;
  // Colour only for a person at a terminal, and never when NO_COLOR is set (no-color.org).
  render.color = io.out_is_terminal && std::getenv("NO_COLOR") == nullptr &&
                 parsed->Get("no-color") != "true";
  planner::RenderText(plan, render, io.out);
  if (parsed->Get("detailed-exitcode") == "true" && plan.HasChanges()) return 2;
  return 0;
}

}  // namespace berth::cli
