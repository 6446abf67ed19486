#include "planner/change_lines.h"

#include <fmt/format.h>

#include <algorithm>

#include "planner/attribute_path.h"
#include "planner/carry_replacements.h"
#include "planner/render_value.h"

namespace berth::planner {

namespace {

std::vector<ChangeLine> WholeResource(const Value& shown, char symbol, int indent) {
  std::vector<ChangeLine> lines;
  if (!shown.is(ValueKind::kMap)) return lines;
  size_t width = 0;
  for (const auto& [k, v] : shown.map()) width = std::max(width, AppendKey("", k).size());
  for (const auto& [k, v] : shown.map()) {
    lines.push_back(
        {symbol, fmt::format("{:<{}} = {}", AppendKey("", k), width, RenderValue(v, indent)),
         false, "", "", ""});
  }
  return lines;
}

}  // namespace

std::vector<ChangeLine> DescribeChange(const ResourceChange& c, int indent) {
  switch (c.action) {
    case Action::kCreate:
      return WholeResource(c.after, '+', indent);
    case Action::kDelete:
      return WholeResource(c.before, '-', indent);
    case Action::kNoOp:
      return {};
    case Action::kUpdate:
    case Action::kReplace:
      break;
  }
  std::vector<ChangeLine> lines;
  size_t width = 0;
  for (const AttributeChange& a : c.changes) width = std::max(width, a.path.size());
  for (const AttributeChange& a : c.changes) {
    if (a.before.is_null()) {
      lines.push_back({'+', fmt::format("{:<{}} = {}", a.path, width, RenderValue(a.after, indent)),
                       a.forces_replacement, "", "", ""});
    } else if (a.after.is_null()) {
      lines.push_back({'-',
                       fmt::format("{:<{}} = {}", a.path, width, RenderValue(a.before, indent)),
                       a.forces_replacement, "", "", ""});
    } else if (a.before == a.after) {
      // The same reference, to a resource this plan replaces (carry_replacements.h).
      std::string before = a.before.ToSource();
      std::string after = CarriedText(a.after);
      lines.push_back({'~', fmt::format("{:<{}} = {} -> {}", a.path, width, before, after),
                       a.forces_replacement, a.path, before, after});
    } else {
      std::string before = RenderValue(a.before, indent);
      std::string after = RenderValue(a.after, indent);
      lines.push_back({'~', fmt::format("{:<{}} = {} -> {}", a.path, width, before, after),
                       a.forces_replacement, a.path, before, after});
    }
  }
  return lines;
}

}  // namespace berth::planner
