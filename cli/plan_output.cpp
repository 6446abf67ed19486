#include "cli/plan_output.h"

#include <cstdlib>

namespace berth::cli {

std::optional<PlanFormat> ParsePlanFormat(const char* command, const ParsedArgs& args,
                                          CommandIo& io) {
  std::string name = args.Get("format", "text");
  if (name == "text") return PlanFormat::kText;
  if (name == "json") return PlanFormat::kJson;
  if (name == "markdown") return PlanFormat::kMarkdown;
  io.err << "berth " << command << ": --format takes text, json or markdown, not \"" << name
         << "\"\n";
  return std::nullopt;
}

void RenderPlan(PlanFormat format, const planner::Plan& plan, const ParsedArgs& args,
                CommandIo& io) {
  switch (format) {
    case PlanFormat::kJson:
      planner::RenderJson(plan, io.out);
      return;
    case PlanFormat::kMarkdown:
      planner::RenderMarkdown(plan, io.out);
      return;
    case PlanFormat::kText:
      break;
  }
  planner::RenderOptions render;
  render.color =
      io.out_is_terminal && std::getenv("NO_COLOR") == nullptr && args.Get("no-color") != "true";
  planner::RenderText(plan, render, io.out);
}

}  // namespace berth::cli
