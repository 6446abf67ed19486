// `berth import --from-live` (ecspresso's `init`): an ECS service as it runs, with its task
// definition, its target groups and its Application Auto Scaling target and policies, read
// through the wire client and printed as berth source (docs/aws-api.md, "Import from live").
//
// Nothing here is a second reader or printer: the objects are read by the live reader
// (live_reader.h) for a made-up stack that declares them by name, decoded as `plan` decodes
// them (backends/aws/live_backend.h), and each printed by the file import's printer
// (backends/aws/ecs_import.h). So the source plans against the same decoding it came from.
#pragma once

#include <string>
#include <vector>

#include "backends/aws_api/client.h"

namespace berth::aws_api_backend {

struct LiveImportOptions {
  std::string cluster;  // name or ARN
  std::string service;  // name or ARN
  // The `stack` block's region and account (account empty: none written, as for the control
  // plane, which has no accounts). No backend block is written: `backend "aws-api" {}` is not a
  // label the parser takes; the plan names the backend with --backend.
  std::string region;
  std::string account;
  int read_width = 16;
};

struct LiveImport {
  std::string source;                  // the stack's source, not yet laid out by `berth fmt`
  std::vector<std::string> addresses;  // what it declares: "service.api", "task.api"...
  std::string stack_name;              // the stack block's name (the service's, as a label)
  std::vector<std::string> notes;      // what the user should know, one line each
};

// Reads the service and what hangs off it. False with `error`: "service S not found in cluster
// C", "cluster C not found", or the failed call and what AWS said.
bool ImportFromLive(const aws_api::Client& client, const LiveImportOptions& options,
                    LiveImport& out, std::string& error);

}  // namespace berth::aws_api_backend
