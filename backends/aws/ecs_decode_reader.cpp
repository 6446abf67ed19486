#include "backends/aws/ecs_decode_reader.h"
#include "compiler/schema/existing_handles.h"

#include <fmt/format.h>

#include <cmath>

namespace berth::aws {

std::string DecodeError::ToString() const { return path + ": " + message; }

std::string LabelFromName(std::string_view name) {
  std::string label;
  for (char c : name) {
    bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    label += word ? c : '_';
  }
  if (label.empty() || (label[0] >= '0' && label[0] <= '9')) label.insert(0, "_");
  return label;
}

namespace decode {

void Fail(std::string path, std::string message) {
  throw DecodeFailure{{std::move(path), std::move(message)}};
}

std::string JsonTypeName(const Json& json) {
  if (json.is_string()) return "a string";
  if (json.is_boolean()) return "a boolean";
  if (json.is_number()) return "a number";
  if (json.is_array()) return "an array";
  if (json.is_object()) return "an object";
  return "null";
}

Object::Object(const Json& json, std::string path) : json_(json), path_(std::move(path)) {
  if (!json.is_object()) Fail(path_, "expected an object, got " + JsonTypeName(json));
}

std::string Object::PathOf(std::string_view key) const { return fmt::format("{}.{}", path_, key); }

bool Object::Has(std::string_view key) const {
  auto it = json_.find(std::string(key));
  return it != json_.end() && !it->is_null();
}

const Json* Object::Take(std::string_view key) {
  taken_.emplace(key);
  auto it = json_.find(std::string(key));
  return it == json_.end() || it->is_null() ? nullptr : &*it;
}

void Object::Ignore(std::initializer_list<std::string_view> keys) {
  for (std::string_view key : keys) taken_.emplace(key);
}

void Object::Done() const {
  for (const auto& [key, value] : json_.items()) {
    if (!taken_.contains(key)) {
      Fail(PathOf(key), "unknown field `" + key + "` (not in the ECS API model berth reads)");
    }
  }
}

std::optional<std::string> Object::String(std::string_view key) {
  const Json* value = Take(key);
  if (!value) return std::nullopt;
  return AsString(*value, PathOf(key));
}

std::optional<double> Object::Number(std::string_view key) {
  const Json* value = Take(key);
  if (!value) return std::nullopt;
  return AsNumber(*value, PathOf(key));
}

std::optional<bool> Object::Bool(std::string_view key) {
  const Json* value = Take(key);
  if (!value) return std::nullopt;
  if (!value->is_boolean())
    Fail(PathOf(key), "expected true or false, got " + JsonTypeName(*value));
  return value->get<bool>();
}

const Json* Object::Array(std::string_view key) {
  const Json* value = Take(key);
  if (value && !value->is_array()) {
    Fail(PathOf(key), "expected an array, got " + JsonTypeName(*value));
  }
  return value;
}

std::string AsString(const Json& json, const std::string& path) {
  if (!json.is_string()) Fail(path, "expected a string, got " + JsonTypeName(json));
  return json.get<std::string>();
}

double AsNumber(const Json& json, const std::string& path) {
  if (!json.is_number()) Fail(path, "expected a number, got " + JsonTypeName(json));
  return json.get<double>();
}

Value StringList(const Json& array, const std::string& path) {
  ValueList items;
  for (size_t i = 0; i < array.size(); ++i) {
    items.push_back(Value::String(AsString(array[i], fmt::format("{}[{}]", path, i))));
  }
  return Value::List(std::move(items));
}

Value NumberList(const Json& array, const std::string& path) {
  ValueList items;
  for (size_t i = 0; i < array.size(); ++i) {
    items.push_back(Value::Number(AsNumber(array[i], fmt::format("{}[{}]", path, i))));
  }
  return Value::List(std::move(items));
}

Value StringMap(const Json& object, const std::string& path) {
  if (!object.is_object()) Fail(path, "expected an object, got " + JsonTypeName(object));
  ValueMap entries;
  for (const auto& [key, value] : object.items()) {
    entries.emplace_back(key, Value::String(AsString(value, path + "." + key)));
  }
  return Value::Map(std::move(entries));
}

Value FromJson(const Json& json) {
  if (json.is_boolean()) return Value::Bool(json.get<bool>());
  if (json.is_number()) return Value::Number(json.get<double>());
  if (json.is_string()) return Value::String(json.get<std::string>());
  if (json.is_array()) {
    ValueList items;
    for (const Json& item : json) items.push_back(FromJson(item));
    return Value::List(std::move(items));
  }
  if (json.is_object()) {
    ValueMap entries;
    for (const auto& [key, value] : json.items()) entries.emplace_back(key, FromJson(value));
    return Value::Map(std::move(entries));
  }
  return Value::Null();
}

Value Seconds(double seconds) { return Value::Duration(seconds * 1000); }
Value Minutes(double minutes) { return Value::Duration(minutes * 60000); }
Value Mebibytes(double mib) { return Value::Size(mib * 1024 * 1024); }
Value Gibibytes(double gib) { return Value::Size(gib * 1024 * 1024 * 1024); }

Value NameValueMap(const Json& array, const std::string& path, const char* name_key,
                   const char* value_key, bool secret) {
  if (!array.is_array()) Fail(path, "expected an array, got " + JsonTypeName(array));
  ValueMap entries;
  for (size_t i = 0; i < array.size(); ++i) {
    Object item(array[i], fmt::format("{}[{}]", path, i));
    std::optional<std::string> name = item.String(name_key);
    std::optional<std::string> value = item.String(value_key);
    if (!name) Fail(item.path(), fmt::format("missing `{}`", name_key));
    if (!value) Fail(item.path(), fmt::format("missing `{}`", value_key));
    item.Done();
    for (const auto& [existing, unused] : entries) {
      if (existing == *name) Fail(item.PathOf(name_key), "`" + *name + "` appears twice");
    }
    entries.emplace_back(*name, secret ? Value::Secret(*value) : Value::String(*value));
  }
  return Value::Map(std::move(entries));
}

Value LowercaseTagMap(const Json& array, const std::string& path) {
  return NameValueMap(array, path, "key", "value");
}

namespace {

// The parts of an ARN, "arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE"; nullopt for a plain name.
struct Arn {
  std::string service, region, account, resource;
};

std::optional<Arn> ParseArn(std::string_view value) {
  if (!value.starts_with("arn:")) return std::nullopt;
  std::vector<std::string> parts;
  size_t start = 0;
  for (int i = 0; i < 5; ++i) {
    size_t colon = value.find(':', start);
    if (colon == std::string_view::npos) return std::nullopt;
    parts.emplace_back(value.substr(start, colon - start));
    start = colon + 1;
  }
  return Arn{parts[2], parts[3], parts[4], std::string(value.substr(start))};
}

// What a made-up reference is called: its kind's name in AWS, from the ARN's resource part.
ImportedReference Describe(std::string_view kind, const std::string& value) {
  ImportedReference ref{.kind = std::string(kind), .value = value};
  std::string resource = value;
  if (std::optional<Arn> arn = ParseArn(value)) {
    ref.account = arn->account;
    ref.region = arn->region;
    resource = arn->resource;
    // "role/PATH/NAME", "cluster/NAME", "task-definition/FAMILY:REV", "targetgroup/NAME/ID"
    size_t slash = resource.find('/');
    resource = slash == std::string::npos ? resource : resource.substr(slash + 1);
    if (kind == "role") {
      size_t last = resource.rfind('/');
      ref.path = last == std::string::npos ? "/" : "/" + resource.substr(0, last + 1);
      resource = last == std::string::npos ? resource : resource.substr(last + 1);
    } else if (kind == "target_group") {
      resource = resource.substr(0, resource.find('/'));
    }
  } else if (kind == "role") {
    ref.path = "/";
  }
  if (kind == "task") resource = resource.substr(0, resource.find(':'));
  ref.name = resource;
  ref.address = fmt::format("{}.{}", kind, LabelFromName(resource));
  return ref;
}

}  // namespace

Value References::Ref(std::string_view kind, const std::string& value) {
  if (options_.resolve) {
    if (std::optional<std::string> address = options_.resolve({kind, value})) {
      return Value::Ref(*address);
    }
  }
  // A role, target group or cluster known only by its ARN, or a pinned task definition revision,
  // stays what it is: declaring it would make berth create it (schema::IsExistingHandle).
  if (schema::IsExistingHandle(schema::RefTo({kind}), value)) return Value::String(value);
  ImportedReference ref = Describe(kind, value);
  std::string address = ref.address;
  bool known = false;
  for (const ImportedReference& existing : made_up_) known = known || existing.address == address;
  if (!known) made_up_.push_back(std::move(ref));
  return Value::Ref(address);
}

void FillDefaults(const schema::BlockSpec& spec, Value& attributes, const std::string& label) {
  for (const schema::AttributeSpec& a : spec.attributes) {
    if (attributes.Get(a.name)) continue;
    if (a.default_is_label) {
      attributes.Set(std::string(a.name), Value::String(label));
    } else if (a.default_value) {
      attributes.Set(std::string(a.name), *a.default_value);
    }
  }
  for (const schema::BlockSpec* b : spec.blocks) {
    std::string key(b->ir_key.empty() ? b->name : b->ir_key);
    const Value* present = attributes.Get(key);
    if (!present) continue;
    Value nested = *present;
    auto fill = [&](Value& item) {
      const Value* name = item.Get("name");
      std::string item_label = b->labeled && name ? name->str() : label;
      FillDefaults(*b, item, item_label);
    };
    if (b->repeated) {
      for (Value& item : nested.mutable_list()) fill(item);
    } else {
      fill(nested);
    }
    attributes.Set(std::move(key), std::move(nested));
  }
}

std::string Index(const std::string& path, size_t i) { return fmt::format("{}[{}]", path, i); }

void CopyString(Block& out, std::string name, Object& in, std::string_view key) {
  if (auto s = in.String(key)) out.Set(std::move(name), Value::String(*s));
}
void CopyNumber(Block& out, std::string name, Object& in, std::string_view key) {
  if (auto n = in.Number(key)) out.Set(std::move(name), Value::Number(*n));
}
void CopyBool(Block& out, std::string name, Object& in, std::string_view key) {
  if (auto b = in.Bool(key)) out.Set(std::move(name), Value::Bool(*b));
}
void CopySeconds(Block& out, std::string name, Object& in, std::string_view key) {
  if (auto n = in.Number(key)) out.Set(std::move(name), Seconds(*n));
}
void CopyMinutes(Block& out, std::string name, Object& in, std::string_view key) {
  if (auto n = in.Number(key)) out.Set(std::move(name), Minutes(*n));
}
void CopyMebibytes(Block& out, std::string name, Object& in, std::string_view key) {
  if (auto n = in.Number(key)) out.Set(std::move(name), Mebibytes(*n));
}
void CopyStrings(Block& out, std::string name, Object& in, std::string_view key) {
  if (const Json* a = in.Array(key); a && !a->empty()) {
    out.Set(std::move(name), StringList(*a, in.PathOf(key)));
  }
}
void CopyStringMap(Block& out, std::string name, Object& in, std::string_view key) {
  if (const Json* m = in.Take(key); m && !(m->is_object() && m->empty())) {
    out.Set(std::move(name), StringMap(*m, in.PathOf(key)));
  }
}
void CopyNameValues(Block& out, std::string name, Object& in, std::string_view key,
                    const char* name_key, const char* value_key, bool secret) {
  if (const Json* a = in.Array(key); a && !a->empty()) {
    out.Set(std::move(name), NameValueMap(*a, in.PathOf(key), name_key, value_key, secret));
  }
}

}  // namespace decode
}  // namespace berth::aws
