// List and map functions, and coalesce.
#include <fmt/format.h>

#include <algorithm>

#include "compiler/eval/describe.h"
#include "compiler/eval/functions.h"
#include "compiler/eval/unknowns.h"
#include "compiler/eval/utf8.h"

namespace berth::eval {

namespace {

std::optional<Value> Length(FunctionCall& call) {
  const Value& x = call.arg(0);
  switch (x.kind()) {
    case ValueKind::kString:
      return Value::Number(static_cast<double>(CodePointCount(x.str())));
    case ValueKind::kList:
      return Value::Number(static_cast<double>(x.list().size()));
    case ValueKind::kMap:
      return Value::Number(static_cast<double>(x.map().size()));
    default:
      call.TypeError(0, "a string, a list or a map");
      return std::nullopt;
  }
}

std::optional<Value> Concat(FunctionCall& call) {
  ValueList out;
  bool ok = true;
  for (size_t i = 0; i < call.size(); ++i) {
    const ValueList* items = call.List(i);
    if (!items) {
      ok = false;
      continue;
    }
    out.insert(out.end(), items->begin(), items->end());
  }
  if (!ok) return std::nullopt;
  return Value::List(std::move(out));
}

// Elements of a sensitive nested list stay sensitive once lifted out of it.
void FlattenInto(const ValueList& items, bool sensitive, ValueList& out) {
  for (const Value& item : items) {
    if (item.is(ValueKind::kList)) {
      FlattenInto(item.list(), sensitive || item.sensitive(), out);
    } else {
      out.push_back(Inherit(item, sensitive));
    }
  }
}

std::optional<Value> Flatten(FunctionCall& call) {
  const ValueList* items = call.List(0);
  if (!items) return std::nullopt;
  ValueList out;
  FlattenInto(*items, false, out);
  return Value::List(std::move(out));
}

std::optional<Value> Distinct(FunctionCall& call) {
  const ValueList* items = call.List(0);
  if (!items) return std::nullopt;
  ValueList out;
  for (const Value& item : *items) {
    if (std::find(out.begin(), out.end(), item) == out.end()) out.push_back(item);
  }
  return Value::List(std::move(out));
}

std::optional<Value> Sort(FunctionCall& call) {
  const ValueList* items = call.List(0);
  if (!items) return std::nullopt;
  if (items->empty()) return Value::List({});
  ValueKind kind = items->front().kind();
  bool sortable = kind == ValueKind::kString || items->front().is_numeric();
  for (const Value& item : *items) {
    if (!sortable || item.kind() != kind) {
      call.Error(0, fmt::format("`sort` expects a list of strings or of numbers of one kind, "
                                "got {} and {}",
                                KindPhrase(kind), KindPhrase(item)));
      return std::nullopt;
    }
  }
  ValueList out = *items;
  std::stable_sort(out.begin(), out.end(), [](const Value& a, const Value& b) {
    return a.is(ValueKind::kString) ? a.str() < b.str() : a.number() < b.number();
  });
  return Value::List(std::move(out));
}

std::optional<Value> Keys(FunctionCall& call) {
  const ValueMap* entries = call.Map(0);
  if (!entries) return std::nullopt;
  ValueList out;
  for (const auto& [key, value] : *entries) out.push_back(Value::String(key));
  return Value::List(std::move(out));
}

std::optional<Value> Values(FunctionCall& call) {
  const ValueMap* entries = call.Map(0);
  if (!entries) return std::nullopt;
  ValueList out;
  for (const auto& [key, value] : *entries) out.push_back(value);
  return Value::List(std::move(out));
}

std::optional<Value> Merge(FunctionCall& call) {
  ValueMap out;
  bool ok = true;
  for (size_t i = 0; i < call.size(); ++i) {
    const ValueMap* entries = call.Map(i);
    if (!entries) {
      ok = false;
      continue;
    }
    // A sensitive map's entries stay sensitive in the merged map.
    for (const auto& [key, value] : *entries) {
      out.emplace_back(key, Inherit(value, call.arg(i).sensitive()));
    }
  }
  if (!ok) return std::nullopt;
  return Value::Map(std::move(out));  // later maps win
}

std::optional<Value> Lookup(FunctionCall& call) {
  const ValueMap* entries = call.Map(0);
  const std::string* key = call.String(1);
  if (!entries || !key) return std::nullopt;
  if (const Value* found = call.arg(0).Get(*key)) return *found;
  return call.arg(2);
}

std::optional<Value> Coalesce(FunctionCall& call) {
  for (const Value& arg : call.args()) {
    // An unknown argument might turn out null: which one wins is unknown too.
    if (arg.is_unknown()) return arg;
    if (arg.is_null() || (arg.is(ValueKind::kString) && arg.str().empty())) continue;
    return arg;
  }
  call.Error("`coalesce` has no argument that is not null or empty");
  return std::nullopt;
}

const FunctionSpec kCollectionFunctions[] = {
    {"length", 1, 1, "length(x)", "the number of characters, elements or entries", Reads::kShallow,
     Length},
    {"concat", 1, kVariadic, "concat(lists...)", "the lists one after another", Reads::kShallow,
     Concat},
    {"flatten", 1, 1, "flatten(list)", "the elements of nested lists, in one list", Reads::kShallow,
     Flatten},
    {"distinct", 1, 1, "distinct(list)", "the list without repeated elements", Reads::kDeep,
     Distinct},
    {"sort", 1, 1, "sort(list)", "the strings or numbers in ascending order", Reads::kDeep, Sort},
    {"keys", 1, 1, "keys(map)", "the keys of the map, sorted", Reads::kShallow, Keys},
    {"values", 1, 1, "values(map)", "the values of the map, in key order", Reads::kShallow, Values},
    {"merge", 1, kVariadic, "merge(maps...)", "the maps combined; later maps win", Reads::kShallow,
     Merge},
    {"lookup", 3, 3, "lookup(map, key, default)", "the entry `key` of the map, or `default`",
     Reads::kShallow, Lookup},
    {"coalesce", 1, kVariadic, "coalesce(xs...)",
     "the first argument that is not null or an empty string", Reads::kDeepHandlesRefs, Coalesce},
};

}  // namespace

std::span<const FunctionSpec> CollectionFunctions() { return kCollectionFunctions; }

}  // namespace berth::eval
