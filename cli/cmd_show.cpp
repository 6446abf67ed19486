// berth show PLANFILE [--format text|json|markdown]: renders a plan saved by `berth plan --out`,
// for a reviewer or a bot, without compiling or reading anything live.
#include "cli/compile_stack.h"
#include "cli/plan_output.h"
#include "planner/plan_file.h"

namespace berth::cli {

int ShowCommand(const std::vector<std::string>& args, CommandIo& io) {
  std::vector<FlagSpec> flags = {
      {"format", true, false, "text (default), json or markdown"},
      {"no-color", false, false, "never colour the output"},
      {"help", false, false, "show this help"},
  };
  auto parsed = ParseCommandArgs("show", args, flags, io);
  if (!parsed) return 1;
  if (parsed->Has("help")) {
    io.out << "usage: berth show PLANFILE [flags]\n\n" << FlagsHelp(flags);
    return 0;
  }
  if (parsed->positional.size() != 1) {
    io.err << "berth show: expected one PLANFILE (written by `berth plan --out`)\n";
    return 1;
  }
  auto format = ParsePlanFormat("show", *parsed, io);
  if (!format) return 1;
  planner::PlanFile file;
  std::string error;
  if (!planner::ReadPlanFile(parsed->positional[0], file, error)) {
    io.err << "berth show: " << error << "\n";
    return 1;
  }
  RenderPlan(*format, file.plan, *parsed, io);
  return 0;
}

}  // namespace berth::cli
