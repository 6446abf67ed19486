#include "compiler/eval/render.h"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace berth::eval {

std::string NumberText(double n) {
  if (std::isfinite(n) && n == std::floor(n) && std::fabs(n) <= kMaxExactInteger) {
    return fmt::format("{}", static_cast<int64_t>(n));
  }
  return fmt::format("{}", n);
}

std::optional<std::string> InterpolationText(const Value& value) {
  switch (value.kind()) {
    case ValueKind::kString:
    case ValueKind::kSymbol:
      return value.str();
    case ValueKind::kNumber:
    case ValueKind::kCpu:
      return NumberText(value.number());
    case ValueKind::kBool:
      return value.as_bool() ? "true" : "false";
    case ValueKind::kDuration:
      return FormatDuration(value.number());
    case ValueKind::kSize:
      return FormatSize(value.number());
    case ValueKind::kPercent:
      return NumberText(value.number()) + "%";
    default:
      return std::nullopt;
  }
}

namespace {

// Throws std::invalid_argument for values JSON cannot hold; JsonText turns it into an error.
nlohmann::json ToJson(const Value& value) {
  switch (value.kind()) {
    case ValueKind::kNull:
      return nullptr;
    case ValueKind::kBool:
      return value.as_bool();
    case ValueKind::kNumber:
    case ValueKind::kCpu: {
      double n = value.number();
      if (n == std::floor(n) && std::fabs(n) <= kMaxExactInteger) return static_cast<int64_t>(n);
      return n;
    }
    case ValueKind::kString:
    case ValueKind::kSymbol:
    case ValueKind::kDuration:
    case ValueKind::kSize:
    case ValueKind::kPercent:
      return *InterpolationText(value);
    case ValueKind::kRef:
    case ValueKind::kTemplate:
      return "(known after apply)";
    case ValueKind::kSecret:
      throw std::invalid_argument("a secret is injected at run time and has no JSON form");
    case ValueKind::kList: {
      nlohmann::json array = nlohmann::json::array();
      for (const Value& item : value.list()) array.push_back(ToJson(item));
      return array;
    }
    case ValueKind::kMap: {
      nlohmann::json object = nlohmann::json::object();
      for (const auto& [key, item] : value.map()) object[key] = ToJson(item);
      return object;
    }
  }
  return nullptr;
}

}  // namespace

std::optional<std::string> JsonText(const Value& value, std::string& error) {
  try {
    return ToJson(value).dump();
  } catch (const std::invalid_argument& e) {
    error = e.what();
  } catch (const nlohmann::json::exception&) {
    // Strings are validated UTF-8 when read; this only guards against a bug elsewhere.
    error = "the value holds text that is not valid UTF-8";
  }
  return std::nullopt;
}

}  // namespace berth::eval
