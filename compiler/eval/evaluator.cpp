#include "compiler/eval/evaluator.h"

#include <algorithm>

#include "compiler/eval/describe.h"
#include "compiler/eval/functions.h"
#include "compiler/eval/render.h"
#include "compiler/eval/unknowns.h"

namespace berth::eval {

std::optional<Value> Evaluator::Eval(const ast::Expr& expr, bool symbol_ok) {
  switch (expr.kind) {
    case ast::ExprKind::kLiteral:
      return EvalLiteral(expr);
    case ast::ExprKind::kTemplate:
      return EvalTemplate(expr);
    case ast::ExprKind::kIdentifier:
      return EvalIdentifier(expr, symbol_ok);
    case ast::ExprKind::kGetAttr:
      return EvalGetAttr(expr);
    case ast::ExprKind::kIndex:
      return EvalIndex(expr);
    case ast::ExprKind::kCall:
      return EvalCall(expr);
    case ast::ExprKind::kList:
      return EvalList(expr);
    case ast::ExprKind::kMap:
      return EvalMap(expr);
    case ast::ExprKind::kUnary:
      return EvalUnary(expr);
    case ast::ExprKind::kBinary:
      if (expr.op == ast::Operator::kAnd || expr.op == ast::Operator::kOr) {
        return EvalLogical(expr);
      }
      return EvalBinary(expr);
    case ast::ExprKind::kConditional:
      return EvalConditional(expr);
    case ast::ExprKind::kForList:
    case ast::ExprKind::kForMap:
      return EvalFor(expr);
  }
  diags_.Error(expr.range, "cannot evaluate this expression");
  return std::nullopt;
}

std::optional<Value> Evaluator::EvalLiteral(const ast::Expr& expr) {
  Value value = expr.literal;
  value.set_range(expr.range);
  return value;
}

std::optional<Value> Evaluator::EvalIdentifier(const ast::Expr& expr, bool symbol_ok) {
  if (const Value* found = ctx_.Lookup(expr.name)) {
    Value value = *found;
    value.set_range(expr.range);
    return value;
  }
  if (symbol_ok && options_.allow_symbols) return Value::Symbol(expr.name, expr.range);
  Diagnostic& diag = diags_.Error(expr.range, "undefined name `" + expr.name + "`");
  SuggestName(diag, expr.name, ctx_.NamesInScope());
  return std::nullopt;
}

std::optional<Value> Evaluator::EvalList(const ast::Expr& expr) {
  ValueList items;
  bool ok = true;
  for (const ast::ExprPtr& operand : expr.operands) {
    std::optional<Value> item = Eval(*operand, /*symbol_ok=*/true);
    if (!item) {
      ok = false;
      continue;
    }
    items.push_back(std::move(*item));
  }
  if (!ok) return std::nullopt;
  return Value::List(std::move(items), expr.range);
}

std::optional<std::string> Evaluator::MapKey(const Value& key, const SourceRange& range) {
  if (key.is_unknown()) {
    ReportKnownAfterApply(diags_, range, key);
    return std::nullopt;
  }
  if (key.is(ValueKind::kString) || key.is(ValueKind::kNumber) || key.is(ValueKind::kBool)) {
    return InterpolationText(key);
  }
  diags_.Error(range, "a map key must be a string, got " + KindPhrase(key));
  return std::nullopt;
}

std::optional<Value> Evaluator::EvalMap(const ast::Expr& expr) {
  ValueMap entries;
  // Where each key was first written, to point at both when one repeats.
  std::vector<std::pair<std::string, SourceRange>> seen;
  bool ok = true;
  bool keys_sensitive = false;
  for (const ast::MapEntry& entry : expr.entries) {
    std::optional<std::string> key;
    if (entry.key->kind == ast::ExprKind::kLiteral && entry.key->literal.is(ValueKind::kString)) {
      key = entry.key->literal.str();
    } else {
      std::optional<Value> key_value = Eval(*entry.key);
      if (key_value && key_value->sensitive()) keys_sensitive = true;
      if (key_value) key = MapKey(*key_value, entry.key->range);
    }
    std::optional<Value> value = Eval(*entry.value, /*symbol_ok=*/true);
    if (!key || !value) {
      ok = false;
      continue;
    }
    auto previous =
        std::find_if(seen.begin(), seen.end(), [&](const auto& s) { return s.first == *key; });
    if (previous != seen.end()) {
      Diagnostic& diag =
          diags_.Error(entry.key->range, "duplicate map key " + QuotedKey(*key, keys_sensitive));
      diag.notes.push_back({"first given here", previous->second});
      ok = false;
      continue;
    }
    seen.emplace_back(*key, entry.key->range);
    entries.emplace_back(std::move(*key), std::move(*value));
  }
  if (!ok) return std::nullopt;
  // A key computed from a sensitive value reveals it: the whole map is sensitive then.
  return Inherit(Value::Map(std::move(entries), expr.range), keys_sensitive);
}

std::optional<Value> Evaluator::EvalConditional(const ast::Expr& expr) {
  std::optional<Value> condition = Eval(*expr.operands[0]);
  if (!condition) return std::nullopt;
  if (condition->is_unknown()) {
    ReportKnownAfterApply(diags_, expr.operands[0]->range, *condition);
    return std::nullopt;
  }
  if (!condition->is(ValueKind::kBool)) {
    diags_.Error(expr.operands[0]->range,
                 "the condition must be a bool, got " + KindPhrase(*condition));
    return std::nullopt;
  }
  const ast::Expr& chosen = condition->as_bool() ? *expr.operands[1] : *expr.operands[2];
  std::optional<Value> result = Eval(chosen, /*symbol_ok=*/true);
  if (!result) return std::nullopt;
  // Which branch was taken tells something about a sensitive condition.
  return Inherit(std::move(*result), condition->sensitive());
}

std::optional<Value> Evaluator::EvalCall(const ast::Expr& expr) {
  const FunctionSpec* spec = FindFunction(expr.name);
  if (!spec) {
    Diagnostic& diag = diags_.Error(expr.range, "unknown function `" + expr.name + "`");
    SuggestName(diag, expr.name, FunctionNames());
    return std::nullopt;
  }
  std::vector<Value> args;
  bool ok = true;
  for (const ast::ExprPtr& operand : expr.operands) {
    std::optional<Value> arg = Eval(*operand);
    if (!arg) {
      ok = false;
      continue;
    }
    arg->set_range(operand->range);
    args.push_back(std::move(*arg));
  }
  if (!ok) return std::nullopt;
  return CallFunction(*spec, expr, std::move(args), ctx_, diags_);
}

}  // namespace berth::eval
