#include "compiler/parse/error_sink.h"

#include <fmt/format.h>

namespace berth::parse {

Diagnostic* ErrorSink::Add(const SourceRange& range, std::string message) {
  if (count_ > kMaxErrors) return nullptr;
  if (count_++ == kMaxErrors) {
    diags_.Error(range, fmt::format("too many syntax errors in this file: stopped after {}; fix "
                                    "these first",
                                    kMaxErrors));
    return nullptr;
  }
  return &diags_.Error(range, std::move(message));
}

Diagnostic* ErrorSink::Lexical(const SourceRange& range, std::string message) {
  error_lines_.insert(range.line);
  return Add(range, std::move(message));
}

Diagnostic* ErrorSink::Syntax(const SourceRange& range, const SourceRange& offending,
                              std::string message) {
  if (has_cutoff_ && (offending.line > cutoff_line_ ||
                      (offending.line == cutoff_line_ && offending.col >= cutoff_col_))) {
    return nullptr;
  }
  if (error_lines_.count(offending.line) || error_lines_.count(range.line)) return nullptr;
  error_lines_.insert(offending.line);
  error_lines_.insert(range.line);
  return Add(range, std::move(message));
}

void ErrorSink::SetStructuralError(const SourceRange& range) {
  if (has_cutoff_) return;
  has_cutoff_ = true;
  cutoff_line_ = range.line;
  cutoff_col_ = range.col;
}

}  // namespace berth::parse
