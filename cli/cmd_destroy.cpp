// berth destroy [PATH]: deletes everything the state records, dependents first. The stack is
// still compiled: its backend block says where the state lives.
#include "cli/apply_flow.h"
#include "cli/compile_stack.h"

namespace berth::cli {

int DestroyCommand(const std::vector<std::string>& args, CommandIo& io) {
  std::vector<FlagSpec> flags = StackFlags();
  for (FlagSpec& flag : ApplyFlags()) flags.push_back(std::move(flag));
  auto parsed = ParseCommandArgs("destroy", args, flags, io);
  if (!parsed) return 1;
  if (parsed->Has("help")) {
    io.out << "usage: berth destroy [PATH] [flags]\n\n" << FlagsHelp(flags);
    return 0;
  }
  SourceManager sources;
  auto program = CompileStack(*parsed, sources, io);
  if (!program) return 1;
  return RunApplyFlow("destroy", *parsed, *program, /*destroy=*/true, io);
}

}  // namespace berth::cli
