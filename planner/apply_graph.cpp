#include "planner/apply_graph.h"

#include <map>
#include <string>
#include <vector>

namespace berth::planner {

ApplyGraph BuildApplyGraph(const Plan& plan, const state::State& state) {
  const std::vector<ResourceChange>& changes = plan.changes;
  ApplyGraph graph;
  graph.waits_for.assign(changes.size(), 0);
  graph.unblocks.resize(changes.size());
  std::map<std::string, size_t> index_of;
  for (size_t i = 0; i < changes.size(); ++i) {
    if (changes[i].action == Action::kNoOp) continue;
    graph.actions.push_back(i);
    index_of[changes[i].address] = i;
  }
  auto add_edge = [&](size_t first, size_t then) {
    if (first == then) return;
    graph.unblocks[first].push_back(then);
    ++graph.waits_for[then];
  };
  for (size_t i : graph.actions) {
    const ResourceChange& change = changes[i];
    if (change.action == Action::kDelete) continue;
    for (const std::string& dependency : change.depends_on) {
      auto it = index_of.find(dependency);
      // A dependency being deleted is not one: the desired side no longer declares it.
      if (it != index_of.end() && changes[it->second].action != Action::kDelete) {
        add_edge(it->second, i);
      }
    }
  }
  // Who depended on each resource at the last apply: deletes of those dependents come first, and
  // so do updates that move a dependent off the resource being deleted.
  for (size_t i : graph.actions) {
    const ResourceChange& change = changes[i];
    std::vector<std::string> live_edges = change.depends_on;
    if (change.action != Action::kDelete) {
      const state::Resource* recorded = state.Find(change.address);
      live_edges = recorded ? recorded->depends_on : std::vector<std::string>{};
    }
    for (const std::string& dependency : live_edges) {
      auto it = index_of.find(dependency);
      if (it != index_of.end() && changes[it->second].action == Action::kDelete) {
        add_edge(i, it->second);
      }
    }
  }
  return graph;
}

void AddOrderingEdges(ApplyGraph& graph, const Plan& plan,
                      const std::map<std::string, std::vector<std::string>>& edges) {
  std::map<std::string, size_t> index;
  for (size_t i : graph.actions) {
    if (plan.changes[i].action != Action::kDelete) index[plan.changes[i].address] = i;
  }
  // True when `to` waits, directly or not, for `from`.
  auto reaches = [&](size_t from, size_t to) {
    std::vector<bool> seen(plan.changes.size(), false);
    std::vector<size_t> stack = {from};
    while (!stack.empty()) {
      size_t at = stack.back();
      stack.pop_back();
      if (at == to) return true;
      if (seen[at]) continue;
      seen[at] = true;
      for (size_t next : graph.unblocks[at]) stack.push_back(next);
    }
    return false;
  };
  for (const auto& [address, firsts] : edges) {
    auto then = index.find(address);
    if (then == index.end()) continue;
    for (const std::string& first : firsts) {
      auto before = index.find(first);
      if (before == index.end() || before->second == then->second ||
          reaches(then->second, before->second))
        continue;
      graph.unblocks[before->second].push_back(then->second);
      ++graph.waits_for[then->second];
    }
  }
}

}  // namespace berth::planner
