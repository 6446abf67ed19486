// `.attr` and `[index]`: reading inside maps, lists and references.
#include <cmath>

#include "compiler/eval/describe.h"
#include "compiler/eval/evaluator.h"
#include "compiler/eval/render.h"
#include "compiler/eval/unknowns.h"

namespace berth::eval {

namespace {

// "`var`" or "this map": the subject of a message about `operand`'s value.
std::string Subject(const ast::Expr& operand, std::string_view fallback) {
  if (auto path = PathText(operand)) return "`" + *path + "`";
  return std::string(fallback);
}

void ReportMissingKey(Diagnostics& diags, const SourceRange& range, const ast::Expr& operand,
                      const Value& map, bool map_sensitive, const std::string& key,
                      bool key_sensitive) {
  Diagnostic& diag =
      diags.Error(range, Subject(operand, "the map") + " has no " + QuotedKey(key, key_sensitive));
  // The keys of a sensitive map are part of its content.
  if (map_sensitive || key_sensitive) return;
  std::vector<std::string> keys;
  for (const auto& [k, v] : map.map()) keys.push_back(k);
  SuggestName(diag, key, keys);
}

}  // namespace

const Value* Evaluator::Borrow(const ast::Expr& expr, bool& sensitive) {
  const Value* value = nullptr;
  if (expr.kind == ast::ExprKind::kIdentifier) {
    value = ctx_.Lookup(expr.name);
  } else if (expr.kind == ast::ExprKind::kGetAttr) {
    const Value* base = Borrow(*expr.operands[0], sensitive);
    if (base) value = base->Get(expr.name);  // nullptr unless a map with that key
  }
  if (value) sensitive = sensitive || value->sensitive();
  return value;
}

std::optional<Value> Evaluator::EvalGetAttr(const ast::Expr& expr) {
  const ast::Expr& operand = *expr.operands[0];
  bool sensitive = false;
  std::optional<Value> evaluated;
  const Value* object = Borrow(operand, sensitive);
  if (!object) {
    evaluated = Eval(operand);
    if (!evaluated) return std::nullopt;
    object = &*evaluated;
    sensitive = object->sensitive();
  }
  if (object->is(ValueKind::kMap)) {
    const Value* entry = object->Get(expr.name);
    if (!entry) {
      ReportMissingKey(diags_, expr.range, operand, *object, sensitive, expr.name, false);
      return std::nullopt;
    }
    Value value = *entry;
    value.set_range(expr.range);
    return Inherit(std::move(value), sensitive);
  }
  if (object->is(ValueKind::kRef)) {
    // A copy: the context may move its storage while it answers.
    Value ref = *object;
    std::optional<Value> value = ctx_.GetRefAttribute(ref, expr.name, expr.range, diags_);
    if (!value) return std::nullopt;
    value->set_range(expr.range);
    return Inherit(std::move(*value), sensitive);
  }
  diags_.Error(expr.range, Subject(operand, "this value") + " is " + KindPhrase(*object) +
                               "; it has no attribute `" + expr.name + "`");
  return std::nullopt;
}

std::optional<Value> Evaluator::EvalIndex(const ast::Expr& expr) {
  const ast::Expr& operand = *expr.operands[0];
  const ast::Expr& index_expr = *expr.operands[1];
  // The index first: evaluating it may call the context, which would invalidate a borrowed
  // object.
  std::optional<Value> index = Eval(index_expr);
  bool object_sensitive = false;
  std::optional<Value> evaluated;
  const Value* object = Borrow(operand, object_sensitive);
  if (!object) {
    evaluated = Eval(operand);
    if (evaluated) {
      object = &*evaluated;
      object_sensitive = object->sensitive();
    }
  }
  if (!object || !index) return std::nullopt;
  bool sensitive = object_sensitive || index->sensitive();
  if (index->is_unknown()) {
    ReportKnownAfterApply(diags_, index_expr.range, *index);
    return std::nullopt;
  }
  switch (object->kind()) {
    case ValueKind::kList: {
      if (!index->is(ValueKind::kNumber)) {
        diags_.Error(index_expr.range, "a list index must be a number, got " + KindPhrase(*index));
        return std::nullopt;
      }
      double n = index->number();
      const ValueList& items = object->list();
      if (n != std::floor(n)) {
        diags_.Error(index_expr.range,
                     "a list index must be a whole number, got " + index->ToSource());
        return std::nullopt;
      }
      if (n < 0 || n >= static_cast<double>(items.size())) {
        diags_.Error(index_expr.range,
                     "index " + index->ToSource() + " is out of range: the list has " +
                         std::to_string(items.size()) + (items.size() == 1 ? " item" : " items"));
        return std::nullopt;
      }
      Value value = items[static_cast<size_t>(n)];
      value.set_range(expr.range);
      return Inherit(std::move(value), sensitive);
    }
    case ValueKind::kMap: {
      if (!index->is(ValueKind::kString)) {
        diags_.Error(index_expr.range, "a map key must be a string, got " + KindPhrase(*index));
        return std::nullopt;
      }
      const Value* entry = object->Get(index->str());
      if (!entry) {
        ReportMissingKey(diags_, expr.range, operand, *object, object_sensitive, index->str(),
                         index->sensitive());
        return std::nullopt;
      }
      Value value = *entry;
      value.set_range(expr.range);
      return Inherit(std::move(value), sensitive);
    }
    case ValueKind::kRef: {
      const RefTarget& target = object->ref();
      // `service.api["blue"]`: one instance of a resource with for_each.
      if (target.attribute.empty() && index->is(ValueKind::kString)) {
        std::string address = target.address + "[" + index->ToSource(/*reveal=*/true) + "]";
        return Inherit(Value::Ref(std::move(address), "", expr.range), sensitive);
      }
      // Inside an attribute known only after apply: unknown as well.
      return UnknownResult(*object, expr.range, sensitive);
    }
    default:
      diags_.Error(operand.range, Subject(operand, "this value") + " is " + KindPhrase(*object) +
                                      "; it cannot be indexed");
      return std::nullopt;
  }
}

std::optional<Value> Evaluator::EvalTemplate(const ast::Expr& expr) {
  // Text and references in order: text around a value known only after apply is part of the
  // value ("${log_group.x.arn}:*"), so the result is a template rather than the bare reference.
  ValueList parts;
  bool ok = true;
  bool sensitive = false;
  for (const ast::ExprPtr& part : expr.operands) {
    std::optional<Value> value = Eval(*part);
    if (!value) {
      ok = false;
      continue;
    }
    sensitive = sensitive || value->ContainsSensitive();
    if (value->is_unknown()) {
      parts.push_back(std::move(*value));
      continue;
    }
    std::optional<std::string> piece = InterpolationText(*value);
    if (!piece) {
      Diagnostic& diag = diags_.Error(part->range, "cannot interpolate " + KindPhrase(*value));
      if (value->is(ValueKind::kSecret)) {
        diag.notes.push_back(
            {"a secret's value exists only at run time: give it to a container's `secrets`", {}});
      }
      ok = false;
      continue;
    }
    parts.push_back(Value::String(std::move(*piece), part->range));
  }
  if (!ok) return std::nullopt;
  return Inherit(Value::Template(std::move(parts), expr.range), sensitive);
}

}  // namespace berth::eval
