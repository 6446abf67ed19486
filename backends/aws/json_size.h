// The length of the text nlohmann's dump() would write for a value, counted without building
// the text or copying the value: the CloudFormation splitter weighs every resource against a
// template's byte limit, and a copy plus a dump per resource cost a third of the emission.
#pragma once

#include <cstddef>
#include <string_view>

#include "backends/aws/aws_call.h"

namespace berth::aws {

// Bytes of `value.dump(indent_step)` as written at nesting depth `current_indent` (spaces) of
// an enclosing pretty-printed document: the same serializer writes into a counter.
size_t DumpedSize(const Json& value, unsigned indent_step, unsigned current_indent = 0);

// Bytes of a string as dump() writes it, the quotes included.
size_t StringDumpedSize(std::string_view text);

}  // namespace berth::aws
