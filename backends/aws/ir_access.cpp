#include "backends/aws/ir_access.h"

#include <fmt/format.h>

#include <cmath>

namespace berth::aws {

const Value* Field(const Value& map, std::string_view key) {
  const Value* value = map.Get(key);
  return value == nullptr || value->is_null() ? nullptr : value;
}

const ValueList& ListField(const Value& map, std::string_view key) {
  static const ValueList kEmpty;
  const Value* value = Field(map, key);
  return value != nullptr && value->is(ValueKind::kList) ? value->list() : kEmpty;
}

long long WholeSeconds(const Value& duration) { return std::llround(duration.number() / 1000); }
long long WholeMinutes(const Value& duration) { return std::llround(duration.number() / 60000); }
long long Mebibytes(const Value& size) { return std::llround(size.number() / (1024.0 * 1024)); }
long long Gibibytes(const Value& size) {
  return std::llround(size.number() / (1024.0 * 1024 * 1024));
}
long long WholeDays(const Value& duration) { return std::llround(duration.number() / 86400000.0); }
long long Integer(const Value& number) { return std::llround(number.number()); }

Json ToJson(const Value& value, const EmitContext& context) {
  switch (value.kind()) {
    case ValueKind::kNull:
      return nullptr;
    case ValueKind::kBool:
      return value.as_bool();
    case ValueKind::kNumber:
    case ValueKind::kPercent:
    case ValueKind::kCpu: {
      double n = value.number();
      if (n == std::floor(n) && std::fabs(n) < 9e15) return static_cast<long long>(n);
      return n;
    }
    case ValueKind::kDuration:
      return WholeSeconds(value);
    case ValueKind::kSize:
      return Mebibytes(value);
    case ValueKind::kString:
    case ValueKind::kSecret:
    case ValueKind::kSymbol:
      return value.str();
    case ValueKind::kList: {
      Json list = Json::array();
      for (const Value& item : value.list()) list.push_back(ToJson(item, context));
      return list;
    }
    case ValueKind::kMap: {
      Json map = Json::object();
      for (const auto& [key, item] : value.map()) map[key] = ToJson(item, context);
      return map;
    }
    case ValueKind::kRef:
      return context.Resolve(value.ref());
    case ValueKind::kTemplate: {
      // The whole string, each reference resolved in place: "arn:...:log-group:NAME:*",
      // "https://{{berth:load_balancer.public.dns_name}}/api" (apply.sh fills the placeholder).
      std::string text;
      for (const Value& part : value.parts()) {
        Json piece = part.is(ValueKind::kRef) ? context.Resolve(part.ref()) : Json(part.str());
        text += piece.is_string() ? piece.get<std::string>() : piece.dump();
      }
      return text;
    }
  }
  return nullptr;
}

void CopyIfSet(Json& body, std::string_view key, const Value& map, std::string_view attribute,
               const EmitContext& context) {
  if (const Value* value = Field(map, attribute)) body[std::string(key)] = ToJson(*value, context);
}

void CopyUnless(Json& body, std::string_view key, const Value& map, std::string_view attribute,
                const Value& api_default, const EmitContext& context) {
  const Value* value = Field(map, attribute);
  if (value && !(*value == api_default)) body[std::string(key)] = ToJson(*value, context);
}

Json GuardedJson(const Value& value, const EmitContext& context, std::string_view address,
                 std::string_view path) {
  if (value.is(ValueKind::kSecret) || !value.ContainsSensitive()) return ToJson(value, context);
  if (value.is(ValueKind::kList)) {
    Json list = Json::array();
    for (size_t i = 0; i < value.list().size(); ++i) {
      list.push_back(GuardedJson(value.list()[i], context, address, fmt::format("{}.{}", path, i)));
    }
    return list;
  }
  if (value.is(ValueKind::kMap)) {
    Json map = Json::object();
    for (const auto& [key, item] : value.map()) {
      map[key] = GuardedJson(item, context, address, fmt::format("{}.{}", path, key));
    }
    return map;
  }
  return Placeholder("sensitive." + std::string(address), path);
}

const char* EnabledDisabled(bool on) { return on ? "ENABLED" : "DISABLED"; }

namespace {

// A tag's value as text. Tags are built without the EmitContext, so a value known only after
// apply is written with the placeholder of each reference, which apply.sh fills (or stops
// naming it when no call captured it), rather than a tag holding berth source text.
std::string TagText(const Value& value) {
  if (value.is(ValueKind::kString)) return value.str();
  if (value.is(ValueKind::kRef)) {
    const RefTarget& ref = value.ref();
    return Placeholder(ref.address, ref.attribute.empty() ? "arn" : ref.attribute);
  }
  if (value.is(ValueKind::kTemplate)) {
    std::string text;
    for (const Value& part : value.parts()) text += TagText(part);
    return text;
  }
  return value.ToSource();
}

std::optional<Json> Tags(const Value& tags, const char* key_name, const char* value_name) {
  if (!tags.is(ValueKind::kMap) || tags.map().empty()) return std::nullopt;
  Json list = Json::array();
  for (const auto& [key, value] : tags.map()) {
    list.push_back({{key_name, key}, {value_name, TagText(value)}});
  }
  return list;
}

}  // namespace

std::optional<Json> LowercaseTags(const Value& tags) { return Tags(tags, "key", "value"); }
std::optional<Json> CapitalizedTags(const Value& tags) { return Tags(tags, "Key", "Value"); }

std::optional<Json> TagObject(const Value& tags) {
  if (!tags.is(ValueKind::kMap) || tags.map().empty()) return std::nullopt;
  Json object = Json::object();
  for (const auto& [key, value] : tags.map()) object[key] = TagText(value);
  return object;
}

std::vector<std::string> RemovedTagKeys(const Value& before, const Value& after) {
  std::vector<std::string> removed;
  if (!before.is(ValueKind::kMap)) return removed;
  for (const auto& [key, value] : before.map()) {
    if (after.Get(key) == nullptr) removed.push_back(key);
  }
  return removed;
}

Value ChangedTags(const Value& before, const Value& after) {
  ValueMap changed;
  if (after.is(ValueKind::kMap)) {
    for (const auto& [key, value] : after.map()) {
      const Value* old = before.Get(key);
      if (old == nullptr || !(*old == value)) changed.emplace_back(key, value);
    }
  }
  return Value::Map(std::move(changed));
}

}  // namespace berth::aws
