// The `aws` backend's first step: the state file is its only record of what is live, and apply
// advances the state without any external effect. Writing the AWS API request JSON for each
// change (and the manifest and script) arrives with the aws backend issue; see docs/backends.md.
#pragma once

#include "backends/backend.h"

namespace berth::backends {

class AwsStateBackend : public Backend {
 public:
  std::string name() const override { return "aws"; }
  // The state's view: what berth last applied.
  bool ReadLive(const state::State& state, std::vector<planner::LiveResource>& live,
                std::string& error) override;
  bool TakeLive(state::State& state, std::vector<planner::LiveResource>& live,
                std::string& error) override;
  // Succeeds; values known only after apply (arns...) stay unknown (a null computed map) until
  // the backend can learn them.
  ActionResult Apply(const planner::ResourceChange& change) override;
};

}  // namespace berth::backends
