// The value constraints of the schema tables (AttributeSpec min, max, allowed): checking a value
// against them, and choosing suggestions that satisfy them.
#pragma once

#include <optional>
#include <string>

#include "compiler/base/diagnostics.h"
#include "compiler/base/value.h"
#include "compiler/schema/schema.h"

namespace berth::check {

// Whether `value` satisfies the attribute's constraints. Values of another kind (a reference
// known after apply, a mismatch already reported) pass: there is nothing to compare.
bool SatisfiesConstraints(const schema::AttributeSpec& spec, const Value& value);

// Reports a value outside the constraints at the value, with the nearest allowed value.
bool CheckConstraints(const schema::AttributeSpec& spec, const Value& value, Diagnostics& diags);

// For a plain number where the attribute wants a duration, size or percentage: the number
// with the first unit that satisfies the constraints ("30d" for a log retention of 30), else
// the allowed value nearest to one of them. nullopt for other types.
std::optional<std::string> UnitHintFor(const schema::AttributeSpec& spec, const Value& number);

}  // namespace berth::check
