// berth lint [PATH]: compiles the stack and runs the best-practice rules (compiler/lint/).
// Exit 1 when the stack does not compile, a suppression is malformed, or a finding is at or above
// --fail-on (error by default); 0 otherwise.
#include <fmt/format.h>

#include "cli/compile_stack.h"
#include "cli/lint_output.h"
#include "compiler/lint/lint.h"

namespace berth::cli {

namespace {

std::vector<FlagSpec> LintFlags() {
  std::vector<FlagSpec> flags = StackFlags();
  flags.push_back({"format", true, false, "text (default) or json"});
  flags.push_back({"fail-on", true, false,
                   "lowest finding level that makes the exit code 1: error (default), warning, "
                   "notice or never"});
  flags.push_back({"rules", false, false, "list every rule and exit"});
  return flags;
}

void ListRules(CommandIo& io) {
  for (const lint::RuleInfo& rule : lint::Rules()) {
    io.out << fmt::format("{}  {:<8} {:<28} {}\n", rule.id, lint::LevelName(rule.level), rule.name,
                          rule.summary);
  }
  io.out << "\nEach rule is documented in docs/rules/<ID>.md. Silence one finding with a "
            "comment on its line or the line above:\n  # berth:ignore BRT001 why this is "
            "acceptable here\n";
}

}  // namespace

int LintCommand(const std::vector<std::string>& args, CommandIo& io) {
  std::vector<FlagSpec> flags = LintFlags();
  auto parsed = ParseCommandArgs("lint", args, flags, io);
  if (!parsed) return 1;
  if (parsed->Has("help")) {
    io.out << "usage: berth lint [PATH] [flags]\n\n" << FlagsHelp(flags);
    return 0;
  }
  if (parsed->Has("rules")) {
    ListRules(io);
    return 0;
  }
  std::string format = parsed->Get("format", "text");
  if (format != "text" && format != "json") {
    io.err << "berth lint: --format takes text or json, not \"" << format << "\"\n";
    return 1;
  }
  auto fail_on = ParseFailOn(parsed->Get("fail-on", "error"));
  if (!fail_on) {
    io.err << "berth lint: --fail-on takes error, warning, notice or never, not \""
           << parsed->Get("fail-on") << "\"\n";
    return 1;
  }
  SourceManager sources;
  auto program = CompileStack(*parsed, sources, io);
  if (!program) return 1;
  lint::LintResult result = lint::Lint(*program, sources);
  if (format == "json") {
    lint::RenderJson(result, sources, io.out);
  } else {
    lint::RenderText(result, sources, io.out);
    io.out << "lint: " << lint::SummaryLine(result) << "\n";
  }
  return LintFails(result, *fail_on) ? 1 : 0;
}

}  // namespace berth::cli
