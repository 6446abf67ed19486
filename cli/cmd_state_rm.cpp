// berth state rm ADDRESS... [PATH]: berth forgets resources without destroying them, e.g. when
// a resource is handed over to another stack. All or nothing: one unknown address changes
// nothing.
#include "cli/compile_stack.h"
#include "cli/state_commands.h"

namespace berth::cli {

int StateRmCommand(const std::vector<std::string>& args, CommandIo& io) {
  const std::string usage = "berth state rm ADDRESS... [PATH] [--state FILE]";
  std::vector<FlagSpec> flags = StateFlags();
  auto parsed = ParseCommandArgs("state rm", args, flags, io);
  if (!parsed) return 1;
  if (parsed->Has("help")) {
    io.out << "usage: " << usage << "\n\n"
           << "A trailing PATH is taken as the stack when it is a directory or a .berth file.\n\n"
           << FlagsHelp(flags);
    return 0;
  }
  auto operands = ParseStateOperands("state rm", *parsed, 1, true, usage, io);
  if (!operands) return 1;
  std::string error;
  auto lock = state::StateLock::Acquire(operands->state_path, "state rm", error);
  if (!lock) {
    io.err << "berth: " << error << "\n";
    return 1;
  }
  auto state = LoadStateOrReport(operands->state_path, io);
  if (!state) return 1;
  for (const std::string& address : operands->operands) {
    if (!FindOrReport(*state, address, operands->state_path, io)) return 1;
  }
  for (const std::string& address : operands->operands) state->Remove(address);
  if (!state::SaveState(operands->state_path, *state, error)) {
    io.err << "berth: " << error << "\n";
    return 1;
  }
  for (const std::string& address : operands->operands) {
    io.out << "Removed " << address << " from the state (the resource itself is untouched)\n";
  }
  return 0;
}

}  // namespace berth::cli
