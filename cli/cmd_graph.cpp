// berth graph [PATH] --format dot|mermaid: the dependency graph of the compiled stack.
#include "cli/compile_stack.h"
#include "cli/output_file.h"
#include "compiler/graph/graph.h"

namespace berth::cli {

int GraphCommand(const std::vector<std::string>& args, CommandIo& io) {
  std::vector<FlagSpec> flags = StackFlags();
  flags.push_back({"format", true, false, "dot (default) or mermaid"});
  flags.push_back({"out", true, false, "write to this file instead of standard output"});
  auto parsed = ParseCommandArgs("graph", args, flags, io);
  if (!parsed) return 1;
  if (parsed->Has("help")) {
    io.out << "usage: berth graph [PATH] --format dot|mermaid [flags]\n\n" << FlagsHelp(flags);
    return 0;
  }
  std::string format_name = parsed->Get("format", "dot");
  std::optional<GraphFormat> format = ParseGraphFormat(format_name);
  if (!format) {
    io.err << "berth graph: --format takes dot or mermaid, not \"" << format_name << "\"\n";
    return 1;
  }
  SourceManager sources;
  auto program = CompileStack(*parsed, sources, io);
  if (!program) return 1;
  GraphOptions options;
  options.format = *format;
  return WriteOutput(parsed->Get("out"), io,
                     [&](std::ostream& out) { out << RenderGraph(options, *program); });
}

}  // namespace berth::cli
