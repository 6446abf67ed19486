// berth apply [PATH | PLANFILE]: compiles the stack, plans against what is live, asks, and
// carries the plan out through the backend, saving the state after every action. Given a plan
// saved by `berth plan --out`, applies exactly that plan instead.
#include <filesystem>

#include "cli/apply_flow.h"
#include "cli/compile_stack.h"
#include "planner/plan_file.h"

namespace berth::cli {

namespace {

enum class Operand { kStack, kPlanFile, kBad };

// A regular file that reads as a plan file is one; a directory or a .berth file is a stack.
// Any other file is reported with why it is not a plan, rather than compiled as a stack.
Operand Classify(const ParsedArgs& args, planner::PlanFile& file, CommandIo& io) {
  if (args.positional.empty()) return Operand::kStack;
  std::filesystem::path path = args.positional[0];
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return Operand::kStack;
  std::string error;
  if (planner::ReadPlanFile(path.string(), file, error)) return Operand::kPlanFile;
  if (path.extension() == ".berth") return Operand::kStack;
  io.err << "berth apply: " << path.string() << " is neither a stack nor a saved plan: " << error
         << "\n";
  return Operand::kBad;
}

}  // namespace

int ApplyCommand(const std::vector<std::string>& args, CommandIo& io) {
  std::vector<FlagSpec> flags = StackFlags();
  for (FlagSpec& flag : ApplyFlags()) flags.push_back(std::move(flag));
  flags.push_back({"wait", false, false,
                   "aws-api, controlplane: after creating or updating a service, wait until it "
                   "is stable (one deployment, all tasks running), as `aws ecs wait "
                   "services-stable` does"});
  auto parsed = ParseCommandArgs("apply", args, flags, io);
  if (!parsed) return 1;
  if (parsed->Has("help")) {
    io.out << "usage: berth apply [PATH | PLANFILE] [flags]\n\n" << FlagsHelp(flags);
    return 0;
  }
  planner::PlanFile file;
  switch (Classify(*parsed, file, io)) {
    case Operand::kBad:
      return 1;
    case Operand::kPlanFile:
      return RunSavedPlanApply(*parsed, file, io);
    case Operand::kStack:
      break;
  }
  SourceManager sources;
  auto program = CompileStack(*parsed, sources, io);
  if (!program) return 1;
  return RunApplyFlow("apply", *parsed, *program, /*destroy=*/false, io);
}

}  // namespace berth::cli
