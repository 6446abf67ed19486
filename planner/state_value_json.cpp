// Typed values as exact JSON: the tags of docs/ir.md, plus {"$sensitive": VALUE} (a saved
// plan's content) or {"$sensitive": {"$digest": "hmac-sha256:..."}} (a state's keyed hash) and
// {"$map": {...}} for a map whose own keys start with
// `$`, so no user map can be mistaken for a tag.
#include "planner/state_value_json.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <sstream>
#include <type_traits>

#include "compiler/ir/value_writer.h"
#include "planner/state.h"
#include "planner/state_digest.h"
#include "planner/value_tags.h"

namespace berth::state {

namespace {

// Where a value sits ("service.api.attributes.containers[0]"), spelled out only when a message
// needs it: building that text for every node of a 38 MB state was a third of loading it.
class Where {
 public:
  explicit Where(const std::string& root) : root_(&root) {}
  Where Key(std::string_view key) const { return Where(this, key, 0); }
  Where Index(size_t index) const { return Where(this, {}, index + 1); }

  std::string Text() const {
    if (parent_ == nullptr) return *root_;
    if (index_ > 0) return fmt::format("{}[{}]", parent_->Text(), index_ - 1);
    return parent_->Text() + "." + std::string(key_);
  }

 private:
  Where(const Where* parent, std::string_view key, size_t index)
      : parent_(parent), key_(key), index_(index) {}
  const std::string* root_ = nullptr;
  const Where* parent_ = nullptr;
  std::string_view key_;
  size_t index_ = 0;  // 1 + the list index; 0 for a map key
};

constexpr const char* kMalformedTemplate =
    "is a malformed template: expected {\"$template\": [...]} of strings and at least one "
    "{\"$ref\": ...}";

// Reads a const DOM by copying its strings, or a DOM the caller gives up (`Json` non-const) by
// moving them out, which spares an allocation and a copy per string of a large state.
template <typename Json>
class Reader {
 public:
  explicit Reader(std::string& error) : error_(error) {}

  std::optional<Value> Read(Json& j, const Where& where) {
    switch (j.type()) {
      case nlohmann::json::value_t::null:
        return Value::Null();
      case nlohmann::json::value_t::boolean:
        return Value::Bool(j.template get<bool>());
      case nlohmann::json::value_t::number_integer:
      case nlohmann::json::value_t::number_unsigned:
      case nlohmann::json::value_t::number_float:
        return Value::Number(j.template get<double>());
      case nlohmann::json::value_t::string:
        return Value::String(TakeString(j));
      case nlohmann::json::value_t::array: {
        ValueList items;
        items.reserve(j.size());
        for (size_t i = 0; i < j.size(); ++i) {
          auto item = Read(j[i], where.Index(i));
          if (!item) return std::nullopt;
          items.push_back(std::move(*item));
        }
        return Value::List(std::move(items));
      }
      case nlohmann::json::value_t::object:
        return ReadObject(j, where);
      default:
        return Fail(where, "is not a JSON value berth writes");
    }
  }

 private:
  static std::string TakeString(Json& j) {
    if constexpr (std::is_const_v<Json>) {
      return j.template get<std::string>();
    } else {
      return std::move(j.template get_ref<std::string&>());
    }
  }

  std::optional<Value> Fail(const Where& where, const std::string& what) {
    error_ = fmt::format("{} {}", where.Text(), what);
    return std::nullopt;
  }

  std::optional<Value> ReadMap(Json& j, const Where& where) {
    ValueMap entries;
    entries.reserve(j.size());
    for (auto it = j.begin(); it != j.end(); ++it) {
      auto item = Read(it.value(), where.Key(it.key()));
      if (!item) return std::nullopt;
      entries.emplace_back(it.key(), std::move(*item));
    }
    return Value::Map(std::move(entries));
  }

  std::optional<Value> ReadObject(Json& j, const Where& where) {
    bool tagged = false;
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (!it.key().empty() && it.key()[0] == '$') tagged = true;
    }
    if (!tagged) return ReadMap(j, where);

