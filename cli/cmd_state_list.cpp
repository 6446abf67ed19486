// berth state list [PATH]: every address in the state, one per line, for scripts and eyes.
#include "cli/compile_stack.h"
#include "cli/state_commands.h"

namespace berth::cli {

int StateListCommand(const std::vector<std::string>& args, CommandIo& io) {
  const std::string usage = "berth state list [PATH] [--state FILE]";
  std::vector<FlagSpec> flags = StateFlags();
  auto parsed = ParseCommandArgs("state list", args, flags, io);
  if (!parsed) return 1;
  if (parsed->Has("help")) {
    io.out << "usage: " << usage << "\n\n" << FlagsHelp(flags);
    return 0;
  }
  auto operands = ParseStateOperands("state list", *parsed, 0, false, usage, io);
  if (!operands) return 1;
  auto state = LoadStateOrReport(operands->state_path, io);
  if (!state) return 1;
  for (const state::Resource& r : state->resources) io.out << r.address << "\n";
  return 0;
}

}  // namespace berth::cli
