#include "planner/apply_summary.h"

#include <fmt/format.h>

namespace berth::planner {

std::string SummaryLine(const ActionCounts& counts, const ApplyResult& result) {
  auto count = [&](Action action) {
    auto it = counts.find(action);
    return it == counts.end() ? 0 : it->second;
  };
  std::string done =
      fmt::format("{} added, {} changed, {} replaced, {} destroyed", count(Action::kCreate),
                  count(Action::kUpdate), count(Action::kReplace), count(Action::kDelete));
  if (result.ok()) return "Apply complete: " + done + ".";
  return fmt::format("Apply {}: {}; {} failed, {} not started.",
                     result.failed > 0 ? "failed" : "interrupted", done, result.failed,
                     result.not_started);
}

}  // namespace berth::planner
