// Type and unit checks of evaluated values against schema types, driven only by the schema
// tables. Values are normalised on the way to how the IR stores them: enum words become
// strings, plain CPU numbers become CPU units.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "compiler/base/diagnostics.h"
#include "compiler/base/value.h"
#include "compiler/eval/eval.h"
#include "compiler/schema/schema.h"

namespace berth::check {

struct ValueCheckEnv {
  EvalContext& ctx;  // names in scope, for "undefined name" suggestions
  Diagnostics& diags;
  // The resource kind at an address ("role"), or "" when it is not a resource.
  std::function<std::string_view(std::string_view address)> kind_of;
  // Removes the current instance's prefix from addresses shown in messages, so that errors in
  // a module read the same for every instance.
  std::function<std::string(std::string_view address)> display;
};

// Checks `value` against `type`, reporting each mismatch at the offending value (list and map
// elements at their own range). `what` names it: "memory", "subnets[1]", `env["A"]`.
bool CheckValue(const schema::Type& type, Value& value, const std::string& what,
                const ValueCheckEnv& env);

// An attribute's value: CheckValue against its type, then the table's constraints (bounds, a
// closed set of values). A plain number where a unit is wanted gets a suggestion that passes
// both.
bool CheckAttribute(const schema::AttributeSpec& spec, Value& value, const ValueCheckEnv& env);

// "a size", "a reference to a role", "one of: rollback, none" — for messages.
std::string ExpectedPhrase(const schema::Type& type);

}  // namespace berth::check
