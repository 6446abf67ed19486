// Lint findings in the checker's diagnostic form (text) and as JSON for bots.
#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "compiler/lint/lint.h"

namespace berth::lint {

namespace {

Severity SeverityOf(Level level) {
  switch (level) {
    case Level::kError:
      return Severity::kError;
    case Level::kWarning:
      return Severity::kWarning;
    case Level::kNotice:
      return Severity::kNote;
  }
  return Severity::kWarning;
}

std::string Plural(size_t n, const char* word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

}  // namespace

void RenderText(const LintResult& result, const SourceManager& sources, std::ostream& out) {
  RenderDiagnosticsText(result.problems, sources, out);
  for (const Finding& f : result.findings) {
    if (f.suppressed) continue;
    Diagnostic d{SeverityOf(f.level), f.range, "[" + f.rule + "] " + f.message, {}};
    if (f.rule == kPlaintextSecretRule) {
      // The source line holds the secret itself: give the location, not the excerpt.
      d.range = {};
      out << (f.range.valid() ? sources.Describe(f.range) + ": " : "");
    }
    out << RenderDiagnosticText(d, sources);
  }
}

void RenderJson(const LintResult& result, const SourceManager& sources, std::ostream& out) {
  nlohmann::ordered_json findings = nlohmann::ordered_json::array();
  for (const Finding& f : result.findings) {
    nlohmann::ordered_json j = {{"rule", f.rule},
                                {"level", LevelName(f.level)},
                                {"address", f.address},
                                {"message", f.message}};
    const SourceFile* file = sources.Get(f.range.file);
    if (file && f.range.valid()) {
      j["file"] = file->path;
      j["line"] = f.range.line;
      j["column"] = f.range.col;
    }
    j["suppressed"] = f.suppressed;
    if (f.suppressed) j["reason"] = f.reason;
    findings.push_back(std::move(j));
  }
  std::ostringstream problems;
  RenderDiagnosticsJson(result.problems, sources, problems);
  nlohmann::ordered_json problem_list = nlohmann::ordered_json::array();
  std::istringstream lines(problems.str());
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty()) problem_list.push_back(nlohmann::ordered_json::parse(line));
  }
  nlohmann::ordered_json doc = {{"findings", std::move(findings)},
                                {"problems", std::move(problem_list)}};
  out << doc.dump(2) << "\n";
}

std::string SummaryLine(const LintResult& result) {
  std::vector<std::string> parts;
  if (size_t n = result.problems.error_count()) parts.push_back(Plural(n, "malformed suppression"));
  if (size_t n = result.Count(Level::kError)) parts.push_back(Plural(n, "error"));
  if (size_t n = result.Count(Level::kWarning)) parts.push_back(Plural(n, "warning"));
  if (size_t n = result.Count(Level::kNotice)) parts.push_back(Plural(n, "notice"));
  std::string line;
  for (const std::string& p : parts) line += (line.empty() ? "" : ", ") + p;
  if (line.empty()) line = "no findings";
  if (size_t n = result.SuppressedCount()) line += fmt::format(" ({} suppressed)", n);
  return line;
}

}  // namespace berth::lint
