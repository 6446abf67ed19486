#include "cli/compile_stack.h"

#include "compiler/check/check.h"
#include "review/git_modules.h"

namespace berth::cli {

std::vector<FlagSpec> StackFlags() {
  return {
      {"var", true, true, "set a variable: --var name=value (repeatable)"},
      {"var-file", true, true, "read variables from a file of `name = value` lines"},
      {"diagnostics", true, false, "how errors are printed: text (default) or json"},
      {"help", false, false, "show this help"},
  };
}

void PrintDiagnostics(const ParsedArgs& args, const Diagnostics& diags,
                      const SourceManager& sources, CommandIo& io) {
  if (args.Get("diagnostics", "text") == "json") {
    RenderDiagnosticsJson(diags, sources, io.err);
  } else {
    RenderDiagnosticsText(diags, sources, io.err);
  }
}

std::optional<ParsedArgs> ParseCommandArgs(const std::string& command,
                                           const std::vector<std::string>& args,
                                           const std::vector<FlagSpec>& specs, CommandIo& io) {
  std::string error;
  auto parsed = ParseArgs(args, specs, error);
  if (!parsed) {
    io.err << "berth " << command << ": " << error << "\n"
           << "run `berth " << command << " --help` for usage\n";
    return std::nullopt;
  }
  std::string format = parsed->Get("diagnostics", "text");
  if (format != "text" && format != "json") {
    io.err << "berth " << command << ": --diagnostics takes text or json, not \"" << format
           << "\"\n";
    return std::nullopt;
  }
  return parsed;
}

std::optional<ir::Program> CompileStack(const ParsedArgs& args, SourceManager& sources,
                                        CommandIo& io) {
  CheckOptions options;
  options.path = args.positional.empty() ? "." : args.positional[0];
  if (auto it = args.values.find("var"); it != args.values.end()) {
    for (const std::string& assignment : it->second) {
      size_t eq = assignment.find('=');
      if (eq == std::string::npos || eq == 0) {
        io.err << "berth: --var takes name=value, got \"" << assignment << "\"\n";
        return std::nullopt;
      }
      options.variables[assignment.substr(0, eq)] = assignment.substr(eq + 1);
    }
  }
  if (auto it = args.values.find("var-file"); it != args.values.end()) {
    options.variable_files = it->second;
  }
  options.resolve_git_module = review::GitModuleResolver(options.path);
  Diagnostics diags;
  std::optional<ir::Program> program = Check(options, sources, diags);
  PrintDiagnostics(args, diags, sources, io);
  if (diags.HasErrors()) return std::nullopt;
  return program;
}

}  // namespace berth::cli
