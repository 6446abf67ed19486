// The type vocabulary of the schema tables. Types are interned: each distinct type exists once,
// in static storage, so `Type::element` pointers and `string_view`s into a Type stay valid for the
// whole run and two types are equal exactly when their addresses are.
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "compiler/schema/schema.h"

namespace berth::schema {

namespace {

Type Of(TypeKind kind) {
  Type t;
  t.kind = kind;
  return t;
}

const Type& Scalar(TypeKind kind) {
  // One static per kind: the switch below hands out these addresses forever.
  static const Type any = Of(TypeKind::kAny);
  static const Type string = Of(TypeKind::kString);
  static const Type number = Of(TypeKind::kNumber);
  static const Type boolean = Of(TypeKind::kBool);
  static const Type duration = Of(TypeKind::kDuration);
  static const Type size = Of(TypeKind::kSize);
  static const Type percent = Of(TypeKind::kPercent);
  static const Type cpu = Of(TypeKind::kCpu);
  static const Type secret_or_string = Of(TypeKind::kSecretOrString);
  switch (kind) {
    case TypeKind::kString:
      return string;
    case TypeKind::kNumber:
      return number;
    case TypeKind::kBool:
      return boolean;
    case TypeKind::kDuration:
      return duration;
    case TypeKind::kSize:
      return size;
    case TypeKind::kPercent:
      return percent;
    case TypeKind::kCpu:
      return cpu;
    case TypeKind::kSecretOrString:
      return secret_or_string;
    default:
      return any;
  }
}

// Owns every composite type and every string a Type points into. Tables may be built from any
// thread (function-local statics), hence the lock.
class Interner {
 public:
  static Interner& Get() {
    static Interner* interner = new Interner();  // never destroyed: types outlive static dtors
    return *interner;
  }

  const Type& Container(TypeKind kind, const Type& element) {
    std::lock_guard lock(mu_);
    auto& slot = containers_[{kind, &element}];
    if (!slot) {
      slot = std::make_unique<Type>(Of(kind));
      slot->element = &element;
    }
    return *slot;
  }

  const Type& Named(TypeKind kind, const std::vector<std::string_view>& names) {
    std::lock_guard lock(mu_);
    std::vector<std::string> key(names.begin(), names.end());
    auto& slot = (kind == TypeKind::kRef ? refs_ : enums_)[key];
    if (!slot) {
      auto type = std::make_unique<Type>(Of(kind));
      std::vector<std::string_view>& out =
          kind == TypeKind::kRef ? type->ref_kinds : type->enum_values;
      for (const std::string& name : key) out.push_back(*strings_.insert(name).first);
      slot = std::move(type);
    }
    return *slot;
  }

 private:
  std::mutex mu_;
  std::set<std::string> strings_;  // node-based: element addresses are stable
  std::map<std::pair<TypeKind, const Type*>, std::unique_ptr<Type>> containers_;
  std::map<std::vector<std::string>, std::unique_ptr<Type>> refs_;
  std::map<std::vector<std::string>, std::unique_ptr<Type>> enums_;
};

std::string JoinNames(const std::vector<std::string_view>& names, std::string_view last_sep) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? last_sep : std::string_view(", ");
    out += names[i];
  }
  return out;
}

}  // namespace

std::string Type::Describe() const {
  switch (kind) {
    case TypeKind::kAny:
      return "any";
    case TypeKind::kString:
      return "string";
    case TypeKind::kNumber:
      return "number";
    case TypeKind::kBool:
      return "bool";
    case TypeKind::kDuration:
      return "duration";
    case TypeKind::kSize:
      return "size";
    case TypeKind::kPercent:
      return "percentage";
    case TypeKind::kCpu:
      return "cpu";
    case TypeKind::kList:
      return "list(" + (element ? element->Describe() : "any") + ")";
    case TypeKind::kMap:
      return "map(" + (element ? element->Describe() : "any") + ")";
    case TypeKind::kRef:
      return "reference to " + JoinNames(ref_kinds, " or ");
    case TypeKind::kEnum:
      return "one of: " + JoinNames(enum_values, ", ");
    case TypeKind::kSecretOrString:
      return "string or secret";
  }
  return "any";
}

const Type& Any() { return Scalar(TypeKind::kAny); }
const Type& String() { return Scalar(TypeKind::kString); }
const Type& Number() { return Scalar(TypeKind::kNumber); }
const Type& Bool() { return Scalar(TypeKind::kBool); }
const Type& Duration() { return Scalar(TypeKind::kDuration); }
const Type& Size() { return Scalar(TypeKind::kSize); }
const Type& Percent() { return Scalar(TypeKind::kPercent); }
const Type& Cpu() { return Scalar(TypeKind::kCpu); }
const Type& SecretOrString() { return Scalar(TypeKind::kSecretOrString); }

const Type& ListOf(const Type& element) {
  return Interner::Get().Container(TypeKind::kList, element);
}
const Type& MapOf(const Type& element) {
  return Interner::Get().Container(TypeKind::kMap, element);
}
const Type& RefTo(std::vector<std::string_view> kinds) {
  return Interner::Get().Named(TypeKind::kRef, kinds);
}
const Type& EnumOf(std::vector<std::string_view> values) {
  return Interner::Get().Named(TypeKind::kEnum, values);
}

}  // namespace berth::schema
