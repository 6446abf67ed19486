// berth force-unlock ID [PATH]: clears the lock a crashed or killed run left behind. The id must
// match the lock's, so a lock taken since the stale one is never cleared by mistake.
#include "cli/compile_stack.h"
#include "cli/state_commands.h"

namespace berth::cli {

int ForceUnlockCommand(const std::vector<std::string>& args, CommandIo& io) {
  const std::string usage = "berth force-unlock ID [PATH] [--state FILE]";
  std::vector<FlagSpec> flags = StateFlags();
  auto parsed = ParseCommandArgs("force-unlock", args, flags, io);
  if (!parsed) return 1;
  if (parsed->Has("help")) {
    io.out << "usage: " << usage << "\n\n"
           << "ID is the lock id printed by the run that found the state locked.\n\n"
           << FlagsHelp(flags);
    return 0;
  }
  auto operands = ParseStateOperands("force-unlock", *parsed, 1, false, usage, io);
  if (!operands) return 1;
  std::string error;
  if (!state::ForceUnlock(operands->state_path, operands->operands[0], error)) {
    io.err << "berth: " << error << "\n";
    return 1;
  }
  io.out << "Unlocked the state " << operands->state_path << "\n";
  return 0;
}

}  // namespace berth::cli
