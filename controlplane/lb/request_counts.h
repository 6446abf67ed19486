// Requests the listeners' proxies sent to each target group, for Application Auto Scaling's
// ALBRequestCountPerTarget (its metric is the group's RequestCount over its healthy targets:
// docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html).
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <string>

namespace berth::controlplane::lb {

// One target group's counters, shared by every proxy thread.
struct GroupCounters {
  std::atomic<std::uint64_t> next{0};      // round-robin position over its targets
  std::atomic<std::uint64_t> requests{0};  // requests routed to it (ALB's RequestCount)
};

// The counters of `target_group_arn`, made on first use and never freed (their address is kept
// in routing tables).
GroupCounters& CountersOf(const std::string& target_group_arn);

// Requests the proxies have in flight to the target at host:port (sent, answer not yet relayed
// whole), shared by every proxy thread; made on first use, never freed. ALB completes a
// deregistration at once when the target has no in-flight requests and no active connections
// (ALB user guide, "Deregistration delay"): targets/service_targets.h asks.
std::atomic<int>& InFlightTo(const std::string& host, int port);

// Target group ARN -> requests routed to it since `berth serve` started (monotonic: a rate is
// the difference of two calls over the time between them). Every request a forward action
// chose the group for counts, answered 5xx or not, as ALB's RequestCount does. Thread-safe.
std::map<std::string, std::uint64_t> RequestCounts();

}  // namespace berth::controlplane::lb
