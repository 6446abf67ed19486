#include "compiler/check/lower.h"

#include <algorithm>
#include <cstdint>

namespace berth::check {

namespace {

void CollectRefs(const Value& value, std::vector<std::string>& out) {
  switch (value.kind()) {
    case ValueKind::kRef:
      out.push_back(value.ref().address);
      break;
    case ValueKind::kTemplate:
      for (const Value& part : value.parts()) CollectRefs(part, out);
      break;
    case ValueKind::kList:
      for (const Value& item : value.list()) CollectRefs(item, out);
      break;
    case ValueKind::kMap:
      for (const auto& [key, item] : value.map()) CollectRefs(item, out);
      break;
    default:
      break;
  }
}

}  // namespace

void MergeStackTags(const schema::BlockSpec& spec, const Value& stack_tags, Value& attributes) {
  if (!stack_tags.is(ValueKind::kMap) || stack_tags.map().empty()) return;
  if (!spec.FindAttribute("tags")) return;
  const Value* own = attributes.Get("tags");
  ValueMap merged = stack_tags.map();
  SourceRange range;
  if (own && own->is(ValueKind::kMap)) {
    range = own->range();
    merged.insert(merged.end(), own->map().begin(), own->map().end());
  }
  attributes.Set("tags", Value::Map(std::move(merged), range));  // later (own) entries win
}

std::vector<std::string> CollectDependsOn(
    const Value& attributes, std::string_view self,
    const std::function<bool(std::string_view)>& is_resource) {
  std::vector<std::string> refs;
  CollectRefs(attributes, refs);
  std::sort(refs.begin(), refs.end());
  refs.erase(std::unique(refs.begin(), refs.end()), refs.end());
  std::vector<std::string> out;
  out.reserve(refs.size());
  for (std::string& r : refs) {
    if (r != self && is_resource(r)) out.push_back(std::move(r));
  }
  return out;
}

Value MapOfUniqueKeys(ValueMap entries, const SourceRange& range) {
  Value map = Value::Map({}, range);
  // Sorting indexes moves each entry once; sorting the entries would move values many times.
  std::vector<uint32_t> order(entries.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](uint32_t a, uint32_t b) { return entries[a].first < entries[b].first; });
  ValueMap& sorted = map.mutable_map();
  sorted.reserve(entries.size());
  for (uint32_t i : order) sorted.push_back(std::move(entries[i]));
  return map;
}

}  // namespace berth::check
