#include "planner/apply_progress.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string_view>
#include <vector>

#include "planner/render_value.h"

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

bool IsWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

// Whether `text[at, at + size)` stands as a whole word: no letter, digit or underscore glued to
// it on either side (where the match itself begins or ends with one).
bool WholeWordAt(std::string_view text, size_t at, size_t size) {
  bool starts_word = IsWordChar(text[at]);
  bool ends_word = IsWordChar(text[at + size - 1]);
  if (starts_word && at > 0 && IsWordChar(text[at - 1])) return false;
  if (ends_word && at + size < text.size() && IsWordChar(text[at + size])) return false;
  return true;
}

}  // namespace

std::string FormatElapsed(std::chrono::steady_clock::duration elapsed) {
  double seconds = std::chrono::duration<double>(elapsed).count();
  if (seconds < 60) return fmt::format("{:.1f}s", seconds);
  long whole = std::lround(seconds);
  return fmt::format("{}m{}s", whole / 60, whole % 60);
}

std::string MaskEchoedSensitive(const ResourceChange& change, const std::string& message) {
  std::vector<std::string> secrets;
  CollectSensitive(change.before, false, secrets);
  CollectSensitive(change.after, false, secrets);
  std::sort(secrets.begin(), secrets.end());
  secrets.erase(std::unique(secrets.begin(), secrets.end()), secrets.end());
  // Marks which bytes of the message are a secret. Marking, not replacing, keeps every search
  // on the server's own text: a mask never becomes text a shorter secret is then found in.
  std::vector<bool> masked(message.size(), false);
  for (const std::string& secret : secrets) {
    bool whole_words_only = secret.size() < kShortSecret;
    for (size_t at = message.find(secret); at != std::string::npos;
         at = message.find(secret, at + 1)) {
      if (whole_words_only && !WholeWordAt(message, at, secret.size())) continue;
      // Overlapping secrets are masked as one stretch: their union.
      std::fill(masked.begin() + at, masked.begin() + at + secret.size(), true);
    }
  }
  std::string out;
  out.reserve(message.size());
  for (size_t i = 0; i < message.size(); ++i) {
    if (!masked[i]) {
      out += message[i];
    } else if (i == 0 || !masked[i - 1]) {
      out += kSensitiveText;
    }
  }
  return out;
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
                     MaskEchoedSensitive(change, message));
}

}  // namespace berth::planner
