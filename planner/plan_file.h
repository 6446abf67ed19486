// Saved plans (`berth plan --out PLANFILE`): the plan with its values exact, except sensitive
// values, which it holds as keyed hashes like the state (state_digest.h; `berth apply PLANFILE`
// takes them from the stack again and refuses a value that no longer hashes alike), the stack it
// was made from, the variables given (sensitive ones by name only) and the fingerprint of the
// state it was made against. `berth show` renders one; `berth apply
// PLANFILE` applies it exactly, or refuses it when the state moved (docs/plan-json.md).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "planner/plan.h"
#include "planner/state.h"

namespace berth::planner {

struct PlanFile {
  static constexpr int kFormatVersion = 1;
  Plan plan;
  std::string stack_path;  // as given on the command line
  std::string state_path;
  std::string state_fingerprint;  // state::Fingerprint of the state the plan was made against
  uint64_t state_serial = 0;
  std::string state_lineage;
  std::map<std::string, std::string> variables;  // --var name=value as given, but for...
  std::vector<std::string> sensitive_variables;  // ...sensitive ones: given again to apply
  std::vector<std::string> variable_files;       // --var-file as given
  // Not written: the state's key, which hashes the plan's sensitive values (state::State).
  std::string digest_key;
};

// The state's identity as a plan file records it.
void RecordState(const state::State& state, PlanFile& file);

std::string EncodePlanFile(const PlanFile& file);
bool DecodePlanFile(std::string_view text, PlanFile& file, std::string& error);

// Writes atomically (temporary file, fsync, rename), readable by its owner only (0600): a failed
// run never leaves half a plan.
bool WritePlanFile(const std::string& path, const PlanFile& file, std::string& error);
// Reads and decodes; `error` names the file and what is wrong with it.
bool ReadPlanFile(const std::string& path, PlanFile& file, std::string& error);

// False when `current` is not the state the plan was made against, with `error`: "the state
// changed since this plan was made (serial A -> B): run `berth plan` again".
bool PlanFileIsCurrent(const PlanFile& file, const state::State& current, std::string& error);

}  // namespace berth::planner
