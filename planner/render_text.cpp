// The plan as text for terminals, shaped like Terraform's so its readers feel at home.
#include <fmt/format.h>

#include "planner/change_lines.h"
#include "planner/plan.h"

namespace berth::planner {

namespace {

struct Style {
  bool color;
  std::string Paint(const char* code, const std::string& text) const {
    return color ? fmt::format("\033[{}m{}\033[0m", code, text) : text;
  }
};

const char* ColorOf(char symbol) {
  switch (symbol) {
    case '+':
      return "32";
    case '~':
      return "33";
    case '-':
      return "31";
  }
  return "0";
}

const char* ColorOf(Action a) {
  switch (a) {
    case Action::kCreate:
      return "32";
    case Action::kUpdate:
      return "33";
    case Action::kReplace:
      return "35";
    case Action::kDelete:
      return "31";
    case Action::kNoOp:
      return "0";
  }
  return "0";
}

std::string Headline(const ResourceChange& c) {
  switch (c.action) {
    case Action::kCreate:
      return fmt::format("# {} will be created", c.address);
    case Action::kUpdate:
      return fmt::format("# {} will be updated in place", c.address);
    case Action::kReplace:
      return fmt::format("# {} must be replaced", c.address);
    case Action::kDelete:
      return fmt::format("# {} will be destroyed", c.address);
    case Action::kNoOp:
      return "";
  }
  return "";
}

}  // namespace

void RenderText(const Plan& plan, const RenderOptions& options, std::ostream& out) {
  Style style{options.color};
  if (!plan.HasChanges()) {
    out << "No changes. The live infrastructure matches the configuration.\n";
    return;
  }
  out << "berth will perform the following actions:\n";
  for (const ResourceChange& c : plan.changes) {
    if (c.action == Action::kNoOp) continue;
    out << "\n  " << style.Paint("1", Headline(c)) << "\n";
    out << fmt::format("  {} {} {{\n", style.Paint(ColorOf(c.action), ActionSymbol(c.action)), c.address);
    for (const ChangeLine& line : DescribeChange(c, 8)) {
      std::string symbol(1, line.symbol);
      out << fmt::format("      {} {}{}\n", style.Paint(ColorOf(line.symbol), symbol), line.text,
                         line.forces_replacement ? style.Paint("31", " # forces replacement") : "");
    }
    out << "    }\n";
  }
  out << "\n" << SummaryLine(plan) << "\n";
}

}  // namespace berth::planner
