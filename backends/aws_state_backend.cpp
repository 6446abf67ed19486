#include "backends/aws_state_backend.h"

namespace berth::backends {

bool AwsStateBackend::ReadLive(const state::State& state, std::vector<planner::LiveResource>& live,
                               std::string& error) {
  live = state.AsLive();
  return true;
}

bool AwsStateBackend::TakeLive(state::State& state, std::vector<planner::LiveResource>& live,
                               std::string& error) {
  live = state.TakeLive();
  return true;
}

ActionResult AwsStateBackend::Apply(const planner::ResourceChange& change) {
  return {true, "", Value::Null()};
}

}  // namespace berth::backends
