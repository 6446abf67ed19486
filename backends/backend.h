// The interface every backend implements (aws, docker, controlplane), and an in-memory fake for
// planner and apply tests. The planner and the apply engine know only this interface.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "planner/plan.h"
#include "planner/state.h"

namespace berth::backends {

struct ActionResult {
  bool ok = false;
  std::string error;  // what the backend said, for "ADDRESS: ERROR" messages
  Value computed;     // attributes known only after apply (arn...), a map; null when none
};

class Backend {
 public:
  virtual ~Backend() = default;
  virtual std::string name() const = 0;

  // What is live. Backends whose only record is the state file (aws without --live) return the
  // state's view; others read their engine. False with `error` when the engine can't be read.
  virtual bool ReadLive(const state::State& state, std::vector<planner::LiveResource>& live,
                        std::string& error) = 0;
  // ReadLive for a caller that needs the state's resources no more: a backend whose live view
  // is the state takes its attribute trees instead of copying them (70,000 trees at 10,000
  // services), leaving `state.resources` empty. The others read as ReadLive does.
  virtual bool TakeLive(state::State& state, std::vector<planner::LiveResource>& live,
                        std::string& error) {
    return ReadLive(state, live, error);
  }

  // Carries out one create, update, replace or delete. Called from several threads at once for
  // independent resources; implementations must be thread-safe.
  virtual ActionResult Apply(const planner::ResourceChange& change) = 0;

  // Called once before the first Apply of a run, with the whole plan and the state it was made
  // against, and once after the last one returned, with the state as the run left it (its
  // serial is the one this apply produced), even when the run stopped halfway. Finish returns
  // false with `report` saying what went wrong; on success `report` is a line for the user or
  // empty. Backends that work action by action need neither.
  virtual void Begin(const planner::Plan& plan, const state::State& state) {}
  virtual bool Finish(const state::State& state, std::string& report) { return true; }

  // Orderings the platform needs that the plan's dependency edges do not express, as address ->
  // the addresses whose creates and updates must finish first; asked after Begin (the aws-api
  // backend: an ECS service after what forwards to its target groups).
  virtual std::map<std::string, std::vector<std::string>> OrderingEdges() const { return {}; }

  // What a reader of `plan` should know about how this backend will carry it out, one line, or
  // "" (docker: the resources it records in the state without realising them locally).
  virtual std::string PlanNote(const planner::Plan& plan) const { return ""; }

  // What the last ReadLive cost, one line ("1329 AWS calls in 7.21 s (...)"), or "" for backends
  // that do not measure it: printed to stderr when BERTH_STATS is set (cli/read_stats.h).
  virtual std::string ReadStats() const { return ""; }
};

}  // namespace berth::backends
