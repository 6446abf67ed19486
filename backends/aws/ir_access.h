// Reading IR attribute trees for requests: the unit conversions the AWS APIs expect (seconds,
// MiB, CPU units) and references resolved through the EmitContext. Shared by every builder so
// that no two services convert a duration differently.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "backends/aws/aws_call.h"

namespace berth::aws {

// Appends `key: value` to the JSON object `object`. Builders write each member once, in the API
// model's order, so unlike nlohmann's operator[] nothing is looked up or default-constructed
// first, and the members' storage grows by moving the values: the vector's own growth copies
// every member, nested trees included (a pair with a const key has no noexcept move). A second
// write of the same key is a bug in berth and throws std::logic_error.
void Put(Json& object, std::string_view key, Json value);

// {"k1": v1, "k2": v2, ...} from alternating keys and values, each value moved in. Unlike
// `Json{{"k1", v1}, ...}`, which builds a two-element array per member and copies each element
// out of its initializer_list (const: the values are copied, nested trees included).
template <typename... KeysAndValues>
Json JsonObject(KeysAndValues&&... members);

// [item, ...], each item moved in (`Json::array({...})` copies them, as above).
template <typename... Items>
Json JsonArray(Items&&... items);

// The attribute `key` of a map value, nullptr when absent or null.
const Value* Field(const Value& map, std::string_view key);

// A value as request JSON: strings, numbers, booleans and symbols as themselves, durations in
// whole seconds, sizes in MiB, percentages and CPU units as numbers, lists and maps element by
// element, references through `context.Resolve` (inside a template's text too). Secrets give
// their source (an ARN).
Json ToJson(const Value& value, const EmitContext& context);

long long WholeSeconds(const Value& duration);  // 30s -> 30
long long WholeMinutes(const Value& duration);  // 1h -> 60
long long Mebibytes(const Value& size);         // 512MiB -> 512
long long Gibibytes(const Value& size);         // 21GiB -> 21
long long WholeDays(const Value& duration);     // 30d -> 30
long long Integer(const Value& number);         // numbers, percentages and CPU units

// The items of the list attribute `key` of `map`; an empty list when absent.
const ValueList& ListField(const Value& map, std::string_view key);

// Sets body[key] when `map` has the attribute, converted by ToJson.
void CopyIfSet(Json& body, std::string_view key, const Value& map, std::string_view attribute,
               const EmitContext& context);

// Sets body[key] when `map` has the attribute and it differs from `api_default`, the value AWS
// uses when the field is omitted: requests then spell only what changes AWS's behaviour, so a
// request berth emits equals the one a person writes (and the import round trip is exact).
void CopyUnless(Json& body, std::string_view key, const Value& map, std::string_view attribute,
                const Value& api_default, const EmitContext& context);

// ToJson for a value that may come from a sensitive variable: such a value is never written into
// a request; the placeholder `{{berth:sensitive.ADDRESS.PATH}}` stands for it (apply.sh fills it
// in, docs/aws.md). secret("arn") values are where a secret lives, not the secret: written.
// PATH is `parent.name`, joined only when a placeholder is written (most values are not
// sensitive, and a path per value was most of what this cost).
Json GuardedJson(const Value& value, const EmitContext& context, std::string_view address,
                 std::string_view parent, std::string_view name);

// The ENABLED/DISABLED strings several APIs take for switches.
const char* EnabledDisabled(bool on);

// AWS tags in the two shapes the APIs use: [{"key":..,"value":..}] (ECS, lowercase) and
// [{"Key":..,"Value":..}] (ELBv2, IAM, EC2...). Empty tag maps give nullopt: omit the field.
std::optional<Json> LowercaseTags(const Value& tags);
std::optional<Json> CapitalizedTags(const Value& tags);
// The third shape, a plain {"key": "value"} object (CloudWatch Logs); nullopt when empty.
std::optional<Json> TagObject(const Value& tags);
// Keys of the `tags` map `before` that `after` no longer has (for Untag* calls), sorted.
std::vector<std::string> RemovedTagKeys(const Value& before, const Value& after);
// The entries of `after` that are new or changed since `before`, as a tag map Value.
Value ChangedTags(const Value& before, const Value& after);

namespace internal {

inline void PutAll(Json& /*object*/) {}

template <typename V, typename... Rest>
void PutAll(Json& object, std::string_view key, V&& value, Rest&&... rest) {
  Put(object, key, Json(std::forward<V>(value)));
  PutAll(object, std::forward<Rest>(rest)...);
}

}  // namespace internal

template <typename... KeysAndValues>
Json JsonObject(KeysAndValues&&... members) {
  static_assert(sizeof...(members) % 2 == 0, "JsonObject takes keys and values in pairs");
  Json object(Json::value_t::object);  // Json::object() goes through an initializer_list
  if constexpr (sizeof...(members) > 0) {
    object.get_ref<Json::object_t&>().reserve(sizeof...(members) / 2);
    internal::PutAll(object, std::forward<KeysAndValues>(members)...);
  }
  return object;
}

template <typename... Items>
Json JsonArray(Items&&... items) {
  Json array(Json::value_t::array);
  if constexpr (sizeof...(items) > 0) {
    Json::array_t& elements = array.get_ref<Json::array_t&>();
    elements.reserve(sizeof...(items));
    (elements.emplace_back(std::forward<Items>(items)), ...);
  }
  return array;
}

}  // namespace berth::aws
