// An evaluation context with no names: variable defaults, --var values and var files are plain
// values that cannot reference declarations.
#pragma once

#include <string>

#include "compiler/eval/eval.h"

namespace berth::check {

class EmptyContext : public EvalContext {
 public:
  explicit EmptyContext(std::string base_directory) : base_(std::move(base_directory)) {}
  const Value* Lookup(std::string_view) const override { return nullptr; }
  std::optional<Value> GetRefAttribute(const Value& ref, std::string_view attr,
                                       const SourceRange& range, Diagnostics& diags) override {
    diags.Error(range, "no references are allowed here");
    return std::nullopt;
  }
  std::string BaseDirectory() const override { return base_; }
  std::vector<std::string> NamesInScope() const override { return {}; }

 private:
  std::string base_;
};

}  // namespace berth::check
