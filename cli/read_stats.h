// BERTH_STATS=1: after a command read live through its backend, one line on stderr saying what
// that cost ("berth plan: stats: live read: 1329 AWS calls in 7.21 s (...)"), for the benchmarks
// (bench/live_plan_bench.sh) and for anyone asking why a plan is slow. Normal output is untouched.
#pragma once

#include "backends/backend.h"
#include "cli/commands.h"

namespace berth::cli {

void PrintReadStats(const char* command, const backends::Backend& backend, CommandIo& io);

}  // namespace berth::cli