    if (j.contains("$ref")) {
      const nlohmann::json& address = j["$ref"];
      bool attribute_ok =
          j.size() == 1 || (j.size() == 2 && j.contains("attribute") && j["attribute"].is_string());
      if (!address.is_string() || !attribute_ok) {
        return Fail(where,
                    "is a malformed reference: expected {\"$ref\": ADDRESS} with an "
                    "optional string \"attribute\"");
      }
      return Value::Ref(address.get<std::string>(),
                        j.size() == 2 ? j["attribute"].template get<std::string>() : "");
    }
    std::string tag;
    for (auto it = j.begin(); it != j.end() && tag.empty(); ++it) {
      if (!it.key().empty() && it.key()[0] == '$') tag = it.key();
    }
    if (j.size() != 1) {
      return Fail(where, fmt::format("mixes the tag \"{}\" with other keys", tag));
    }
    Json& inner = j.begin().value();
    if (tag == "$sensitive") {
      auto value = Read(inner, where);
      if (!value) return std::nullopt;
      value->MarkSensitive();
      return value;
    }
    if (tag == "$digest") {
      if (!inner.is_string() || !IsDigest(DigestValue(inner.template get<std::string>()))) {
        return Fail(where, "has a malformed \"$digest\": expected \"hmac-sha256:HEX\"");
      }
      return DigestValue(TakeString(inner));
    }
    if (tag == "$map") {
      if (!inner.is_object()) return Fail(where, "has a \"$map\" that is not an object");
      return ReadMap(inner, where);
    }
    if (tag == "$duration" || tag == "$size") {
      if (!inner.is_string()) return Fail(where, fmt::format("has a non-string \"{}\"", tag));
      const std::string& text = inner.template get_ref<const std::string&>();
      bool duration = tag == "$duration";
      auto amount =
          duration ? ParseWithUnit(text, kDurationUnits) : ParseWithUnit(text, kSizeUnits);
      if (!amount) {
        return Fail(where, fmt::format("has the {} \"{}\", which is not a number with a unit ({})",
                                       duration ? "duration" : "size", text,
                                       duration ? "ms, s, m, h, d" : "KiB, MiB, GiB, TiB"));
      }
      return duration ? Value::Duration(*amount) : Value::Size(*amount);
    }
    if (tag == "$percent" || tag == "$cpu") {
      if (!inner.is_number()) return Fail(where, fmt::format("has a non-number \"{}\"", tag));
      double number = inner.template get<double>();
      return tag == "$percent" ? Value::Percent(number) : Value::Cpu(number);
    }
    if (tag == "$secret" || tag == "$symbol") {
      if (!inner.is_string()) return Fail(where, fmt::format("has a non-string \"{}\"", tag));
      std::string text = TakeString(inner);
      return tag == "$secret" ? Value::Secret(std::move(text)) : Value::Symbol(std::move(text));
    }
    if (tag == "$template") {
      if (!inner.is_array()) return Fail(where, kMalformedTemplate);
      auto parts = Read(inner, where);
      if (!parts) return std::nullopt;
      if (!IsTemplate(*parts)) return Fail(where, kMalformedTemplate);
      return Value::Template(parts->list());
    }
    return Fail(where, fmt::format("has the unknown tag \"{}\"", tag));
  }

  std::string& error_;
};

}  // namespace

void WriteExactValue(JsonWriter& w, const Value& value) {
  WriteTypedValue(w, value, SensitiveValues::kKeep);
}

void WriteHashedValue(JsonWriter& w, const Value& value, std::string_view key) {
  if (!value.ContainsSensitive()) {
    WriteTypedValue(w, value, SensitiveValues::kKeep);
    return;
  }
  WriteTypedValue(w, value, [key](JsonWriter& out, const Value& sensitive) {
    out.BeginObject();
    out.Key("$digest");
    out.String(Digest(key, sensitive));
    out.EndObject();
  });
}

std::optional<Value> ReadExactValue(const nlohmann::json& json, const std::string& where,
                                    std::string& error) {
  return Reader<const nlohmann::json>(error).Read(json, Where(where));
}

std::optional<Value> TakeExactValue(nlohmann::json& json, const std::string& where,
                                    std::string& error) {
  return Reader<nlohmann::json>(error).Read(json, Where(where));
}

std::string ValueToJson(const Value& value) {
  std::ostringstream out;
  {
    JsonWriter w(out, 0);
    WriteExactValue(w, value);
  }  // the writer hands its buffer to `out` when it goes away
  return out.str();
}

std::optional<Value> ValueFromJson(std::string_view json, std::string& error) {
  nlohmann::json parsed = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    error = "not valid JSON";
    return std::nullopt;
  }
  return ReadExactValue(parsed, "value", error);
}

}  // namespace berth::state
