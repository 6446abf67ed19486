#include "cli/wait_timeout.h"

#include <charconv>

namespace berth::cli {

std::optional<double> ParseWaitTimeout(const std::string& text) {
  double number = 0;
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  auto [rest, ec] = std::from_chars(begin, end, number);
  if (ec != std::errc() || rest == begin || number <= 0) return std::nullopt;
  std::string unit(rest, end);
  if (unit == "ms") return number;
  if (unit.empty() || unit == "s") return number * 1000;
  if (unit == "m") return number * 60 * 1000;
  if (unit == "h") return number * 3600 * 1000;
  return std::nullopt;
}

}  // namespace berth::cli
