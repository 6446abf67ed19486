#include "backends/aws/ir_access.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace berth::aws {

namespace {

// Room for twice the members (8 at first: most request objects have fewer), the values moved
// across; only the keys are copied.
void Grow(Json::object_t& members) {
  Json::object_t grown;
  grown.reserve(std::max<size_t>(8, 2 * members.size()));
  for (auto& [key, value] : members) grown.emplace_back(key, std::move(value));
  members.swap(grown);
}

}  // namespace

void Put(Json& object, std::string_view key, Json value) {
  Json::object_t& members = object.get_ref<Json::object_t&>();
  for (const auto& [name, member] : members) {
    // The length and the first byte settle almost every comparison without a call to memcmp.
    if (name.size() == key.size() && !key.empty() && name.front() == key.front() && name == key)
      throw std::logic_error("request member written twice: " + name);
  }
  if (members.size() == members.capacity()) Grow(members);
  members.emplace_back(std::string(key), std::move(value));
}

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
      Json list = JsonArray();
      Json::array_t& items = list.get_ref<Json::array_t&>();
      items.reserve(value.list().size());
      for (const Value& item : value.list()) items.push_back(ToJson(item, context));
      return list;
    }
    case ValueKind::kMap: {
      // A berth map's keys are unique: no member is looked for.
      Json map = JsonObject();
      Json::object_t& members = map.get_ref<Json::object_t&>();
      members.reserve(value.map().size());
      for (const auto& [key, item] : value.map()) members.emplace_back(key, ToJson(item, context));
      return map;
    }
    case ValueKind::kRef:
      return context.Resolve(value.ref());
    case ValueKind::kTemplate: {
      // The whole string, each reference resolved in place: "arn:...:log-group:NAME:*",
      // "https://{{berth:load_balancer.public.dns_name}}/api" (apply.sh fills the placeholder).
      std::string text;
      for (const Value& part : value.parts()) {
        if (!part.is(ValueKind::kRef)) {
          text += part.str();
          continue;
        }
        Json piece = context.Resolve(part.ref());
        text += piece.is_string() ? piece.get_ref<const std::string&>() : piece.dump();
      }
      return text;
    }
  }
  return nullptr;
}

void CopyIfSet(Json& body, std::string_view key, const Value& map, std::string_view attribute,
               const EmitContext& context) {
  if (const Value* value = Field(map, attribute)) Put(body, key, ToJson(*value, context));
}

void CopyUnless(Json& body, std::string_view key, const Value& map, std::string_view attribute,
                const Value& api_default, const EmitContext& context) {
  const Value* value = Field(map, attribute);
  if (value && !(*value == api_default)) Put(body, key, ToJson(*value, context));
}

Json GuardedJson(const Value& value, const EmitContext& context, std::string_view address,
                 std::string_view parent, std::string_view name) {
  if (value.is(ValueKind::kSecret) || !value.ContainsSensitive()) return ToJson(value, context);
  std::string path = fmt::format("{}.{}", parent, name);
  if (value.is(ValueKind::kList)) {
    Json list = JsonArray();
    for (size_t i = 0; i < value.list().size(); ++i) {
      list.push_back(GuardedJson(value.list()[i], context, address, path, std::to_string(i)));
    }
    return list;
  }
  if (value.is(ValueKind::kMap)) {
    Json map = JsonObject();
    for (const auto& [key, item] : value.map()) {
      Put(map, key, GuardedJson(item, context, address, path, key));
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
  Json list = JsonArray();
  list.get_ref<Json::array_t&>().reserve(tags.map().size());
  for (const auto& [key, value] : tags.map()) {
    list.push_back(JsonObject(key_name, key, value_name, TagText(value)));
  }
  return list;
}

}  // namespace

std::optional<Json> LowercaseTags(const Value& tags) { return Tags(tags, "key", "value"); }
std::optional<Json> CapitalizedTags(const Value& tags) { return Tags(tags, "Key", "Value"); }

std::optional<Json> TagObject(const Value& tags) {
  if (!tags.is(ValueKind::kMap) || tags.map().empty()) return std::nullopt;
  Json object = JsonObject();
  for (const auto& [key, value] : tags.map()) Put(object, key, TagText(value));
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
