// berth compile [PATH] --emit ir [-o FILE]: the canonical IR as JSON.
#include <fstream>

#include "cli/compile_stack.h"
#include "cli/keep_until_exit.h"
#include "cli/output_file.h"

namespace berth::cli {

int CompileCommand(const std::vector<std::string>& args, CommandIo& io) {
  std::vector<FlagSpec> flags = StackFlags();
  flags.push_back({"emit", true, false, "what to print: ir (the canonical IR as JSON)"});
  flags.push_back({"out", true, false, "write to this file instead of standard output"});
  auto parsed = ParseCommandArgs("compile", args, flags, io);
  if (!parsed) return 1;
  if (parsed->Has("help")) {
    io.out << "usage: berth compile [PATH] --emit ir [flags]\n\n" << FlagsHelp(flags);
    return 0;
  }
  std::string emit = parsed->Get("emit", "ir");
  if (emit != "ir") {
    io.err << "berth compile: --emit takes ir, not \"" << emit << "\"\n";
    return 1;
  }
  SourceManager sources;
  auto program = CompileStack(*parsed, sources, io);
  if (!program) return 1;
  int status = WriteOutput(parsed->Get("out"), io,
                           [&](std::ostream& out) { ir::WriteJson(*program, sources, out); });
  KeepUntilExit(*program);
  return status;
}

}  // namespace berth::cli
