// berth state list|show|rm|mv: hands the rest of the arguments to the chosen state command.
#include <string>

#include "cli/state_commands.h"
#include "compiler/base/diagnostics.h"

namespace berth::cli {

namespace {

struct StateSubcommand {
  const char* name;
  Command run;
  const char* usage;
};

const StateSubcommand kSubcommands[] = {
    {"list", &StateListCommand, "berth state list [PATH]: the addresses in the state"},
    {"show", &StateShowCommand, "berth state show ADDRESS [PATH]: one resource's attributes"},
    {"rm", &StateRmCommand, "berth state rm ADDRESS... [PATH]: forget resources (not destroyed)"},
    {"mv", &StateMvCommand, "berth state mv FROM TO [PATH]: rename a resource's address"},
};

void PrintStateUsage(std::ostream& out) {
  out << "usage: berth state <list|show|rm|mv> ... [--state FILE]\n\n";
  for (const StateSubcommand& s : kSubcommands) out << "  " << s.usage << "\n";
  out << "\nThe state file is --state FILE, else .berth/state.json in the stack directory PATH\n"
         "(default: the current directory).\n";
}

}  // namespace

int StateCommand(const std::vector<std::string>& args, CommandIo& io) {
  if (args.empty()) {
    io.err << "berth state: missing subcommand (list, show, rm or mv)\n";
    PrintStateUsage(io.err);
    return 1;
  }
  if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    PrintStateUsage(io.out);
    return 0;
  }
  std::vector<std::string> names;
  for (const StateSubcommand& s : kSubcommands) {
    names.push_back(s.name);
    if (args[0] == s.name) return s.run({args.begin() + 1, args.end()}, io);
  }
  io.err << "berth state: unknown subcommand \"" << args[0] << "\"";
  if (auto close = ClosestMatch(args[0], names)) io.err << " (did you mean \"" << *close << "\"?)";
  io.err << "; the subcommands are list, show, rm and mv\n";
  return 1;
}

}  // namespace berth::cli
