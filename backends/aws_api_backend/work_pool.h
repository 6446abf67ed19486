// A bounded pool for independent AWS reads: at most `width` calls in flight, however many jobs.
// A live plan of 1,000 services is thousands of small calls whose latency, not their work,
// dominates; a fixed width keeps AWS's throttling (and a local moto) in bounds.
#pragma once

#include <functional>
#include <vector>

namespace berth::aws_api_backend {

// Runs every job, `width` at a time, and returns when all have ended. Jobs must not throw.
void RunPool(const std::vector<std::function<void()>>& jobs, int width);

}  // namespace berth::aws_api_backend
