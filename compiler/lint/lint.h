// Best-practice rules ("lint"): a layer above the checker. The checker's errors say a stack
// cannot work; a lint finding says it works but is risky (an unpinned image, a secret in plain
// text, a service in one subnet). Every rule has a stable ID (BRT001...), a severity, a one-line
// message naming what to change, and a page in docs/rules/. A finding is silenced in the source
// with `# berth:ignore BRT001 reason`, the reason being mandatory.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/ir/ir.h"

namespace berth::lint {

enum class Level { kError, kWarning, kNotice };
const char* LevelName(Level level);  // "error", "warning", "notice"

struct RuleInfo {
  const char* id;    // "BRT001": stable, never reused
  const char* name;  // "image-tag-unpinned"
  Level level;
  const char* summary;  // one line, for `berth lint --rules` and the docs index
};

// The rule whose findings hold secrets: renderers never show its source line.
inline constexpr std::string_view kPlaintextSecretRule = "BRT002";

// Every rule, in ID order.
const std::vector<RuleInfo>& Rules();
const RuleInfo* FindRule(std::string_view id);

struct Finding {
  std::string rule;  // "BRT001"
  Level level = Level::kWarning;
  std::string address;  // the resource the finding is about
  // Names the attribute, container or variable; never the value of anything.
  std::string message;
  SourceRange range;
  bool suppressed = false;
  std::string reason;  // the suppression's reason
};

struct LintResult {
  std::vector<Finding> findings;  // sorted by location, suppressed ones included
  // Malformed suppressions (no reason, unknown rule): located errors, as the checker reports.
  Diagnostics problems;

  size_t Count(Level level) const;  // unsuppressed findings of that level
  size_t SuppressedCount() const;
};

// Runs every rule over a checked program. `sources` holds the files the program came from:
// suppression comments are read from their text.
LintResult Lint(const ir::Program& program, const SourceManager& sources);

// Marks as sensitive every environment value the plaintext-secret rule (BRT002) flags, so that
// the IR, plans, state and PR comments mask it as they mask a declared secret. The check phase
// calls this on the program it returns.
void MaskPlaintextSecrets(ir::Program& program);

// `file:line:col: warning: [BRT001] message`, the source line and a caret, as the checker's
// diagnostics; suppressed findings are left out, malformed suppressions come first.
void RenderText(const LintResult& result, const SourceManager& sources, std::ostream& out);
// One JSON object: {"findings": [...], "problems": [...]}, suppressed findings included.
void RenderJson(const LintResult& result, const SourceManager& sources, std::ostream& out);
// "2 warnings, 1 notice (1 suppressed)" or "no findings".
std::string SummaryLine(const LintResult& result);

}  // namespace berth::lint
