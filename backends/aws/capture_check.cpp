#include "backends/aws/capture_check.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace berth::aws {

namespace {

void Collect(const Json& value, std::vector<std::string>& names) {
  if (value.is_string()) {
    const std::string& text = value.get_ref<const std::string&>();
    for (size_t at = text.find(kPlaceholderOpen); at != std::string::npos;
         at = text.find(kPlaceholderOpen, at)) {
      size_t end = text.find(kPlaceholderClose, at);
      if (end == std::string::npos) break;
      std::string name =
          text.substr(at + kPlaceholderOpen.size(), end - at - kPlaceholderOpen.size());
      if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
      at = end + kPlaceholderClose.size();
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

bool IsSensitivePlaceholder(std::string_view name) { return name.starts_with("sensitive."); }

namespace {

// Calls `report(index, name)` for every placeholder a call uses before any call captured it.
template <typename Report>
void ForEachUncaptured(const std::vector<AwsCall>& calls, Report report) {
  std::set<std::string> captured;
  for (size_t i = 0; i < calls.size(); ++i) {
    for (const std::string& name : PlaceholdersIn(calls[i].body)) {
      if (!IsSensitivePlaceholder(name) && !captured.count(name)) report(i, name);
    }
    for (const Capture& capture : calls[i].captures) captured.insert(capture.name);
  }
}

}  // namespace

std::vector<std::string> UncapturedPlaceholderNames(const std::vector<AwsCall>& calls) {
  std::vector<std::string> names;
  ForEachUncaptured(calls, [&](size_t, const std::string& name) {
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  });
  return names;
}

std::vector<std::string> UncapturedPlaceholders(const std::vector<AwsCall>& calls) {
  std::vector<std::string> problems;
  ForEachUncaptured(calls, [&](size_t i, const std::string& name) {
    const AwsCall& call = calls[i];
    problems.push_back(
        fmt::format("call {} ({} {}, {}): {{{{berth:{}}}}} is not captured by an earlier call",
                    i + 1, call.service, call.operation, call.address, name));
  });
  return problems;
}

}  // namespace berth::aws
