// The interface every backend implements (aws, docker, controlplane), and an in-memory fake for
// planner and apply tests. The planner and the apply engine know only this interface.
#pragma once

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

  // Carries out one create, update, replace or delete. Called from several threads at once for
  // independent resources; implementations must be thread-safe.
  virtual ActionResult Apply(const planner::ResourceChange& change) = 0;
};

}  // namespace berth::backends
