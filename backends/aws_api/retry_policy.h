// When the wire client calls again, and after how long: the AWS SDKs' "standard" retry mode
// (docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html; botocore's
// retries/standard.py). Throttling and transient errors (HTTP 500/502/503/504, timeouts, a
// connection that failed) are retried up to max_attempts in all, each after an exponential
// backoff with full jitter, capped at 20 seconds.
#pragma once

#include <string_view>

namespace berth::aws_api {

// `status` 0 means no HTTP response came (a connection or timeout error).
bool IsThrottlingError(int status, std::string_view code);
bool IsTransientError(int status, std::string_view code);
inline bool IsRetryable(int status, std::string_view code) {
  return IsThrottlingError(status, code) || IsTransientError(status, code);
}

// The wait before attempt `attempt` + 1 (attempt counts from 1): min(random01 * base *
// 2^(attempt-1), 20) seconds.
double BackoffSeconds(int attempt, double base_seconds, double random01);

}  // namespace berth::aws_api
