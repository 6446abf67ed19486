// Typed values as JSON, in the tagged form of docs/ir.md ({"$duration": "30s"}, {"$ref": ...}).
// Output masks sensitive values ({"$sensitive": true}); a saved plan keeps them
// ({"$sensitive": VALUE}) because it must apply exactly.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "compiler/base/value.h"

namespace berth::planner {

enum class Secrets { kMask, kKeep };

nlohmann::json ValueToJson(const Value& value, Secrets secrets);
// Reads what ValueToJson(kKeep) wrote; nullopt with `error` on anything else. The exact form is
// the state file's (planner/state_value_json.h), so saved plans and state share one codec.
std::optional<Value> ValueFromJson(const nlohmann::json& json, std::string& error);

}  // namespace berth::planner
