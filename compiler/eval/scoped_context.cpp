#include "compiler/eval/scoped_context.h"

#include <algorithm>

namespace berth::eval {

void ScopedContext::Bind(const std::string& name, Value value) {
  for (auto& [bound, v] : bindings_) {
    if (bound == name) {
      v = std::move(value);
      return;
    }
  }
  bindings_.emplace_back(name, std::move(value));
}

const Value* ScopedContext::Lookup(std::string_view name) const {
  for (const auto& [bound, v] : bindings_) {
    if (bound == name) return &v;
  }
  return outer_.Lookup(name);
}

std::optional<Value> ScopedContext::GetRefAttribute(const Value& ref, std::string_view attr,
                                                    const SourceRange& range, Diagnostics& diags) {
  return outer_.GetRefAttribute(ref, attr, range, diags);
}

std::string ScopedContext::BaseDirectory() const { return outer_.BaseDirectory(); }

std::vector<std::string> ScopedContext::NamesInScope() const {
  std::vector<std::string> names = outer_.NamesInScope();
  for (const auto& [bound, v] : bindings_) {
    if (std::find(names.begin(), names.end(), bound) == names.end()) names.push_back(bound);
  }
  return names;
}

}  // namespace berth::eval
