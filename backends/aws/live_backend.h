// `berth plan --live DIR`: the aws backend reading what is live from a directory of
// `aws ... describe-*` outputs instead of the state file (docs/aws.md, "Live snapshots"). Every
// live object is matched to a desired resource by name, decoded into the IR's shape, its
// ARNs and ids turned back into references, and normalised (schema defaults, empty lists,
// set-like lists in the desired order) so that only real differences show in the plan.
#pragma once

#include <string>
#include <vector>

#include "backends/aws/live_decode.h"
#include "backends/aws/live_snapshot.h"
#include "backends/backend.h"
#include "compiler/ir/ir.h"

namespace berth::aws {

class AwsLiveBackend : public backends::Backend {
 public:
  // `desired` must outlive ReadLive: names are matched against it.
  AwsLiveBackend(std::string dir, const ir::Program& desired)
      : dir_(std::move(dir)), desired_(desired) {}
  // The same for describe outputs already in memory (the aws-api backend's live reader):
  // ReadLive decodes `documents` (once: it consumes them) instead of reading a directory.
  AwsLiveBackend(std::vector<live::Document> documents, const ir::Program& desired)
      : documents_(std::move(documents)), in_memory_(true), desired_(desired) {}
  std::string name() const override { return "aws"; }
  // False with "FILE: JSON.PATH: what is wrong" for a malformed snapshot.
  bool ReadLive(const state::State& state, std::vector<planner::LiveResource>& live,
                std::string& error) override;
  // A snapshot is read only: a --live plan is for review, and apply works from the state.
  backends::ActionResult Apply(const planner::ResourceChange& change) override;

 private:
  std::string dir_;
  std::vector<live::Document> documents_;
  bool in_memory_ = false;
  const ir::Program& desired_;
};

namespace live {
// The ECS task definitions and services of the snapshot (live_ecs.cpp), decoded by the import
// decoders (ecs_decode.h). `resolve` maps an ARN or name that the IR holds as a reference to
// the address of the desired resource it stands for.
std::vector<LiveObject> DecodeEcs(
    const Snapshot& s,
    const std::function<std::optional<std::string>(std::string_view, std::string_view)>& resolve);
}  // namespace live

}  // namespace berth::aws
