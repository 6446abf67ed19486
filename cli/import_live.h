// `berth import --from-live --cluster C --service S [--out DIR] [--backend aws-api|controlplane]`:
// writes a stack directory (main.berth laid out as `berth fmt` does, and .berth/state.json)
// from an ECS service as it runs, so that `berth plan DIR` right after has no changes
// (docs/aws-api.md, "Import from live"). The reading and printing are
// backends/aws_api_backend/live_import.h; this file opens the client, writes and checks.
#pragma once

#include "cli/args.h"
#include "cli/commands.h"

namespace berth::cli {

// The flags `berth import` takes for --from-live (besides the file import's).
std::vector<FlagSpec> ImportLiveFlags();

// Runs the import `parsed` asks for (it has --from-live); the exit code.
int ImportLive(const ParsedArgs& parsed, CommandIo& io);

}  // namespace berth::cli
