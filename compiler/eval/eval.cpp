#include "compiler/eval/eval.h"

#include <algorithm>
#include <exception>

#include "compiler/eval/evaluator.h"
#include "compiler/eval/functions.h"

namespace berth {

std::optional<Value> Evaluate(const ast::Expr& expr, EvalContext& ctx, Diagnostics& diags,
                              const EvalOptions& options) {
  const size_t errors_before = diags.error_count();
  std::optional<Value> result;
  try {
    result = eval::Evaluator(ctx, diags, options).Eval(expr, /*symbol_ok=*/true);
  } catch (const std::exception& e) {
    // Only a bug in berth gets here (a contract broken between phases); it still must not
    // escape as a crash.
    diags.Error(expr.range, std::string("internal error while evaluating: ") + e.what());
    return std::nullopt;
  }
  // Every failure reports; a result after an error (there is none by design) would hide it.
  if (diags.error_count() != errors_before) return std::nullopt;
  return result;
}

std::vector<std::string> BuiltinFunctionNames() {
  std::vector<std::string> names = eval::FunctionNames();
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace berth
