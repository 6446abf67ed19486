#include "compiler/check/schema_validation.h"

#include "compiler/check/constraints.h"
#include "compiler/check/names.h"
#include "compiler/schema/existing_handles.h"

namespace berth::check {

namespace {

std::string Join(const std::vector<std::string_view>& words, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i) out += sep;
    out += words[i];
  }
  return out;
}

std::string Got(const Value& value, const ValueCheckEnv& env) {
  if (value.is_null()) return "null";
  if (value.is(ValueKind::kRef)) {
    const RefTarget& ref = value.ref();
    std::string shown = env.display ? env.display(ref.address) : ref.address;
    return ref.attribute.empty() ? shown : shown + "." + ref.attribute;
  }
  return DescribeValue(value);
}

// `attribute` is the attribute whose whole value this is (not a list element): its constraints
// choose the unit hint.
bool Mismatch(const schema::Type& type, const Value& value, const std::string& what,
              const ValueCheckEnv& env, const schema::AttributeSpec* attribute = nullptr) {
  Diagnostic& d = env.diags.Error(
      value.range(), "`" + what + "` expects " + ExpectedPhrase(type) + ", got " + Got(value, env));
  ValueKind unit = ValueKind::kNull;
  if (type.kind == schema::TypeKind::kSize) unit = ValueKind::kSize;
  if (type.kind == schema::TypeKind::kDuration) unit = ValueKind::kDuration;
  if (type.kind == schema::TypeKind::kPercent) unit = ValueKind::kPercent;
  std::optional<std::string> hint =
      attribute ? UnitHintFor(*attribute, value) : UnitHint(unit, value);
  if (hint) d.notes.push_back({*hint, {}});
  if (type.kind == schema::TypeKind::kCpu) {
    d.notes.push_back({"CPU is given in units (256) or in vCPUs (0.25vcpu)", {}});
  }
  if (value.is(ValueKind::kRef) && !value.ref().attribute.empty() &&
      (type.kind == schema::TypeKind::kNumber || type.kind == schema::TypeKind::kBool)) {
    d.notes.push_back({"it is known only after apply", {}});
  }
  return false;
}

bool UndefinedName(const Value& value, const ValueCheckEnv& env) {
  Diagnostic& d = env.diags.Error(value.range(), "undefined name `" + value.str() + "`");
  // The bare word stands for a whole value: namespaces (var, stack, module, resource kinds) are
  // never one, so only names holding a value are offered.
  std::vector<std::string> names;
  for (std::string& name : env.ctx.NamesInScope()) {
    if (name == "var" || name == "stack" || name == "module" || schema::FindResource(name))
      continue;
    names.push_back(std::move(name));
  }
  SuggestName(d, value.str(), names);
  return false;
}

// Re-makes `value` as `replacement`, keeping its range and sensitivity.
void Replace(Value& value, Value replacement) {
  replacement.set_range(value.range());
  if (value.sensitive()) replacement.MarkSensitive();
  value = std::move(replacement);
}

// kAny accepts everything, but a bare word that reached it was a typo, not an enum member.
bool NoSymbols(Value& value, const ValueCheckEnv& env) {
  if (value.is(ValueKind::kSymbol)) return UndefinedName(value, env);
  bool ok = true;
  if (value.is(ValueKind::kList)) {
    for (Value& item : value.mutable_list()) ok = NoSymbols(item, env) && ok;
  } else if (value.is(ValueKind::kMap)) {
    for (auto& [k, v] : value.mutable_map()) ok = NoSymbols(v, env) && ok;
  }
  return ok;
}

}  // namespace

std::string ExpectedPhrase(const schema::Type& type) {
  switch (type.kind) {
    case schema::TypeKind::kAny:
      return "a value";
    case schema::TypeKind::kString:
      return "a string";
    case schema::TypeKind::kNumber:
      return "a number";
    case schema::TypeKind::kBool:
      return "true or false";
    case schema::TypeKind::kDuration:
      return "a duration";
    case schema::TypeKind::kSize:
      return "a size";
    case schema::TypeKind::kPercent:
      return "a percentage";
    case schema::TypeKind::kCpu:
      return "CPU units";
    case schema::TypeKind::kList:
      return "a list";
    case schema::TypeKind::kMap:
      return "a map";
    case schema::TypeKind::kRef: {
      std::string phrase = "a reference to a " + Join(type.ref_kinds, " or ");
      std::string handle = schema::ExistingHandlePhrase(type);
      return handle.empty() ? phrase : phrase + " (or " + handle + ")";
    }
    case schema::TypeKind::kEnum:
      return "one of " + Join(type.enum_values, ", ");
    case schema::TypeKind::kSecretOrString:
      return "a string or secret(...)";
  }
  return "a value";
}

