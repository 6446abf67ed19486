// Typed values as JSON, in the tagged form of docs/ir.md: {"$duration": "30s"}, {"$size":
// "512MiB"}, {"$percent": 70}, {"$cpu": 256}, {"$ref": ADDRESS, "attribute": NAME},
// {"$secret": SOURCE}, {"$symbol": NAME}, {"$template": [TEXT or {"$ref": ...}, ...]} for text
// around references, and {"$map": {...}} around a map whose own keys start
// with `$`, so no user map is ever read as a tag.
#pragma once

#include <functional>

#include "compiler/base/value.h"
#include "compiler/ir/json_writer.h"

namespace berth {

enum class SensitiveValues {
  kMask,  // output: {"$sensitive": true}, the content never written
  kKeep,  // state files and saved plans: {"$sensitive": VALUE}
};

void WriteTypedValue(JsonWriter& w, const Value& value, SensitiveValues mode);

// Files that keep a stand-in for each sensitive value (the state's keyed hash): every outermost
// sensitive value is written as {"$sensitive": X}, where `write_sensitive` writes X.
using SensitiveWriter = std::function<void(JsonWriter&, const Value&)>;
void WriteTypedValue(JsonWriter& w, const Value& value, const SensitiveWriter& write_sensitive);

}  // namespace berth
