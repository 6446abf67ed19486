// The words apply prints: one line when an action starts, one when it ends, and the summary.
#pragma once

#include <chrono>
#include <cstddef>
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

// Secrets shorter than this are masked in foreign text only where they stand as a whole word.
inline constexpr size_t kShortSecret = 8;

// berth's own messages place values through the renderers, which mask a value by its own mark
// (render_value.h): they never need searching. A backend's message is foreign text: the server may
// echo what it was sent, so every sensitive string of the change (before or after) found in it is
// replaced by "(sensitive value)". A secret of kShortSecret characters or more is masked wherever
// it occurs; a shorter one only as a whole word, so a secret `e` never turns "ValidationError"
// into unreadable text, while `error: bad value e` still hides it.
std::string MaskEchoedSensitive(const ResourceChange& change, const std::string& message);

}  // namespace berth::planner
