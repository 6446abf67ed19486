#include "review/report.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <sstream>

namespace berth::review {

namespace {

using Json = nlohmann::ordered_json;

// The JSON the planner's renderer writes, as a value to embed.
Json PlanJson(const planner::Plan& plan) {
  std::ostringstream out;
  planner::RenderJson(plan, out);
  return Json::parse(out.str());
}

Json DiagnosticsJson(const CompiledStack& compiled) {
  std::ostringstream out;
  RenderDiagnosticsJson(compiled.diags, *compiled.sources, out);
  Json list = Json::array();
  std::istringstream lines(out.str());
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty()) list.push_back(Json::parse(line));
  }
  return list;
}

}  // namespace

void RenderReviewText(const ReviewResult& result, bool color, std::ostream& out) {
  out << fmt::format("berth review {}..{}: {} changed file{}, {} affected stack{}\n",
                     result.base_commit.substr(0, 7), result.head_commit.substr(0, 7),
                     result.changed_paths.size(), result.changed_paths.size() == 1 ? "" : "s",
                     result.stacks.size(), result.stacks.size() == 1 ? "" : "s");
  planner::RenderOptions options;
  options.color = color;
  for (const StackReview& s : result.stacks) {
    out << fmt::format("\n== {} ({}) ==\n", s.path, StackStatusName(s.status));
    if (s.status == StackStatus::kBroken) {
      out << "The stack does not compile at head:\n";
      RenderDiagnosticsText(s.head.diags, *s.head.sources, out);
      continue;
    }
    if (s.base_broken) out << "(the stack does not compile at base: shown against nothing)\n";
    out << "\nChanges to the desired state (base against head):\n\n";
    if (s.desired.HasChanges()) {
      planner::RenderText(s.desired, options, out);
    } else {
      out << "No changes: the change touches the stack's files but not what they declare.\n";
    }
    if (s.live) {
      out << "\nPlan against live:\n\n";
      planner::RenderText(*s.live, options, out);
    } else if (!s.live_error.empty()) {
      out << "\nPlan against live: unavailable: " << s.live_error << "\n";
    }
    if (!s.lint.findings.empty() || s.lint.problems.HasErrors()) {
      out << "\n";
      lint::RenderText(s.lint, *s.head.sources, out);
      out << "lint: " << lint::SummaryLine(s.lint) << "\n";
    }
  }
}

void RenderReviewJson(const ReviewResult& result, std::ostream& out) {
  Json stacks = Json::array();
  for (const StackReview& s : result.stacks) {
    Json j = {{"path", s.path}, {"name", s.name}, {"status", StackStatusName(s.status)}};
    j["base_compiles"] = !s.base_broken;
    j["diagnostics"] = DiagnosticsJson(s.head);
    j["changed_files"] = s.changed_files;
    if (s.status == StackStatus::kBroken) {
      j["desired"] = nullptr;
      j["lint"] = nullptr;
    } else {
      j["desired"] = PlanJson(s.desired);
      std::ostringstream lint_json;
      lint::RenderJson(s.lint, *s.head.sources, lint_json);
      j["lint"] = Json::parse(lint_json.str());
    }
    j["live"] = s.live ? PlanJson(*s.live) : Json(nullptr);
    if (!s.live_error.empty()) j["live_error"] = s.live_error;
    stacks.push_back(std::move(j));
  }
  Json doc = {{"format_version", 1},
              {"base", result.base_commit},
              {"head", result.head_commit},
              {"changed_paths", result.changed_paths},
              {"stacks", std::move(stacks)}};
  out << doc.dump(2) << "\n";
}

}  // namespace berth::review
