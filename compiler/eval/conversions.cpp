// Conversions between kinds: tostring, tonumber, jsonencode.
#include <fmt/format.h>
#include <charconv>
#include <cmath>

#include "compiler/eval/describe.h"
#include "compiler/eval/functions.h"
#include "compiler/eval/render.h"

namespace berth::eval {

namespace {

std::optional<Value> ToString(FunctionCall& call) {
  if (std::optional<std::string> text = InterpolationText(call.arg(0))) {
    return Value::String(std::move(*text));
  }
  call.TypeError(0, "a string, a number, a bool or a unit value");
  return std::nullopt;
}

std::optional<Value> ToNumber(FunctionCall& call) {
  const Value& x = call.arg(0);
  if (x.is(ValueKind::kNumber)) return x;
  if (!x.is(ValueKind::kString)) {
    call.TypeError(0, "a string");
    return std::nullopt;
  }
  const std::string& s = x.str();
  double n = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size() || !std::isfinite(n)) {
    call.Error(0, fmt::format("`tonumber` cannot read {} as a number", x.ToSource()));
    return std::nullopt;
  }
  if (n == std::floor(n) && std::fabs(n) > 9007199254740992.0) {
    call.Error(0,
               fmt::format("`tonumber`: {} is too large: integers must fit in 2^53", x.ToSource()));
    return std::nullopt;
  }
  return Value::Number(n);
}

std::optional<Value> JsonEncode(FunctionCall& call) {
  std::string error;
  std::optional<std::string> json = JsonText(call.arg(0), error);
  if (!json) {
    call.Error(0, "`jsonencode` cannot encode this value: " + error);
    return std::nullopt;
  }
  return Value::String(std::move(*json));
}

const FunctionSpec kConversionFunctions[] = {
    {"tostring", 1, 1, "tostring(x)", "the text of a string, number, bool or unit value",
     Reads::kDeep, ToString},
    {"tonumber", 1, 1, "tonumber(s)", "the number a string holds", Reads::kDeep, ToNumber},
    // References encode as "(known after apply)" rather than making the whole text unknown.
    {"jsonencode", 1, 1, "jsonencode(x)", "the value as compact JSON", Reads::kDeepHandlesRefs,
     JsonEncode},
};

}  // namespace

std::span<const FunctionSpec> ConversionFunctions() { return kConversionFunctions; }

}  // namespace berth::eval