bool CheckValue(const schema::Type& type, Value& value, const std::string& what,
                const ValueCheckEnv& env) {
  if (value.is(ValueKind::kSymbol) && type.kind != schema::TypeKind::kEnum) {
    return UndefinedName(value, env);
  }
  switch (type.kind) {
    case schema::TypeKind::kAny:
      return NoSymbols(value, env);
    case schema::TypeKind::kString:
      // A reference is known after apply; where a string is expected it is an ARN or a name.
      // A template is a string built around references.
      if (value.is(ValueKind::kString) || value.is_unknown()) return true;
      return Mismatch(type, value, what, env);
    case schema::TypeKind::kSecretOrString:
      if (value.is(ValueKind::kString) || value.is_unknown() || value.is(ValueKind::kSecret)) {
        return true;
      }
      return Mismatch(type, value, what, env);
    case schema::TypeKind::kNumber:
      return value.is(ValueKind::kNumber) || Mismatch(type, value, what, env);
    case schema::TypeKind::kBool:
      return value.is(ValueKind::kBool) || Mismatch(type, value, what, env);
    case schema::TypeKind::kDuration:
      return value.is(ValueKind::kDuration) || Mismatch(type, value, what, env);
    case schema::TypeKind::kSize:
      return value.is(ValueKind::kSize) || Mismatch(type, value, what, env);
    case schema::TypeKind::kPercent:
      return value.is(ValueKind::kPercent) || Mismatch(type, value, what, env);
    case schema::TypeKind::kCpu:
      if (value.is(ValueKind::kCpu)) return true;
      if (value.is(ValueKind::kNumber)) {
        Replace(value, Value::Cpu(value.number()));
        return true;
      }
      return Mismatch(type, value, what, env);
    case schema::TypeKind::kList: {
      if (!value.is(ValueKind::kList)) return Mismatch(type, value, what, env);
      if (!type.element) return true;
      bool ok = true;
      ValueList& items = value.mutable_list();
      for (size_t i = 0; i < items.size(); ++i) {
        ok = CheckValue(*type.element, items[i], what + "[" + std::to_string(i) + "]", env) && ok;
      }
      return ok;
    }
    case schema::TypeKind::kMap: {
      if (!value.is(ValueKind::kMap)) return Mismatch(type, value, what, env);
      if (!type.element) return true;
      bool ok = true;
      for (auto& [key, item] : value.mutable_map()) {
        std::string path = what + "[" + Value::String(key).ToSource(true) + "]";
        ok = CheckValue(*type.element, item, path, env) && ok;
      }
      return ok;
    }
    case schema::TypeKind::kRef: {
      if (value.is(ValueKind::kString) && schema::IsExistingHandle(type, value.str())) return true;
      if (!value.is(ValueKind::kRef) || !value.ref().attribute.empty()) {
        return Mismatch(type, value, what, env);
      }
      std::string_view kind = env.kind_of ? env.kind_of(value.ref().address) : "";
      for (std::string_view allowed : type.ref_kinds) {
        if (allowed == kind) return true;
      }
      return Mismatch(type, value, what, env);
    }
    case schema::TypeKind::kEnum: {
      if (!value.is(ValueKind::kSymbol) && !value.is(ValueKind::kString)) {
        return Mismatch(type, value, what, env);
      }
      const std::string& word = value.str();
      for (std::string_view allowed : type.enum_values) {
        if (allowed == word) {
          if (value.is(ValueKind::kSymbol)) Replace(value, Value::String(word));
          return true;
        }
      }
      // A sensitive value is named by its mark only, and gets no suggestion: that would tell it.
      std::string got = value.sensitive() ? value.ToSource() : "`" + word + "`";
      Diagnostic& d =
          env.diags.Error(value.range(), "`" + what + "` expects one of " +
                                             Join(type.enum_values, ", ") + ", got " + got);
      std::vector<std::string> candidates(type.enum_values.begin(), type.enum_values.end());
      if (!value.sensitive()) SuggestName(d, word, candidates);
      return false;
    }
  }
  return true;
}

bool CheckAttribute(const schema::AttributeSpec& spec, Value& value, const ValueCheckEnv& env) {
  std::string what(spec.name);
  if (value.is(ValueKind::kNumber) && UnitHintFor(spec, value)) {
    return Mismatch(*spec.type, value, what, env, &spec);
  }
  return CheckValue(*spec.type, value, what, env) && CheckConstraints(spec, value, env.diags);
}

}  // namespace berth::check
