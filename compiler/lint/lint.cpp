#include "compiler/lint/lint.h"

#include <algorithm>
#include <tuple>

#include "compiler/lint/rule_context.h"
#include "compiler/lint/suppression.h"
#include "compiler/rules/ir_view.h"

namespace berth::lint {

void Sink::Add(std::string_view rule, const ir::Resource& resource, const SourceRange& range,
               std::string message) {
  const RuleInfo* info = FindRule(rule);
  Finding f;
  f.rule = std::string(rule);
  f.level = info ? info->level : Level::kWarning;
  f.address = resource.address;
  f.message = std::move(message);
  f.range = range.valid() ? range : resource.range;
  out_.push_back(std::move(f));
}

std::string ContainerSubject(const ir::Resource& task, const Value& container) {
  return "container " + rules::Quote(rules::StrAttr(container, "name")) + " of " + task.address;
}

size_t LintResult::Count(Level level) const {
  return std::count_if(findings.begin(), findings.end(),
                       [&](const Finding& f) { return !f.suppressed && f.level == level; });
}

size_t LintResult::SuppressedCount() const {
  return std::count_if(findings.begin(), findings.end(),
                       [](const Finding& f) { return f.suppressed; });
}

LintResult Lint(const ir::Program& program, const SourceManager& sources) {
  LintResult result;
  Sink sink(result.findings);
  CheckImages(program, sink);
  CheckPlaintextSecrets(program, sink);
  CheckContainers(program, sink);
  CheckServices(program, sink);
  CheckIam(program, sink);
  CheckClusters(program, sink);

  Suppressions suppressions(sources, result.problems);
  for (Finding& f : result.findings) {
    const Suppression* s = nullptr;
    if (f.range.valid()) {
      s = suppressions.At(f.range.file, f.range.line, f.rule);
      if (!s && f.range.line > 1) s = suppressions.At(f.range.file, f.range.line - 1, f.rule);
    }
    const ir::Resource* resource = program.Find(f.address);
    if (!s && resource && resource->range.valid() && resource->range.line > 1) {
      s = suppressions.At(resource->range.file, resource->range.line - 1, f.rule);
    }
    if (s) {
      f.suppressed = true;
      f.reason = s->reason;
    }
  }
  std::stable_sort(result.findings.begin(), result.findings.end(),
                   [](const Finding& a, const Finding& b) {
                     return std::tie(a.range.file, a.range.line, a.range.col, a.rule) <
                            std::tie(b.range.file, b.range.line, b.range.col, b.rule);
                   });
  return result;
}

}  // namespace berth::lint
