#include "backends/aws_api/retry_policy.h"

#include <algorithm>
#include <cmath>

namespace berth::aws_api {

bool IsThrottlingError(int status, std::string_view code) {
  // botocore's retries/standard.py, ThrottlingErrorDetector (plus 429, which AWS sends with one of
  // these codes and proxies send without).
  static constexpr std::string_view kCodes[] = {"Throttling",
                                                "ThrottlingException",
                                                "ThrottledException",
                                                "RequestThrottledException",
                                                "TooManyRequestsException",
                                                "ProvisionedThroughputExceededException",
                                                "TransactionInProgressException",
                                                "RequestLimitExceeded",
                                                "BandwidthLimitExceeded",
                                                "LimitExceededException",
                                                "RequestThrottled",
                                                "SlowDown",
                                                "PriorRequestNotComplete",
                                                "EC2ThrottledException"};
  if (status == 429) return true;
  return std::find(std::begin(kCodes), std::end(kCodes), code) != std::end(kCodes);
}

bool IsTransientError(int status, std::string_view code) {
  if (status == 0 || status == 500 || status == 502 || status == 503 || status == 504) return true;
  return code == "RequestTimeout" || code == "RequestTimeoutException" ||
         code == "PriorRequestNotComplete";
}

double BackoffSeconds(int attempt, double base_seconds, double random01) {
  return std::min(random01 * base_seconds * std::pow(2.0, attempt - 1), 20.0);
}

}  // namespace berth::aws_api
