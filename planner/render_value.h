// Values as the text and Markdown renderers print them: berth source syntax, nested maps and
// lists of blocks over several lines, sensitive values and references masked or marked.
#pragma once

#include <string>

#include "compiler/base/value.h"

namespace berth::planner {

inline constexpr const char* kSensitiveText = "(sensitive value)";

// `indent` is the column the value's first line starts at; continuation lines are indented
// from it. A reference prints as `role.exec.arn (known after apply)`.
std::string RenderValue(const Value& value, int indent);

}  // namespace berth::planner
