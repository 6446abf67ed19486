#include "compiler/check/diagnostic_merger.h"

#include <fmt/format.h>

namespace berth::check {

namespace {

void AppendRange(std::string& key, const SourceRange& r) {
  key += fmt::format("{}:{}:{}:{}:{}|", r.file, r.line, r.col, r.end_line, r.end_col);
}

}  // namespace

void DiagnosticMerger::Merge(const Diagnostics& from, Diagnostics& to,
                             const DiagnosticNote& context) {
  for (const Diagnostic& d : from.all()) {
    std::string key;
    AppendRange(key, d.range);
    key += d.message;
    for (const DiagnosticNote& n : d.notes) {
      key += '|';
      AppendRange(key, n.range);
      key += n.message;
    }
    if (!seen_.insert(std::move(key)).second) continue;
    Diagnostic& copy = d.severity == Severity::kWarning ? to.Warning(d.range, d.message)
                                                        : to.Error(d.range, d.message);
    copy.notes = d.notes;
    copy.notes.push_back(context);
  }
}

}  // namespace berth::check
