// The recursive evaluator behind berth::Evaluate. Private to compiler/eval/: one method per
// expression kind, split over files by concern (access, operators, for expressions, templates).
#pragma once

#include <optional>

#include "compiler/ast/ast.h"
#include "compiler/base/diagnostics.h"
#include "compiler/base/value.h"
#include "compiler/eval/eval.h"

namespace berth::eval {

class Evaluator {
 public:
  Evaluator(EvalContext& ctx, Diagnostics& diags, const EvalOptions& options)
      : ctx_(ctx), diags_(diags), options_(options) {}

  // `symbol_ok`: an undefined bare identifier here may become a kSymbol (see EvalOptions).
  std::optional<Value> Eval(const ast::Expr& expr, bool symbol_ok = false);

 private:
  std::optional<Value> EvalLiteral(const ast::Expr& expr);
  std::optional<Value> EvalTemplate(const ast::Expr& expr);
  std::optional<Value> EvalIdentifier(const ast::Expr& expr, bool symbol_ok);
  std::optional<Value> EvalGetAttr(const ast::Expr& expr);
  std::optional<Value> EvalIndex(const ast::Expr& expr);
  std::optional<Value> EvalCall(const ast::Expr& expr);
  std::optional<Value> EvalList(const ast::Expr& expr);
  std::optional<Value> EvalMap(const ast::Expr& expr);
  std::optional<Value> EvalUnary(const ast::Expr& expr);
  std::optional<Value> EvalBinary(const ast::Expr& expr);
  std::optional<Value> EvalLogical(const ast::Expr& expr);
  std::optional<Value> EvalConditional(const ast::Expr& expr);
  std::optional<Value> EvalFor(const ast::Expr& expr);

  // A path (`var`, `var.tags`) read in place from the context, so reading one entry of a large
  // namespace map does not copy the map. nullptr when `expr` is no such path or reading it needs
  // a diagnostic (the caller then evaluates it). `sensitive` is set when the value or a map it
  // was read from is sensitive. The pointer is only valid until the context is next called.
  const Value* Borrow(const ast::Expr& expr, bool& sensitive);

  // The text of a computed map key (a `(expr)` key or a for expression's key): a known string,
  // or a number or bool rendered; nullopt after reporting at `range`.
  std::optional<std::string> MapKey(const Value& key, const SourceRange& range);

  EvalContext& ctx_;
  Diagnostics& diags_;
  const EvalOptions& options_;
};

}  // namespace berth::eval
