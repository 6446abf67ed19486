// JSON text as nlohmann's dump() writes it, made without a tree or a fresh string per value:
// `berth emit aws` writes 110,000 request bodies and a manifest entry for each at 10,000
// services, and a tree built only to be dumped (or a string allocated per body) was a visible
// part of its CPU.
#pragma once

#include <string>
#include <string_view>

#include "backends/aws/aws_call.h"

namespace berth::aws {

// Appends `text` as a JSON string, quotes included, byte for byte as `Json(text).dump()`.
void AppendJsonString(std::string& out, std::string_view text);

// Replaces `out` with `value.dump(2)` and a newline (a request file's text). `out` keeps its
// capacity, so one buffer serves every body.
void DumpRequest(const Json& value, std::string& out);

}  // namespace berth::aws
