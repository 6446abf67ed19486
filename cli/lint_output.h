// What `lint`, `plan` and `review` share about lint findings: the --fail-on threshold and the
// short report printed after a plan.
#pragma once

#include <optional>
#include <string>

#include "cli/commands.h"
#include "cli/plan_output.h"
#include "compiler/lint/lint.h"

namespace berth::cli {

// The lowest level that fails a run; nullopt for "never" is spelled as a level past notice.
struct FailOn {
  bool never = false;
  lint::Level level = lint::Level::kError;
};
std::optional<FailOn> ParseFailOn(const std::string& text);

// Whether the result fails a run: a malformed suppression always does.
bool LintFails(const lint::LintResult& result, const FailOn& fail_on);

// After a plan: the findings as diagnostics, then a summary line. Text plans get them on
// stdout after the plan; JSON and Markdown plans on stderr, so machine output stays parseable.
void PrintLintAfterPlan(const lint::LintResult& result, const SourceManager& sources,
                        PlanFormat format, CommandIo& io);

}  // namespace berth::cli
