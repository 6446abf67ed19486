// Live reading for the aws-api backend: the describe/list calls for every resource a stack
// declares or its state records, by name, kept in memory as the documents of a `--live` snapshot
// (docs/aws.md, "Live snapshots": the same outputs `aws ... describe-*` would print), which the
// aws backend's live decoders then turn into the IR's shape. The snapshot format is the contract
// between the two, so the decoders need not know where their input came from.
//
// Calls are batched as the APIs allow (ECS describe-services 10 names, describe-clusters 100,
// ELBv2 describe-target-groups and describe-load-balancers 20, describe-tags 20 ARNs,
// Application Auto Scaling 50 resource ids) and run `width` at a time.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "backends/aws/live_snapshot.h"
#include "backends/aws_api/client.h"
#include "compiler/ir/ir.h"

namespace berth::aws_api_backend {

struct LiveReadStats {
  long calls = 0;      // AWS operations called
  int files = 0;       // snapshot files written
  double seconds = 0;  // wall time of the whole read
  // By "service operation" ("ecs describe-services"): calls made and the seconds they took,
  // summed over the threads (so more than `seconds` when calls overlap).
  struct Operation {
    long calls = 0;
    double seconds = 0;
  };
  std::map<std::string, Operation> operations;
  // "1329 AWS calls in 7.21 s (ecs describe-services 10 calls 0.31 s, ...)": one line for
  // BERTH_STATS (cli/stats_line.h), the busiest operations first.
  std::string Line() const;
};

// Reads what `resources` name from AWS into `documents`, the describe outputs a snapshot
// directory would hold. False with `error` when a call fails for another reason than the object
// being absent (absent objects are simply not there: the plan creates them).
bool ReadLiveSnapshot(const aws_api::Client& client, const std::vector<ir::Resource>& resources,
                      int width, std::vector<aws::live::Document>& documents, LiveReadStats& stats,
                      std::string& error);

}  // namespace berth::aws_api_backend
