// berth apply [PATH]: compiles the stack, plans against what is live, asks, and carries the plan
// out through the backend, saving the state after every action.
#include "cli/apply_flow.h"
#include "cli/compile_stack.h"

namespace berth::cli {

int ApplyCommand(const std::vector<std::string>& args, CommandIo& io) {
  std::vector<FlagSpec> flags = StackFlags();
  for (FlagSpec& flag : ApplyFlags()) flags.push_back(std::move(flag));
  auto parsed = ParseCommandArgs("apply", args, flags, io);
  if (!parsed) return 1;
  if (parsed->Has("help")) {
    io.out << "usage: berth apply [PATH] [flags]\n\n" << FlagsHelp(flags);
    return 0;
  }
  SourceManager sources;
  auto program = CompileStack(*parsed, sources, io);
  if (!program) return 1;
  return RunApplyFlow("apply", *parsed, *program, /*destroy=*/false, io);
}

}  // namespace berth::cli
