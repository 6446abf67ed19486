// What the tags of the exact value JSON (docs/state.md) hold, shared by the state file's two
// readers (state_value_json.cpp reads a JSON document, state_text_reader.cpp the bytes), so both
// accept the same units and templates.
#pragma once

#include <cctype>
#include <charconv>
#include <optional>
#include <string_view>

#include "compiler/base/value.h"

namespace berth::state {

struct ValueUnit {
  std::string_view suffix;
  double factor;
};
inline constexpr ValueUnit kDurationUnits[] = {
    {"ms", 1}, {"s", 1000}, {"m", 60000}, {"h", 3600000}, {"d", 86400000}};
inline constexpr ValueUnit kSizeUnits[] = {
    {"KiB", 1024.0}, {"MiB", 1048576.0}, {"GiB", 1073741824.0}, {"TiB", 1099511627776.0}};

// "30s" -> 30000 with kDurationUnits; nullopt unless the text is a number and a known unit.
template <size_t N>
std::optional<double> ParseWithUnit(std::string_view text, const ValueUnit (&units)[N]) {
  size_t split = 0;
  while (split < text.size() &&
         (std::isdigit(static_cast<unsigned char>(text[split])) || text[split] == '.' ||
          text[split] == '-' || text[split] == 'e' || text[split] == '+')) {
    ++split;
  }
  double number = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + split, number);
  if (split == 0 || ec != std::errc() || end != text.data() + split) return std::nullopt;
  std::string_view suffix = text.substr(split);
  for (const ValueUnit& u : units) {
    if (suffix == u.suffix) return number * u.factor;
  }
  return std::nullopt;
}

// The parts of a {"$template": [...]}: strings and references, at least one reference.
inline bool IsTemplate(const Value& parts) {
  if (!parts.is(ValueKind::kList)) return false;
  bool has_ref = false;
  for (const Value& part : parts.list()) {
    if (part.sensitive() || !(part.is(ValueKind::kString) || part.is(ValueKind::kRef)))
      return false;
    has_ref = has_ref || part.is(ValueKind::kRef);
  }
  return has_ref;
}

}  // namespace berth::state
