// FilterLogEvents' filterPattern, in its term form (CloudWatch Logs user guide, "Filter pattern
// syntax for metric filters, subscription filters, filter log events, and Live Tail"): terms
// separated by spaces must all occur in the message, case-sensitively; a quoted "term" may hold
// spaces; ?term makes the terms alternatives (any one of the ?terms); -term must not occur. JSON
// ({ $.x = ... }) and space-delimited ([a, b]) patterns are not supported.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace berth::controlplane::logs {

class FilterPattern {
 public:
  // nullopt with `error` for a pattern berth cannot evaluate.
  static std::optional<FilterPattern> Parse(const std::string& text, std::string& error);
  bool Matches(const std::string& message) const;

 private:
  std::vector<std::string> all_, any_, none_;
};

}  // namespace berth::controlplane::logs
