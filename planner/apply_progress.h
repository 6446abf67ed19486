// The words apply prints: one line when an action starts, one when it ends, and the summary.
#pragma once

#include <chrono>
#include <string>

#include "planner/plan.h"

namespace berth::planner {

// "service.api: creating..."
std::string StartLine(const ResourceChange& change);
// "service.api: created after 1.2s"
std::string DoneLine(const ResourceChange& change, std::chrono::steady_clock::duration elapsed);
// "service.api: failed after 0.3s: MESSAGE", with the change's sensitive values masked.
std::string FailedLine(const ResourceChange& change, std::chrono::steady_clock::duration elapsed,
                       const std::string& message);

// "1.2s" under a minute, "2m5s" above.
std::string FormatElapsed(std::chrono::steady_clock::duration elapsed);

// A backend's message may echo what it was sent; every sensitive string of the change (before
// or after) is replaced by "(sensitive value)" so secrets never reach a terminal or a log.
std::string MaskSensitive(const ResourceChange& change, std::string message);

}  // namespace berth::planner
