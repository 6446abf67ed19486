// The apply phase: carries out a plan through a backend, walking the dependency graph with
// bounded parallelism and saving the state after every completed action.
#pragma once

#include <atomic>
#include <ostream>
#include <string>

#include "backends/backend.h"
#include "planner/plan.h"
#include "planner/state.h"

namespace berth::planner {

struct ApplyOptions {
  int parallelism = 10;
  std::string state_path;                          // saved after every completed action
  std::ostream* progress = nullptr;                // one line per action start and finish
  const std::atomic<bool>* interrupted = nullptr;  // set by SIGINT: start nothing new
};

struct ApplyResult {
  int succeeded = 0;
  int failed = 0;
  int not_started = 0;
  bool interrupted = false;
  std::vector<std::string> errors;  // "ADDRESS: what the backend said"
  bool ok() const { return failed == 0 && !interrupted && not_started == 0; }
};

ApplyResult Apply(const ApplyOptions& options, const Plan& plan, backends::Backend& backend,
                  state::State& state);

}  // namespace berth::planner
