// The Mermaid diagram of a PR comment: changed resources coloured by action, with the resources
// they depend on and those that depend on them, so a reviewer sees what a change can ripple into.
#include <fmt/format.h>

#include <map>
#include <set>

#include "compiler/graph/writers.h"
#include "review/comment.h"

namespace berth::review {

namespace {

const char* ClassOf(planner::Action action) {
  switch (action) {
    case planner::Action::kCreate:
      return "create";
    case planner::Action::kUpdate:
      return "update";
    case planner::Action::kReplace:
      return "replace";
    case planner::Action::kDelete:
      return "destroy";
    case planner::Action::kNoOp:
      return "";
  }
  return "";
}

}  // namespace

std::string ChangeDiagram(const planner::Plan& plan, const ir::Program* head, size_t max_nodes) {
  std::map<std::string, planner::Action> changed;
  std::set<std::pair<std::string, std::string>> edges;  // (dependent, dependency)
  for (const planner::ResourceChange& c : plan.changes) {
    if (c.action == planner::Action::kNoOp) continue;
    changed[c.address] = c.action;
    for (const std::string& dep : c.depends_on) edges.insert({c.address, dep});
  }
  if (changed.empty()) return "";
  if (head) {
    for (const ir::Resource& r : head->resources) {
      for (const std::string& dep : r.depends_on) {
        if (changed.count(dep)) edges.insert({r.address, dep});
      }
    }
  }
  // Changed resources first, so a cut drops context before it drops changes.
  std::vector<std::string> nodes;
  for (const auto& [address, action] : changed) nodes.push_back(address);
  std::set<std::string> neighbours;
  for (const auto& [from, to] : edges) {
    if (!changed.count(from)) neighbours.insert(from);
    if (!changed.count(to)) neighbours.insert(to);
  }
  nodes.insert(nodes.end(), neighbours.begin(), neighbours.end());
  size_t cut = nodes.size() > max_nodes ? nodes.size() - max_nodes : 0;
  if (cut) nodes.resize(max_nodes);
  std::map<std::string, std::string> ids;
  for (const std::string& n : nodes) ids[n] = "n" + std::to_string(ids.size());

  std::string out = "```mermaid\nflowchart LR\n";
  for (const std::string& n : nodes) {
    auto action = changed.find(n);
    std::string label =
        action == changed.end() ? n : std::string(planner::ActionSymbol(action->second)) + " " + n;
    out += fmt::format("  {}[{}]", ids[n], graph_internal::MermaidLabel(label));
    if (action != changed.end()) out += std::string(":::") + ClassOf(action->second);
    out += "\n";
  }
  for (const auto& [from, to] : edges) {
    if (ids.count(from) && ids.count(to)) out += fmt::format("  {} --> {}\n", ids[from], ids[to]);
  }
  out +=
      "  classDef create fill:#dafbe1,stroke:#1a7f37\n"
      "  classDef update fill:#fff8c5,stroke:#9a6700\n"
      "  classDef replace fill:#ffe7d1,stroke:#bc4c00\n"
      "  classDef destroy fill:#ffebe9,stroke:#cf222e\n"
      "```\n";
  if (cut) {
    out += fmt::format("\n_{} more resources are left out of the diagram._\n", cut);
  }
  return out;
}

}  // namespace berth::review
