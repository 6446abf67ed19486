#include "cli/lint_output.h"

namespace berth::cli {

std::optional<FailOn> ParseFailOn(const std::string& text) {
  if (text == "never") return FailOn{true};
  if (text == "error") return FailOn{false, lint::Level::kError};
  if (text == "warning") return FailOn{false, lint::Level::kWarning};
  if (text == "notice") return FailOn{false, lint::Level::kNotice};
  return std::nullopt;
}

bool LintFails(const lint::LintResult& result, const FailOn& fail_on) {
  if (result.problems.HasErrors()) return true;
  if (fail_on.never) return false;
  // Levels are ordered error < warning < notice: at or above the threshold means <=.
  for (const lint::Finding& f : result.findings) {
    if (!f.suppressed && static_cast<int>(f.level) <= static_cast<int>(fail_on.level)) {
      return true;
    }
  }
  return false;
}

void PrintLintAfterPlan(const lint::LintResult& result, const SourceManager& sources,
                        PlanFormat format, CommandIo& io) {
  if (result.findings.empty() && !result.problems.HasErrors()) return;
  std::ostream& out = format == PlanFormat::kText ? io.out : io.err;
  out << (format == PlanFormat::kText ? "\n" : "");
  lint::RenderText(result, sources, out);
  out << "lint: " << lint::SummaryLine(result) << " (`berth lint` for details)\n";
}

}  // namespace berth::cli
