// The names a for expression binds, layered over the enclosing context: loop variables shadow
// outer names, everything else is the outer context's answer.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "compiler/eval/eval.h"

namespace berth::eval {

class ScopedContext : public EvalContext {
 public:
  explicit ScopedContext(EvalContext& outer) : outer_(outer) {}

  // Binds or rebinds `name` in this scope.
  void Bind(const std::string& name, Value value);

  const Value* Lookup(std::string_view name) const override;
  std::optional<Value> GetRefAttribute(const Value& ref, std::string_view attr,
                                       const SourceRange& range, Diagnostics& diags) override;
  std::string BaseDirectory() const override;
  std::vector<std::string> NamesInScope() const override;

 private:
  EvalContext& outer_;
  std::vector<std::pair<std::string, Value>> bindings_;
};

}  // namespace berth::eval
