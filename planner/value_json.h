// Typed values as JSON, in the tagged form of docs/ir.md ({"$duration": "30s"}, {"$ref": ...}).
// Output masks sensitive values ({"$sensitive": true}); a saved plan holds their keyed hash
// ({"$sensitive": {"$digest": "hmac-sha256:..."}}, planner/state_digest.h), and `berth apply
// PLANFILE` takes the values themselves from the stack again.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "compiler/base/value.h"

namespace berth::planner {

enum class Secrets { kMask, kHash };

// `key` hashes sensitive values under kHash.
nlohmann::json ValueToJson(const Value& value, Secrets secrets, std::string_view key = {});
// Reads what ValueToJson(kHash) wrote (and plaintext {"$sensitive": VALUE} of older files); nullopt
// with `error` on anything else. The exact form is the state file's (planner/state_value_json.h),
// so saved plans and state share one codec.
std::optional<Value> ValueFromJson(const nlohmann::json& json, std::string& error);

}  // namespace berth::planner
