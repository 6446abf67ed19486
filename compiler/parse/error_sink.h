// Where the parse phase's syntax errors go. It keeps one file's report readable: after the
// first structural error (an unbalanced bracket) the parser's own errors are mostly echoes of
// it, and after a recovery the parser often trips again on the same line, so those are dropped.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_set>

#include "compiler/base/diagnostics.h"

namespace berth::parse {

class ErrorSink {
 public:
  ErrorSink(Diagnostics& diags, uint32_t file_id) : diags_(diags), file_id_(file_id) {}

  uint32_t file_id() const { return file_id_; }

  // Errors found by looking at tokens (bad characters, brackets): always exact, always kept.
  // Returns nullptr once the per-file limit is reached.
  Diagnostic* Lexical(const SourceRange& range, std::string message);

  // Errors about what a well-formed piece says (a bad label, a number out of range).
  Diagnostic* Error(const SourceRange& range, std::string message) {
    return Add(range, std::move(message));
  }

  // Errors reported by the parser's recovery: dropped when the offending token is at or after
  // the structural error, or on a line that already has an error. `range` is where the
  // error is shown, which may be just after the previous token.
  Diagnostic* Syntax(const SourceRange& range, const SourceRange& offending, std::string message);

  // The first unbalanced bracket: later parser errors are its consequences.
  void SetStructuralError(const SourceRange& range);

  bool has_errors() const { return count_ > 0; }

 private:
  Diagnostic* Add(const SourceRange& range, std::string message);

  static constexpr int kMaxErrors = 20;
  Diagnostics& diags_;
  uint32_t file_id_;
  int count_ = 0;
  bool has_cutoff_ = false;
  uint32_t cutoff_line_ = 0, cutoff_col_ = 0;
  std::unordered_set<uint32_t> error_lines_;  // a second error on a line is an echo
};

}  // namespace berth::parse
