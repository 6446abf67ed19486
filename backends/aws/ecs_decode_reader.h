// Internal to the ECS decoders (ecs_*_decode.cpp): reading API JSON with the JSON path of every
// value at hand for messages, the unit conversions back to berth values, the references, and the
// schema defaults. A decoder throws DecodeFailure on the first problem; the public entry points
// (ecs_decode.h) catch it and return the DecodeError, so nothing escapes the decoders.
#pragma once

#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "backends/aws/ecs_decode.h"
#include "compiler/schema/schema.h"

namespace berth::aws::decode {

struct DecodeFailure {
  DecodeError error;
};

[[noreturn]] void Fail(std::string path, std::string message);

// "a string", "a number", ... for messages.
std::string JsonTypeName(const Json& json);

// A JSON object being decoded: every member must be taken (decoded) or ignored (a read-only
// field); Done() reports the first other member as unknown.
class Object {
 public:
  Object(const Json& json, std::string path);

  const std::string& path() const { return path_; }
  std::string PathOf(std::string_view key) const;
  bool Has(std::string_view key) const;

  // The member, marked as taken; nullptr when absent or null.
  const Json* Take(std::string_view key);
  void Ignore(std::initializer_list<std::string_view> keys);
  void Done() const;

  std::optional<std::string> String(std::string_view key);
  std::optional<double> Number(std::string_view key);
  std::optional<bool> Bool(std::string_view key);
  // The member as a JSON array (each element checked by the caller); nullopt when absent.
  const Json* Array(std::string_view key);

 private:
  const Json& json_;
  std::string path_;
  std::set<std::string, std::less<>> taken_;
};

// Typed readers of one JSON value at `path`.
std::string AsString(const Json& json, const std::string& path);
double AsNumber(const Json& json, const std::string& path);

// Values as the language writes them.
Value StringList(const Json& array, const std::string& path);
Value NumberList(const Json& array, const std::string& path);
Value StringMap(const Json& object, const std::string& path);  // {"k": "v"} -> map(string)
// Any JSON as a value (for `any` attributes): objects become maps, arrays lists.
Value FromJson(const Json& json);
Value Seconds(double seconds);
Value Minutes(double minutes);
Value Mebibytes(double mib);
Value Gibibytes(double gib);

// Collects the members set on a block; Build() sorts them into the IR map.
class Block {
 public:
  void Set(std::string name, Value value) {
    entries_.emplace_back(std::move(name), std::move(value));
  }
  bool empty() const { return entries_.empty(); }
  Value Build() { return Value::Map(std::move(entries_)); }

 private:
  ValueMap entries_;
};

// "path[i]": the JSON path of an array element, for messages.
std::string Index(const std::string& path, size_t i);

// Calls `fn(Object&)` for every element of the array member `key`, then Done() on it.
template <typename Fn>
void EachObject(Object& parent, std::string_view key, Fn fn) {
  const Json* array = parent.Array(key);
  if (!array) return;
  std::string path = parent.PathOf(key);
  for (size_t i = 0; i < array->size(); ++i) {
    Object item((*array)[i], Index(path, i));
    fn(item);
    item.Done();
  }
}

// A list of the blocks `fn` builds from the array member `key`; absent when empty.
template <typename Fn>
void RepeatedBlock(Block& out, std::string ir_key, Object& parent, std::string_view key, Fn fn) {
  ValueList items;
  EachObject(parent, key, [&](Object& item) { items.push_back(fn(item)); });
  if (!items.empty()) out.Set(std::move(ir_key), Value::List(std::move(items)));
}

// A nested object member decoded by `fn` into a block; absent when the member is.
template <typename Fn>
void NestedBlock(Block& out, std::string name, Object& parent, std::string_view key, Fn fn) {
  const Json* json = parent.Take(key);
  if (!json) return;
  Object object(*json, parent.PathOf(key));
  Block block;
  fn(object, block);
  object.Done();
  out.Set(std::move(name), block.Build());
}

// Member `key` of `in`, when present, as attribute `name` of `out`, in the attribute's unit.
void CopyString(Block& out, std::string name, Object& in, std::string_view key);
void CopyNumber(Block& out, std::string name, Object& in, std::string_view key);
void CopyBool(Block& out, std::string name, Object& in, std::string_view key);
void CopySeconds(Block& out, std::string name, Object& in, std::string_view key);
void CopyMinutes(Block& out, std::string name, Object& in, std::string_view key);
void CopyMebibytes(Block& out, std::string name, Object& in, std::string_view key);
// Lists and maps: absent when empty, as berth leaves them out.
void CopyStrings(Block& out, std::string name, Object& in, std::string_view key);
void CopyStringMap(Block& out, std::string name, Object& in, std::string_view key);
void CopyNameValues(Block& out, std::string name, Object& in, std::string_view key,
                    const char* name_key, const char* value_key, bool secret = false);

// `name` -> [{name_key: n, value_key: v}] lists read into a map; `secret` makes the values
// secret("...") sources.
Value NameValueMap(const Json& array, const std::string& path, const char* name_key,
                   const char* value_key, bool secret = false);

// [{"key": .., "value": ..}] -> map.
Value LowercaseTagMap(const Json& array, const std::string& path);

// References: resolved by the options' resolver, else addressed as KIND.LABEL from the name.
class References {
 public:
  explicit References(const DecodeOptions& options) : options_(options) {}
  Value Ref(std::string_view kind, const std::string& value);
  std::vector<ImportedReference> Take() { return std::move(made_up_); }

 private:
  const DecodeOptions& options_;
  std::vector<ImportedReference> made_up_;
};

// Fills what lowering fills when the source omits it: attribute defaults (the label for
// `default_is_label`), labeled nested blocks' names, recursively through the nested blocks.
void FillDefaults(const schema::BlockSpec& spec, Value& attributes, const std::string& label);

// Runs `decode`, turning a DecodeFailure into the result's error.
template <typename Fn>
DecodeResult Guarded(Fn decode) {
  try {
    return decode();
  } catch (const DecodeFailure& failure) {
    return failure.error;
  }
}

}  // namespace berth::aws::decode
