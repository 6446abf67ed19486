// Diagnostics: every error a user can cause is reported through here, never thrown across a
// phase boundary. Rendered like clang/ninja: "file:line:col: error: message", the source line,
// a caret under the span, then notes.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "compiler/base/source.h"

namespace berth {

enum class Severity { kError, kWarning, kNote };

struct DiagnosticNote {
  std::string message;
  SourceRange range;  // may be invalid: a note without a location
};

struct Diagnostic {
  Severity severity = Severity::kError;
  SourceRange range;  // may be invalid for errors without a location (e.g. a missing file)
  std::string message;
  std::vector<DiagnosticNote> notes;
};

class Diagnostics {
 public:
  // Returns the new diagnostic so callers can attach notes.
  Diagnostic& Error(const SourceRange& range, std::string message);
  Diagnostic& Warning(const SourceRange& range, std::string message);
  // Moves every diagnostic of `other` to the end of this one, in order.
  void Append(Diagnostics&& other);

  bool HasErrors() const { return error_count_ > 0; }
  size_t error_count() const { return error_count_; }
  const std::vector<Diagnostic>& all() const { return all_; }
  // Stable order for output: by file, line, column, then insertion order.
  std::vector<Diagnostic> Sorted() const;

 private:
  std::vector<Diagnostic> all_;
  size_t error_count_ = 0;
};

// Text: the form shown in terminals and asserted whole by golden tests.
void RenderDiagnosticsText(const Diagnostics& diags, const SourceManager& sources,
                           std::ostream& out);
std::string RenderDiagnosticText(const Diagnostic& diag, const SourceManager& sources);
// JSON lines: one object per diagnostic, for bots and editors.
void RenderDiagnosticsJson(const Diagnostics& diags, const SourceManager& sources,
                           std::ostream& out);

// Helpers shared by every phase that suggests names.
size_t EditDistance(std::string_view a, std::string_view b);
// The closest candidate within a small distance, or nullopt.
std::optional<std::string> ClosestMatch(std::string_view word,
                                        const std::vector<std::string>& candidates);

}  // namespace berth
