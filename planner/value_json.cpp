#include "planner/value_json.h"

#include <sstream>

#include "compiler/ir/json_writer.h"
#include "compiler/ir/value_writer.h"
#include "planner/state_value_json.h"

namespace berth::planner {

using nlohmann::json;

// Both forms come from the one typed-value writer (compiler/ir/value_writer.h); the exact form
// is the state file's, so saved plans and state share one codec.
json ValueToJson(const Value& v, Secrets secrets, std::string_view key) {
  std::ostringstream text;
  {
    JsonWriter writer(text, 0);
    if (secrets == Secrets::kHash) {
      state::WriteHashedValue(writer, v, key);
    } else {
      WriteTypedValue(writer, v, SensitiveValues::kMask);
    }
  }
  return json::parse(text.str());
}

std::optional<Value> ValueFromJson(const json& j, std::string& error) {
  return state::ReadExactValue(j, "value", error);
}

}  // namespace berth::planner
