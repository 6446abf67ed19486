// The small accessors of plan.h.
#include <fmt/format.h>

#include <algorithm>

#include "planner/plan.h"

namespace berth::planner {

const char* ActionName(Action action) {
  switch (action) {
    case Action::kNoOp:
      return "no-op";
    case Action::kCreate:
      return "create";
    case Action::kUpdate:
      return "update";
    case Action::kReplace:
      return "replace";
    case Action::kDelete:
      return "delete";
  }
  return "no-op";
}

const char* ActionSymbol(Action action) {
  switch (action) {
    case Action::kCreate:
      return "+";
    case Action::kUpdate:
      return "~";
    case Action::kReplace:
      return "-/+";
    case Action::kDelete:
      return "-";
    case Action::kNoOp:
      return " ";
  }
  return " ";
}

int Plan::Count(Action action) const {
  return static_cast<int>(std::count_if(
      changes.begin(), changes.end(), [&](const ResourceChange& c) { return c.action == action; }));
}

bool Plan::HasChanges() const {
  return std::any_of(changes.begin(), changes.end(),
                     [](const ResourceChange& c) { return c.action != Action::kNoOp; });
}

std::string SummaryLine(const Plan& plan) {
  return fmt::format("Plan: {} to add, {} to change, {} to replace, {} to destroy.",
                     plan.Count(Action::kCreate), plan.Count(Action::kUpdate),
                     plan.Count(Action::kReplace), plan.Count(Action::kDelete));
}

std::optional<IgnoredPath> ParseIgnoredPath(std::string_view text) {
  size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == text.size()) {
    return std::nullopt;
  }
  return IgnoredPath{std::string(text.substr(0, colon)), std::string(text.substr(colon + 1))};
}

}  // namespace berth::planner
