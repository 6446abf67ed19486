// The order constraints of apply, as a graph over the plan's actions: which actions must finish
// before each one may start. Kept apart from the scheduler so the rules can be read (and tested)
// on their own.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "planner/plan.h"
#include "planner/state.h"

namespace berth::planner {

struct ApplyGraph {
  // Indexes into plan.changes of the actions to carry out (no-ops left out), in plan order.
  std::vector<size_t> actions;
  // waits_for[i]: how many actions must finish before plan.changes[i] may start.
  std::vector<int> waits_for;
  // unblocks[i]: the actions waiting for plan.changes[i].
  std::vector<std::vector<size_t>> unblocks;
};

// Creates, updates and replacements wait for the actions on what they depend on (desired
// edges). A delete waits for every action on a resource that depended on it when it was last
// applied (the state's edges): dependents are deleted, or moved off it, first. No-ops are done
// already and constrain nothing.
ApplyGraph BuildApplyGraph(const Plan& plan, const state::State& state);

// Orderings a backend's platform needs that the IR does not express (address -> the addresses
// whose actions must finish first: an ECS service after what forwards to its target groups),
// added between actions that create, update or replace. An edge to or from an address the plan
// does not act on, or one that would close a cycle, is left out.
void AddOrderingEdges(ApplyGraph& graph, const Plan& plan,
                      const std::map<std::string, std::vector<std::string>>& edges);

}  // namespace berth::planner
