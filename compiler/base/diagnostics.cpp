#include "compiler/base/diagnostics.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

namespace berth {

Diagnostic& Diagnostics::Error(const SourceRange& range, std::string message) {
  ++error_count_;
  all_.push_back(Diagnostic{Severity::kError, range, std::move(message), {}});
  return all_.back();
}

Diagnostic& Diagnostics::Warning(const SourceRange& range, std::string message) {
  all_.push_back(Diagnostic{Severity::kWarning, range, std::move(message), {}});
  return all_.back();
}

void Diagnostics::Append(Diagnostics&& other) {
  error_count_ += other.error_count_;
  for (Diagnostic& d : other.all_) all_.push_back(std::move(d));
  other.all_.clear();
  other.error_count_ = 0;
}

std::vector<Diagnostic> Diagnostics::Sorted() const {
  std::vector<Diagnostic> sorted = all_;
  std::stable_sort(sorted.begin(), sorted.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.range.file, a.range.line, a.range.col) <
           std::tie(b.range.file, b.range.line, b.range.col);
  });
  return sorted;
}

namespace {

const char* SeverityName(Severity s) {
  switch (s) {
    case Severity::kError: return "error";
    case Severity::kWarning: return "warning";
    case Severity::kNote: return "note";
  }
  return "error";
}

// Byte offset in `line` of code point column `col` (1-based); clamps to the line's end.
size_t ByteOffsetOfColumn(std::string_view line, uint32_t col) {
  size_t offset = 0;
  for (uint32_t c = 1; c < col && offset < line.size(); ++c) {
    ++offset;
    while (offset < line.size() && (static_cast<unsigned char>(line[offset]) & 0xC0) == 0x80) {
      ++offset;
    }
  }
  return offset;
}

// Printable form of a source line: control characters (NUL, escape...) would corrupt a terminal
// or a PR comment, so they are shown as '?'; tabs stay tabs so the caret line lines up.
// Bytes that are not valid UTF-8 (the subject of an "invalid UTF-8" error) are shown as '?' too,
// so the rendered diagnostic is always valid text.
std::string PrintableLine(std::string_view line) {
  std::string out;
  out.reserve(line.size());
  size_t i = 0;
  while (i < line.size()) {
    unsigned char c = static_cast<unsigned char>(line[i]);
    if (c < 0x80) {
      out += ((c < 0x20 && c != '\t') || c == 0x7f) ? '?' : static_cast<char>(c);
      ++i;
      continue;
    }
    size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    bool ok = len != 0 && i + len <= line.size();
    for (size_t k = 1; ok && k < len; ++k) {
      ok = (static_cast<unsigned char>(line[i + k]) & 0xC0) == 0x80;
    }
    if (ok) {
      out.append(line.substr(i, len));
      i += len;
    } else {
      out += '?';
      ++i;
    }
  }
  return out;
}

// "   12 | text" and "      |    ^~~~" for a range; nothing when the range has no source.
void RenderSnippet(const SourceRange& range, const SourceManager& sources, std::string& out) {
  const SourceFile* file = sources.Get(range.file);
  if (!file || range.line == 0) return;
  std::string_view line = file->Line(range.line);
  // Very long lines (a 2 MB string) are cut around the caret so output stays readable.
  constexpr size_t kMaxShown = 200;
  size_t caret_byte = ByteOffsetOfColumn(line, range.col);
  uint32_t caret_col = range.col;
  std::string prefix;
  if (line.size() > kMaxShown) {
    size_t start = caret_byte > 40 ? caret_byte - 40 : 0;
    while (start > 0 && (static_cast<unsigned char>(line[start]) & 0xC0) == 0x80) --start;
    size_t count = 0;
    for (size_t i = 0; i < start; ++i) {
      if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) ++count;
    }
    size_t end = std::min(line.size(), start + kMaxShown);
    while (end < line.size() && (static_cast<unsigned char>(line[end]) & 0xC0) == 0x80) ++end;
    line = line.substr(start, end - start);
    caret_byte -= start;
    caret_col -= static_cast<uint32_t>(count);
    prefix = "...";
  }
  std::string gutter = fmt::format("{:>5} | ", range.line);
  out += gutter + prefix + PrintableLine(line) + "\n";
  std::string pad(gutter.size() - 2, ' ');
  out += pad + "| " + std::string(prefix.size(), ' ');
  // Pad with the line's own tabs so the caret lands under the text.
  uint32_t col = 1;
  for (size_t i = 0; i < line.size() && col < caret_col; ++i) {
    unsigned char c = static_cast<unsigned char>(line[i]);
    if ((c & 0xC0) == 0x80) continue;
    out += (c == '\t') ? '\t' : ' ';
    ++col;
  }
  uint32_t width = 1;
  if (range.end_line == range.line && range.end_col > range.col) {
    width = range.end_col - range.col;
  } else if (range.end_line > range.line) {
    uint32_t line_cols = 0;
    for (unsigned char c : line) {
      if ((c & 0xC0) != 0x80) ++line_cols;
    }
    width = line_cols + 1 > caret_col ? line_cols + 1 - caret_col : 1;
  }
  width = std::min<uint32_t>(width, kMaxShown);
  out += "^" + std::string(width - 1, '~') + "\n";
}

}  // namespace

std::string RenderDiagnosticText(const Diagnostic& diag, const SourceManager& sources) {
  std::string out;
  if (diag.range.valid()) out += sources.Describe(diag.range) + ": ";
  out += fmt::format("{}: {}\n", SeverityName(diag.severity), diag.message);
  RenderSnippet(diag.range, sources, out);
  for (const DiagnosticNote& note : diag.notes) {
    if (note.range.valid()) out += sources.Describe(note.range) + ": ";
    out += "note: " + note.message + "\n";
    RenderSnippet(note.range, sources, out);
  }
  return out;
}

void RenderDiagnosticsText(const Diagnostics& diags, const SourceManager& sources,
                           std::ostream& out) {
  for (const Diagnostic& d : diags.Sorted()) out << RenderDiagnosticText(d, sources);
  if (diags.error_count() > 1) out << diags.error_count() << " errors\n";
}

namespace {
nlohmann::json RangeJson(const SourceRange& range, const SourceManager& sources) {
  const SourceFile* file = sources.Get(range.file);
  if (!file) return nullptr;
  return {{"file", file->path},
          {"line", range.line},
          {"column", range.col},
          {"end_line", range.end_line},
          {"end_column", range.end_col}};
}
}  // namespace

void RenderDiagnosticsJson(const Diagnostics& diags, const SourceManager& sources,
                           std::ostream& out) {
  for (const Diagnostic& d : diags.Sorted()) {
    nlohmann::json j;
    j["severity"] = SeverityName(d.severity);
    j["message"] = d.message;
    j["range"] = RangeJson(d.range, sources);
    nlohmann::json notes = nlohmann::json::array();
    for (const DiagnosticNote& n : d.notes) {
      notes.push_back({{"message", n.message}, {"range", RangeJson(n.range, sources)}});
    }
    j["notes"] = notes;
    j["rendered"] = RenderDiagnosticText(d, sources);
    // Replace invalid UTF-8 (a source line quoted from a broken file) instead of throwing.
    out << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  }
}

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::optional<std::string> ClosestMatch(std::string_view word,
                                        const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  size_t best_distance = std::max<size_t>(2, word.size() / 3) + 1;
  for (const std::string& c : candidates) {
    if (c == word) continue;  // what was written, already refused: never a suggestion
    size_t d = EditDistance(word, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

}  // namespace berth
