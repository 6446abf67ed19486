#include "planner/value_json.h"

#include <cmath>
#include <sstream>

#include "compiler/ir/json_writer.h"
#include "planner/state_value_json.h"

namespace berth::planner {

namespace {

using nlohmann::json;

// Integers without a fraction, as docs/ir.md asks, so `2` never reads `2.0`.
json Number(double n) {
  if (std::trunc(n) == n && std::fabs(n) < 9.0e15) return json(static_cast<int64_t>(n));
  return json(n);
}

json Tagged(const char* tag, json content) { return json::object({{tag, std::move(content)}}); }

}  // namespace

json ValueToJson(const Value& v, Secrets secrets) {
  // The exact form (saved plans) is the state file's: one codec that reads every value back.
  if (secrets == Secrets::kKeep) {
    std::ostringstream text;
    {
      JsonWriter writer(text, 0);
      state::WriteExactValue(writer, v);
    }
    return json::parse(text.str());
  }
  if (v.sensitive()) return Tagged("$sensitive", true);
  switch (v.kind()) {
    case ValueKind::kNull:
      return nullptr;
    case ValueKind::kBool:
      return v.as_bool();
    case ValueKind::kNumber:
      return Number(v.number());
    case ValueKind::kString:
      return v.str();
    case ValueKind::kDuration:
      return Tagged("$duration", FormatDuration(v.number()));
    case ValueKind::kSize:
      return Tagged("$size", FormatSize(v.number()));
    case ValueKind::kPercent:
      return Tagged("$percent", Number(v.number()));
    case ValueKind::kCpu:
      return Tagged("$cpu", Number(v.number()));
    case ValueKind::kSecret:
      return Tagged("$secret", v.str());
    // The IR writes enum members as strings.
    case ValueKind::kSymbol:
      return v.str();
    case ValueKind::kRef: {
      json ref = Tagged("$ref", v.ref().address);
      if (!v.ref().attribute.empty()) ref["attribute"] = v.ref().attribute;
      return ref;
    }
    case ValueKind::kList: {
      json out = json::array();
      for (const Value& item : v.list()) out.push_back(ValueToJson(item, secrets));
      return out;
    }
    case ValueKind::kMap: {
      json out = json::object();
      for (const auto& [k, item] : v.map()) out[k] = ValueToJson(item, secrets);
      return out;
    }
  }
  return nullptr;
}

std::optional<Value> ValueFromJson(const json& j, std::string& error) {
  return state::ReadExactValue(j, "value", error);
}

}  // namespace berth::planner
