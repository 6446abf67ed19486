#include "compiler/lint/suppression.h"

#include <sstream>

namespace berth::lint {

namespace {

constexpr std::string_view kMarker = "berth:ignore";

// Column (1-based, in code points) of byte `offset` of `line`.
uint32_t ColumnOf(std::string_view line, size_t offset) {
  uint32_t col = 1;
  for (size_t i = 0; i < offset && i < line.size(); ++i) {
    if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) ++col;
  }
  return col;
}

// The byte offset of the marker when it follows a comment start (`#` or `//`), else npos.
size_t MarkerOffset(std::string_view line) {
  size_t at = line.find(kMarker);
  if (at == std::string_view::npos) return at;
  std::string_view before = line.substr(0, at);
  size_t end = before.find_last_not_of(" \t");
  if (end == std::string_view::npos) return std::string_view::npos;
  if (before[end] == '#' || (end >= 1 && before.substr(end - 1, 2) == "//")) return at;
  return std::string_view::npos;
}

std::string Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(" \t\r");
  return std::string(s.substr(b, e - b + 1));
}

std::vector<std::string> RuleIds() {
  std::vector<std::string> ids;
  for (const RuleInfo& rule : Rules()) ids.push_back(rule.id);
  return ids;
}

}  // namespace

Suppressions::Suppressions(const SourceManager& sources, Diagnostics& problems) {
  for (uint32_t id = 1;; ++id) {
    const SourceFile* file = sources.Get(id);
    if (!file) break;
    if (file->content.find(kMarker) == std::string::npos) continue;  // the usual case
    for (uint32_t line_no = 1; line_no <= file->line_offsets.size(); ++line_no) {
      std::string_view line = file->Line(line_no);
      size_t at = MarkerOffset(line);
      if (at == std::string_view::npos) continue;
      std::string_view rest = line.substr(at + kMarker.size());
      uint32_t col = ColumnOf(line, at);
      SourceRange range{id, line_no, col, line_no, ColumnOf(line, line.size())};
      std::istringstream words{std::string(rest)};
      std::string rule;
      words >> rule;
      if (rule.empty()) {
        problems.Error(range, "berth:ignore needs a rule ID and a reason")
            .notes.push_back({"write `# berth:ignore BRT001 why this is acceptable here`", {}});
        continue;
      }
      if (!FindRule(rule)) {
        Diagnostic& d = problems.Error(range, "berth:ignore names an unknown rule " + rule);
        if (auto close = ClosestMatch(rule, RuleIds())) {
          d.notes.push_back({"did you mean " + *close + "?", {}});
        }
        d.notes.push_back({"`berth lint --rules` lists every rule", {}});
        continue;
      }
      std::string reason;
      std::getline(words, reason);
      reason = Trim(reason);
      if (reason.empty()) {
        problems.Error(range, "berth:ignore " + rule + " needs a reason")
            .notes.push_back({"say why the finding is acceptable here: `# berth:ignore " + rule +
                                  " the image is pinned by the deploy pipeline`",
                              {}});
        continue;
      }
      by_line_[{id, line_no}].push_back({rule, reason, range});
    }
  }
}

const Suppression* Suppressions::At(uint32_t file, uint32_t line, std::string_view rule) const {
  auto it = by_line_.find({file, line});
  if (it == by_line_.end()) return nullptr;
  for (const Suppression& s : it->second) {
    if (s.rule == rule) return &s;
  }
  return nullptr;
}

}  // namespace berth::lint
