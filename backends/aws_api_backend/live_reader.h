// Live reading for the aws-api backend: the describe/list calls for every resource a stack
// declares or its state records, by name, written as a `--live` snapshot directory (docs/aws.md,
// "Live snapshots": the same files `aws ... describe-*` would print), which the aws backend's
// live decoders then turn into the IR's shape. The snapshot format is the contract between the
// two, so the decoders need not know where their input came from.
//
// Calls are batched as the APIs allow (ECS describe-services 10 names, describe-clusters 100,
// ELBv2 describe-target-groups and describe-load-balancers 20, describe-tags 20 ARNs,
// Application Auto Scaling 50 resource ids) and run `width` at a time.
#pragma once

#include <string>
#include <vector>

#include "backends/aws_api/client.h"
#include "compiler/ir/ir.h"

namespace berth::aws_api_backend {

struct LiveReadStats {
  long calls = 0;  // AWS operations called
  int files = 0;   // snapshot files written
};

// Reads what `resources` name from AWS into `dir` (which must exist). False with `error` when a
// call fails for another reason than the object being absent (absent objects are simply not
// written: the plan creates them).
bool ReadLiveSnapshot(const aws_api::Client& client, const std::vector<ir::Resource>& resources,
                      const std::string& dir, int width, LiveReadStats& stats, std::string& error);

}  // namespace berth::aws_api_backend
