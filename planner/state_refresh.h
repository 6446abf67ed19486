// `berth refresh`: the state brought up to what is live (Terraform's `apply -refresh-only`).
// Each resource the state records takes the attributes its backend read live; one that is gone
// leaves the state; what is live but not in the state stays out (the next plan handles it). The
// drift, state -> live, is returned as a plan for the renderers.
//
// Sensitive values never reach the file in plain text: where the state, the stack or the schema
// holds a sensitive value, the live value at the same place is marked sensitive, so SaveState
// writes its keyed hash, which equals the old one when the value did not change.
#pragma once

#include <vector>

#include "compiler/ir/ir.h"
#include "planner/plan.h"
#include "planner/state.h"

namespace berth::state {

struct RefreshResult {
  // kUpdate (before = the state's attributes, after = the live ones) or kDelete (gone live),
  // sorted by address; no creates.
  planner::Plan drift;
  int unchanged = 0;
};

// Updates `state` in place from `live` (what the backend read); `desired` is the stack, for the
// sensitivity of values the state does not hold yet. The state keeps every resource's computed
// values and dependencies.
RefreshResult Refresh(State& state, std::vector<planner::LiveResource> live,
                      const ir::Program& desired);

// Marks sensitive each value of `live` whose counterpart in `like` (same map key; the same
// label in a list of labeled blocks, else the same index) is sensitive.
void MarkSensitiveLike(Value& live, const Value& like);

// The drift as text: "Objects changed outside of berth" with one block per resource, or that
// nothing changed.
void RenderDrift(const planner::Plan& drift, bool color, std::ostream& out);

}  // namespace berth::state
