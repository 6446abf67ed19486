#include "backends/aws/capture_check.h"

#include <fmt/format.h>

#include <set>

namespace berth::aws {

namespace {

constexpr std::string_view kOpen = "{{berth:";
constexpr std::string_view kClose = "}}";

void Collect(const Json& value, std::vector<std::string>& names) {
  if (value.is_string()) {
    const std::string& text = value.get_ref<const std::string&>();
    for (size_t at = text.find(kOpen); at != std::string::npos; at = text.find(kOpen, at)) {
      size_t end = text.find(kClose, at);
      if (end == std::string::npos) break;
      names.push_back(text.substr(at + kOpen.size(), end - at - kOpen.size()));
      at = end + kClose.size();
    }
  } else if (value.is_structured()) {
    for (const Json& item : value) Collect(item, names);
  }
}

}  // namespace

std::vector<std::string> PlaceholdersIn(const Json& body) {
  std::vector<std::string> names;
  Collect(body, names);
  return names;
}

std::vector<std::string> UncapturedPlaceholders(const std::vector<AwsCall>& calls) {
  std::vector<std::string> problems;
  std::set<std::string> captured;
  for (size_t i = 0; i < calls.size(); ++i) {
    const AwsCall& call = calls[i];
    for (const std::string& name : PlaceholdersIn(call.body)) {
      if (name.starts_with("sensitive.") || captured.count(name)) continue;
      problems.push_back(
          fmt::format("call {} ({} {}, {}): {{{{berth:{}}}}} is not captured by an "
                      "earlier call",
                      i + 1, call.service, call.operation, call.address, name));
    }
    for (const Capture& capture : call.captures) captured.insert(capture.name);
  }
  return problems;
}

}  // namespace berth::aws
