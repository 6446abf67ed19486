#include "compiler/eval/unknowns.h"

#include "compiler/eval/describe.h"

namespace berth::eval {

const Value* FirstRef(const Value& value) {
  switch (value.kind()) {
    case ValueKind::kRef:
      return &value;
    case ValueKind::kTemplate:
      for (const Value& part : value.parts()) {
        if (part.is(ValueKind::kRef)) return &part;
      }
      return nullptr;
    case ValueKind::kList:
      for (const Value& item : value.list()) {
        if (const Value* ref = FirstRef(item)) return ref;
      }
      return nullptr;
    case ValueKind::kMap:
      for (const auto& [key, item] : value.map()) {
        if (const Value* ref = FirstRef(item)) return ref;
      }
      return nullptr;
    default:
      return nullptr;
  }
}

Value UnknownResult(const Value& unknown, const SourceRange& range, bool sensitive) {
  // Only interpolation keeps a template (EvalTemplate); any other operation over one is as
  // unknown as over the reference inside it.
  const Value& ref = *FirstRef(unknown);
  Value result = Value::Ref(ref.ref().address, ref.ref().attribute, range);
  return Inherit(std::move(result), sensitive || unknown.sensitive());
}

void ReportKnownAfterApply(Diagnostics& diags, const SourceRange& where, const Value& unknown) {
  const Value& ref = *FirstRef(unknown);
  Diagnostic& diag = diags.Error(where, "value is known only after apply");
  // An unknown computed from the reference is located at the computation; pointing at that
  // twice would add nothing.
  const SourceRange& at = unknown.range();
  bool same = at.file == where.file && at.line == where.line && at.col == where.col &&
              at.end_line == where.end_line && at.end_col == where.end_col;
  diag.notes.push_back({"it depends on " + RefText(ref) + ", which is known only after apply",
                        same ? SourceRange{} : at});
}

bool AnySensitive(std::initializer_list<const Value*> values) {
  for (const Value* v : values) {
    if (v && v->sensitive()) return true;
  }
  return false;
}

Value Inherit(Value value, bool sensitive) {
  if (sensitive) value.MarkSensitive();
  return value;
}

}  // namespace berth::eval
