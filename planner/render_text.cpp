// The plan as text for terminals, shaped like Terraform's so its readers feel at home.
#include <fmt/format.h>

#include <algorithm>

#include "planner/plan.h"

namespace berth::planner {

namespace {

struct Style {
  bool color;
  std::string Paint(const char* code, const std::string& text) const {
    return color ? fmt::format("\033[{}m{}\033[0m", code, text) : text;
  }
};

const char* Symbol(Action a) {
  switch (a) {
    case Action::kCreate: return "+";
    case Action::kUpdate: return "~";
    case Action::kReplace: return "-/+";
    case Action::kDelete: return "-";
    case Action::kNoOp: return " ";
  }
  return " ";
}

const char* ColorOf(Action a) {
  switch (a) {
    case Action::kCreate: return "32";
    case Action::kUpdate: return "33";
    case Action::kReplace: return "35";
    case Action::kDelete: return "31";
    case Action::kNoOp: return "0";
  }
  return "0";
}

// One value, multi-line for maps and lists of maps; `indent` is the current column.
std::string RenderValue(const Value& v, int indent) {
  if (v.sensitive()) return "(sensitive value)";
  if (v.is(ValueKind::kRef)) {
    return fmt::format("(known after apply: {})", v.ToSource());
  }
  std::string pad(indent + 4, ' ');
  if (v.is(ValueKind::kMap)) {
    if (v.map().empty()) return "{}";
    size_t width = 0;
    for (const auto& [k, item] : v.map()) width = std::max(width, k.size());
    std::string out = "{\n";
    for (const auto& [k, item] : v.map()) {
      out += fmt::format("{}{:<{}} = {}\n", pad, k, width, RenderValue(item, indent + 4));
    }
    return out + std::string(indent, ' ') + "}";
  }
  if (v.is(ValueKind::kList)) {
    bool nested = std::any_of(v.list().begin(), v.list().end(), [](const Value& i) {
      return i.is(ValueKind::kMap) || i.is(ValueKind::kList);
    });
    if (!nested) return v.ToSource();
    std::string out = "[\n";
    for (const Value& item : v.list()) out += pad + RenderValue(item, indent + 4) + ",\n";
    return out + std::string(indent, ' ') + "]";
  }
  return v.ToSource();
}

std::string Headline(const ResourceChange& c) {
  switch (c.action) {
    case Action::kCreate: return fmt::format("# {} will be created", c.address);
    case Action::kUpdate: return fmt::format("# {} will be updated in place", c.address);
    case Action::kReplace: return fmt::format("# {} must be replaced", c.address);
    case Action::kDelete: return fmt::format("# {} will be destroyed", c.address);
    case Action::kNoOp: return "";
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
    std::string symbol = style.Paint(ColorOf(c.action), Symbol(c.action));
    out << fmt::format("  {} {} {{\n", symbol, c.address);
    if (c.action == Action::kCreate || c.action == Action::kDelete) {
      const Value& shown = c.action == Action::kCreate ? c.after : c.before;
      if (shown.is(ValueKind::kMap)) {
        size_t width = 0;
        for (const auto& [k, v] : shown.map()) width = std::max(width, k.size());
        for (const auto& [k, v] : shown.map()) {
          out << fmt::format("      {} {:<{}} = {}\n", symbol, k, width, RenderValue(v, 8));
        }
      }
    } else {
      size_t width = 0;
      for (const AttributeChange& a : c.changes) width = std::max(width, a.path.size());
      for (const AttributeChange& a : c.changes) {
        std::string mark = style.Paint(ColorOf(Action::kUpdate), "~");
        out << fmt::format("      {} {:<{}} = {} -> {}{}\n", mark, a.path, width,
                           RenderValue(a.before, 8), RenderValue(a.after, 8),
                           a.forces_replacement ? style.Paint("31", " # forces replacement")
                                                : "");
      }
    }
    out << "    }\n";
  }
  out << fmt::format("\nPlan: {} to add, {} to change, {} to replace, {} to destroy.\n",
                     plan.Count(Action::kCreate), plan.Count(Action::kUpdate),
                     plan.Count(Action::kReplace), plan.Count(Action::kDelete));
}

}  // namespace berth::planner
