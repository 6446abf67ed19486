// The plan as Markdown for a pull-request comment. GitHub refuses comments over 65,536
// characters, so the rendering stops adding resources before the limit and says how many it cut;
// the counts and the caution about destroyed or replaced resources always come first.
#include <fmt/format.h>

#include <algorithm>
#include <sstream>

#include "planner/change_lines.h"
#include "planner/plan.h"

namespace berth::planner {

namespace {

// Resources the caution names; beyond it, "and N more" (a caution of 10,000 lines helps no one).
constexpr size_t kCautionNames = 50;

const char* Verb(Action a) {
  switch (a) {
    case Action::kCreate:
      return "will be created";
    case Action::kUpdate:
      return "will be updated in place";
    case Action::kReplace:
      return "must be replaced";
    case Action::kDelete:
      return "will be destroyed";
    case Action::kNoOp:
      return "";
  }
  return "";
}

// A fence longer than any run of backticks in the body, so no value can close the block early.
std::string Fence(const std::string& body) {
  size_t longest = 0, run = 0;
  for (char c : body) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return std::string(std::max<size_t>(3, longest + 1), '`');
}

std::string Caution(const Plan& plan) {
  std::vector<const ResourceChange*> loud;
  for (const ResourceChange& c : plan.changes) {
    if (c.action == Action::kDelete || c.action == Action::kReplace) loud.push_back(&c);
  }
  if (loud.empty()) return "";
  std::string out =
      fmt::format("> [!CAUTION]\n> This plan **destroys or replaces {} resource{}**:\n>\n",
                  loud.size(), loud.size() == 1 ? "" : "s");
  for (size_t i = 0; i < loud.size() && i < kCautionNames; ++i) {
    const ResourceChange& c = *loud[i];
    if (c.action == Action::kDelete) {
      out += fmt::format("> - `{}` is destroyed\n", c.address);
    } else {
      std::string reasons;
      for (const std::string& r : c.replace_reasons) reasons += (reasons.empty() ? "" : "; ") + r;
      out += fmt::format("> - `{}` is replaced ({})\n", c.address, reasons);
    }
  }
  if (loud.size() > kCautionNames) {
    out += fmt::format("> - and {} more\n", loud.size() - kCautionNames);
  }
  return out + "\n";
}

// A ```diff block: `+` and `-` lines are coloured by GitHub; an update shows as the old value
// removed and the new one added.
std::string Details(const ResourceChange& c) {
  std::string body;
  for (const ChangeLine& line : DescribeChange(c, 2)) {
    std::string note = line.forces_replacement ? "  # forces replacement" : "";
    if (line.symbol == '~') {
      body += fmt::format("- {} = {}\n", line.path, line.before);
      body += fmt::format("+ {} = {}{}\n", line.path, line.after, note);
    } else {
      body += fmt::format("{} {}{}\n", line.symbol, line.text, note);
    }
  }
  std::string fence = Fence(body);
  return fmt::format(
      "<details><summary><code>{} {}</code> {}</summary>\n\n{}diff\n{}{}\n\n</details>\n\n",
      ActionSymbol(c.action), c.address, Verb(c.action), fence, body, fence);
}

}  // namespace

void RenderMarkdown(const Plan& plan, std::ostream& out, size_t limit) {
  std::string head = "### berth plan\n\n";
  if (!plan.HasChanges()) {
    out << head << "**No changes.** The live infrastructure matches the configuration.\n";
    return;
  }
  head += fmt::format(
      "| add | change | replace | destroy |\n|---:|---:|---:|---:|\n| {} | {} | {} | {} |\n\n",
      plan.Count(Action::kCreate), plan.Count(Action::kUpdate), plan.Count(Action::kReplace),
      plan.Count(Action::kDelete));
  head += Caution(plan);
  std::string body;
  size_t total = 0, cut = 0;
  // Room kept for the note and the summary line, so they fit whatever was cut.
  const size_t reserve = 400;
  for (const ResourceChange& c : plan.changes) {
    if (c.action == Action::kNoOp) continue;
    ++total;
    if (cut > 0) {
      ++cut;
      continue;
    }
    std::string details = Details(c);
    if (head.size() + body.size() + details.size() + reserve > limit) {
      ++cut;
      continue;
    }
    body += details;
  }
  std::string tail;
  if (cut > 0) {
    tail = fmt::format(
        "> [!NOTE]\n> {} of {} changed resources were cut to keep this comment under {} "
        "characters. Run `berth plan` to see the full plan.\n\n",
        cut, total, limit);
  }
  tail += "**" + SummaryLine(plan) + "**\n";
  out << head << body << tail;
}

}  // namespace berth::planner
