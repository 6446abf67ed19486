// berth validate [PATH]: compiles the stack and reports every error, changing nothing.
#include <fmt/format.h>

#include "cli/compile_stack.h"

namespace berth::cli {

int ValidateCommand(const std::vector<std::string>& args, CommandIo& io) {
  std::vector<FlagSpec> flags = StackFlags();
  auto parsed = ParseCommandArgs("validate", args, flags, io);
  if (!parsed) return 1;
  if (parsed->Has("help")) {
    io.out << "usage: berth validate [PATH] [flags]\n\n" << FlagsHelp(flags);
    return 0;
  }
  SourceManager sources;
  auto program = CompileStack(*parsed, sources, io);
  if (!program) return 1;
  io.out << fmt::format("The stack is valid: {} resource{}, {} output{}.\n",
                        program->resources.size(), program->resources.size() == 1 ? "" : "s",
                        program->outputs.size(), program->outputs.size() == 1 ? "" : "s");
  return 0;
}

}  // namespace berth::cli
