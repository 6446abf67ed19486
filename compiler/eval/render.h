// Values as text: interpolation (`"${x}"`, tostring, join, format) and JSON (jsonencode).
#pragma once

#include <optional>
#include <string>

#include "compiler/base/value.h"

namespace berth::eval {

// The text a value interpolates to: strings raw, numbers canonical, units in berth form ("30s",
// "512MiB", "70%"), bools. nullopt for kinds that have no text (lists, maps, null, secrets,
// references); callers report with KindPhrase.
std::optional<std::string> InterpolationText(const Value& value);

// The largest integer a double holds exactly (2^53): beyond it, integer text would lie.
inline constexpr double kMaxExactInteger = 9007199254740992.0;

// Canonical number text: integers without a fraction, others shortest round-trip.
std::string NumberText(double n);

// Compact JSON: durations, sizes and percentages as their berth text, references as
// "(known after apply)". nullopt (with `error` set) for values JSON cannot hold (secrets).
std::optional<std::string> JsonText(const Value& value, std::string& error);

}  // namespace berth::eval
