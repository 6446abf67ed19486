// Typed values as exact JSON: the tags of docs/ir.md, plus {"$sensitive": VALUE} keeping the
// content (state files are not output) and {"$map": {...}} for a map whose own keys start with
// `$`, so no user map can be mistaken for a tag.
#include "planner/state_value_json.h"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <sstream>

#include "compiler/ir/value_writer.h"
#include "planner/state.h"

namespace berth::state {

namespace {

struct Unit {
  std::string_view suffix;
  double factor;
};
constexpr Unit kDurationUnits[] = {
    {"ms", 1}, {"s", 1000}, {"m", 60000}, {"h", 3600000}, {"d", 86400000}};
constexpr Unit kSizeUnits[] = {
    {"KiB", 1024.0}, {"MiB", 1048576.0}, {"GiB", 1073741824.0}, {"TiB", 1099511627776.0}};

// "30s" -> 30000 with kDurationUnits; nullopt unless the text is a number and a known unit.
template <size_t N>
std::optional<double> ParseWithUnit(const std::string& text, const Unit (&units)[N]) {
  size_t split = 0;
  while (split < text.size() &&
         (std::isdigit(static_cast<unsigned char>(text[split])) || text[split] == '.' ||
          text[split] == '-' || text[split] == 'e' || text[split] == '+')) {
    ++split;
  }
  double number = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + split, number);
  if (split == 0 || ec != std::errc() || end != text.data() + split) return std::nullopt;
  std::string_view suffix = std::string_view(text).substr(split);
  for (const Unit& u : units) {
    if (suffix == u.suffix) return number * u.factor;
  }
  return std::nullopt;
}

class Reader {
 public:
  explicit Reader(std::string& error) : error_(error) {}

  std::optional<Value> Read(const nlohmann::json& j, const std::string& where) {
    switch (j.type()) {
      case nlohmann::json::value_t::null:
        return Value::Null();
      case nlohmann::json::value_t::boolean:
        return Value::Bool(j.get<bool>());
      case nlohmann::json::value_t::number_integer:
      case nlohmann::json::value_t::number_unsigned:
      case nlohmann::json::value_t::number_float:
        return Value::Number(j.get<double>());
      case nlohmann::json::value_t::string:
        return Value::String(j.get<std::string>());
      case nlohmann::json::value_t::array: {
        ValueList items;
        items.reserve(j.size());
        for (size_t i = 0; i < j.size(); ++i) {
          auto item = Read(j[i], fmt::format("{}[{}]", where, i));
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
  std::optional<Value> Fail(const std::string& where, const std::string& what) {
    error_ = fmt::format("{} {}", where, what);
    return std::nullopt;
  }

  std::optional<Value> ReadMap(const nlohmann::json& j, const std::string& where) {
    ValueMap entries;
    entries.reserve(j.size());
    for (auto it = j.begin(); it != j.end(); ++it) {
      auto item = Read(it.value(), where + "." + it.key());
      if (!item) return std::nullopt;
      entries.emplace_back(it.key(), std::move(*item));
    }
    return Value::Map(std::move(entries));
  }

  std::optional<Value> ReadObject(const nlohmann::json& j, const std::string& where) {
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
                        j.size() == 2 ? j["attribute"].get<std::string>() : "");
    }
    std::string tag;
    for (auto it = j.begin(); it != j.end() && tag.empty(); ++it) {
      if (!it.key().empty() && it.key()[0] == '$') tag = it.key();
    }
    if (j.size() != 1) {
      return Fail(where, fmt::format("mixes the tag \"{}\" with other keys", tag));
    }
    const nlohmann::json& inner = j.begin().value();
    if (tag == "$sensitive") {
      auto value = Read(inner, where);
      if (!value) return std::nullopt;
      value->MarkSensitive();
      return value;
    }
    if (tag == "$map") {
      if (!inner.is_object()) return Fail(where, "has a \"$map\" that is not an object");
      return ReadMap(inner, where);
    }
    if (tag == "$duration" || tag == "$size") {
      if (!inner.is_string()) return Fail(where, fmt::format("has a non-string \"{}\"", tag));
      const std::string& text = inner.get_ref<const std::string&>();
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
      double number = inner.get<double>();
      return tag == "$percent" ? Value::Percent(number) : Value::Cpu(number);
    }
    if (tag == "$secret" || tag == "$symbol") {
      if (!inner.is_string()) return Fail(where, fmt::format("has a non-string \"{}\"", tag));
      std::string text = inner.get<std::string>();
      return tag == "$secret" ? Value::Secret(std::move(text)) : Value::Symbol(std::move(text));
    }
    return Fail(where, fmt::format("has the unknown tag \"{}\"", tag));
  }

  std::string& error_;
};

}  // namespace

void WriteExactValue(JsonWriter& w, const Value& value) {
  WriteTypedValue(w, value, SensitiveValues::kKeep);
}

std::optional<Value> ReadExactValue(const nlohmann::json& json, const std::string& where,
                                    std::string& error) {
  return Reader(error).Read(json, where);
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
