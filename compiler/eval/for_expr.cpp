// `[for k, v in c : body if cond]` and `{for k, v in c : key => value if cond}`.
#include <set>

#include "compiler/eval/describe.h"
#include "compiler/eval/evaluator.h"
#include "compiler/eval/scoped_context.h"
#include "compiler/eval/unknowns.h"

namespace berth::eval {

std::optional<Value> Evaluator::EvalFor(const ast::Expr& expr) {
  const bool to_map = expr.kind == ast::ExprKind::kForMap;
  const ast::Expr& collection_expr = *expr.operands[0];
  std::optional<Value> collection = Eval(collection_expr);
  if (!collection) return std::nullopt;
  if (collection->is_unknown()) {
    ReportKnownAfterApply(diags_, collection_expr.range, *collection);
    return std::nullopt;
  }
  if (!collection->is(ValueKind::kList) && !collection->is(ValueKind::kMap)) {
    diags_.Error(collection_expr.range,
                 "a for expression iterates over a list or a map, got " + KindPhrase(*collection));
    return std::nullopt;
  }
  // Elements of a sensitive collection are sensitive wherever they go.
  const bool collection_sensitive = collection->sensitive();
  const ast::Expr* condition = expr.has_condition ? expr.operands.back().get() : nullptr;

  // (key, value) pairs to bind, in iteration order: list indexes or map keys (sorted).
  std::vector<std::pair<Value, const Value*>> elements;
  if (collection->is(ValueKind::kList)) {
    const ValueList& items = collection->list();
    for (size_t i = 0; i < items.size(); ++i) {
      elements.emplace_back(Value::Number(static_cast<double>(i), collection_expr.range),
                            &items[i]);
    }
  } else {
    for (const auto& [key, item] : collection->map()) {
      elements.emplace_back(Value::String(key, collection_expr.range), &item);
    }
  }

  ValueList list_items;
  ValueMap map_entries;
  std::set<std::string> keys_seen;
  bool result_sensitive = false;
  for (auto& [key, item] : elements) {
    ScopedContext scope(ctx_);
    if (!expr.key_var.empty()) scope.Bind(expr.key_var, Inherit(key, collection_sensitive));
    scope.Bind(expr.value_var, Inherit(*item, collection_sensitive));
    Evaluator inner(scope, diags_, options_);

    if (condition) {
      std::optional<Value> keep = inner.Eval(*condition);
      if (!keep) return std::nullopt;
      if (keep->is_unknown()) {
        ReportKnownAfterApply(diags_, condition->range, *keep);
        return std::nullopt;
      }
      if (!keep->is(ValueKind::kBool)) {
        diags_.Error(condition->range, "the `if` filter must be a bool, got " + KindPhrase(*keep));
        return std::nullopt;
      }
      // Which elements were kept tells something about a sensitive filter.
      result_sensitive = result_sensitive || keep->sensitive();
      if (!keep->as_bool()) continue;
    }

    // The body is evaluated once per element; stop at the first error rather than repeating
    // the same message for every element.
    if (!to_map) {
      std::optional<Value> value = inner.Eval(*expr.operands[1]);
      if (!value) return std::nullopt;
      list_items.push_back(std::move(*value));
      continue;
    }
    const ast::Expr& key_expr = *expr.operands[1];
    std::optional<Value> key_value = inner.Eval(key_expr);
    if (!key_value) return std::nullopt;
    std::optional<std::string> map_key = inner.MapKey(*key_value, key_expr.range);
    if (!map_key) return std::nullopt;
    std::optional<Value> value = inner.Eval(*expr.operands[2]);
    if (!value) return std::nullopt;
    if (key_value->sensitive()) result_sensitive = true;
    if (!keys_seen.insert(*map_key).second) {
      diags_.Error(key_expr.range, "duplicate key " + QuotedKey(*map_key, key_value->sensitive()) +
                                       " in for expression");
      return std::nullopt;
    }
    map_entries.emplace_back(std::move(*map_key), std::move(*value));
  }

  Value result = to_map ? Value::Map(std::move(map_entries), expr.range)
                        : Value::List(std::move(list_items), expr.range);
  return Inherit(std::move(result), result_sensitive || collection_sensitive);
}

}  // namespace berth::eval
