#include "controlplane/logs/filter_pattern.h"

namespace berth::controlplane::logs {

std::optional<FilterPattern> FilterPattern::Parse(const std::string& text, std::string& error) {
  FilterPattern pattern;
  size_t at = 0;
  while (at < text.size()) {
    if (text[at] == ' ' || text[at] == '\t') {
      ++at;
      continue;
    }
    if (pattern.all_.empty() && pattern.any_.empty() && pattern.none_.empty() &&
        (text[at] == '{' || text[at] == '[')) {
      error =
          "berth serve evaluates term patterns only (words, \"quoted phrases\", ?alternatives, "
          "-exclusions), not JSON or space-delimited ones";
      return std::nullopt;
    }
    char kind = ' ';
    if (text[at] == '?' || text[at] == '-') kind = text[at++];
    std::string term;
    if (at < text.size() && text[at] == '"') {
      size_t end = text.find('"', at + 1);
      if (end == std::string::npos) {
        error = "Invalid filter pattern: unterminated quote";
        return std::nullopt;
      }
      term = text.substr(at + 1, end - at - 1);
      at = end + 1;
    } else {
      size_t end = text.find_first_of(" \t", at);
      if (end == std::string::npos) end = text.size();
      term = text.substr(at, end - at);
      at = end;
    }
    if (term.empty()) continue;
    (kind == '?' ? pattern.any_ : kind == '-' ? pattern.none_ : pattern.all_).push_back(term);
  }
  return pattern;
}

bool FilterPattern::Matches(const std::string& message) const {
  for (const std::string& term : all_) {
    if (message.find(term) == std::string::npos) return false;
  }
  for (const std::string& term : none_) {
    if (message.find(term) != std::string::npos) return false;
  }
  if (any_.empty()) return true;
  for (const std::string& term : any_) {
    if (message.find(term) != std::string::npos) return true;
  }
  return false;
}

}  // namespace berth::controlplane::logs
