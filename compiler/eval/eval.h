// Expression evaluation: AST expressions to typed values. The caller (the checker) supplies the
// names in scope through EvalContext; evaluation itself knows no declarations.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/ast/ast.h"
#include "compiler/base/diagnostics.h"
#include "compiler/base/value.h"

namespace berth {

class EvalContext {
 public:
  virtual ~EvalContext() = default;

  // A bare name: a let, a loop variable, `var` (a map of variables), `each`, or a resource kind
  // namespace (`role`: a map from label to Value::Ref("role.label")). nullptr when undefined.
  virtual const Value* Lookup(std::string_view name) const = 0;

  // `ref.attr` where ref is a kRef: the declared attribute's value, a Ref for an attribute known
  // only after apply, a module output... nullopt after reporting an error (unknown attribute,
  // with a suggestion).
  virtual std::optional<Value> GetRefAttribute(const Value& ref, std::string_view attr,
                                               const SourceRange& range, Diagnostics& diags) = 0;

  // Directory that file() paths are relative to: that of the file being evaluated.
  virtual std::string BaseDirectory() const = 0;

  // Names visible here, for "did you mean".
  virtual std::vector<std::string> NamesInScope() const = 0;
};

struct EvalOptions {
  // At the top of an attribute value (and inside lists, maps and conditional branches) an
  // undefined bare identifier becomes a kSymbol for enum attributes (`circuit_breaker =
  // rollback`); elsewhere it is an "undefined name" error.
  bool allow_symbols = true;
};

// Evaluates `expr`. Returns nullopt after reporting at least one error to `diags`. Values that
// depend on something unknown until apply evaluate to a kRef. Sensitivity propagates: anything
// computed from a sensitive value is sensitive.
std::optional<Value> Evaluate(const ast::Expr& expr, EvalContext& ctx, Diagnostics& diags,
                              const EvalOptions& options = {});

// Names of the built-in functions, for docs and "did you mean".
std::vector<std::string> BuiltinFunctionNames();

}  // namespace berth
