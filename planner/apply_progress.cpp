#include "planner/apply_progress.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace berth::planner {

namespace {

const char* Doing(Action action) {
  switch (action) {
    case Action::kCreate:
      return "creating...";
    case Action::kUpdate:
      return "updating...";
    case Action::kReplace:
      return "replacing...";
    case Action::kDelete:
      return "destroying...";
    case Action::kNoOp:
      return "unchanged";
  }
  return "";
}

const char* Done(Action action) {
  switch (action) {
    case Action::kCreate:
      return "created";
    case Action::kUpdate:
      return "updated";
    case Action::kReplace:
      return "replaced";
    case Action::kDelete:
      return "destroyed";
    case Action::kNoOp:
      return "unchanged";
  }
  return "";
}

// Every string inside a sensitive value (or a sensitive value's own text).
void CollectSensitive(const Value& value, bool inherited, std::vector<std::string>& out) {
  bool sensitive = inherited || value.sensitive();
  switch (value.kind()) {
    case ValueKind::kString:
    case ValueKind::kSecret:
    case ValueKind::kSymbol:
      if (sensitive && !value.str().empty()) out.push_back(value.str());
      break;
    case ValueKind::kList:
      for (const Value& item : value.list()) CollectSensitive(item, sensitive, out);
      break;
    case ValueKind::kTemplate:
      for (const Value& part : value.parts()) CollectSensitive(part, sensitive, out);
      break;
    case ValueKind::kMap:
      for (const auto& [key, item] : value.map()) CollectSensitive(item, sensitive, out);
      break;
    default:
      if (sensitive && value.is_numeric()) out.push_back(value.ToSource(/*reveal=*/true));
      break;
  }
}

}  // namespace

std::string FormatElapsed(std::chrono::steady_clock::duration elapsed) {
  double seconds = std::chrono::duration<double>(elapsed).count();
  if (seconds < 60) return fmt::format("{:.1f}s", seconds);
  long whole = std::lround(seconds);
  return fmt::format("{}m{}s", whole / 60, whole % 60);
}

std::string MaskSensitive(const ResourceChange& change, std::string message) {
  std::vector<std::string> secrets;
  CollectSensitive(change.before, false, secrets);
  CollectSensitive(change.after, false, secrets);
  // Longest first, so a secret that contains another is masked whole.
  std::sort(secrets.begin(), secrets.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  const std::string mask = "(sensitive value)";
  for (const std::string& secret : secrets) {
    for (size_t at = message.find(secret); at != std::string::npos;
         at = message.find(secret, at + mask.size())) {
      message.replace(at, secret.size(), mask);
    }
  }
  return message;
}

std::string StartLine(const ResourceChange& change) {
  return fmt::format("{}: {}", change.address, Doing(change.action));
}

std::string DoneLine(const ResourceChange& change, std::chrono::steady_clock::duration elapsed) {
  return fmt::format("{}: {} after {}", change.address, Done(change.action),
                     FormatElapsed(elapsed));
}

std::string FailedLine(const ResourceChange& change, std::chrono::steady_clock::duration elapsed,
                       const std::string& message) {
  return fmt::format("{}: failed after {}: {}", change.address, FormatElapsed(elapsed),
                     MaskSensitive(change, message));
}

}  // namespace berth::planner
