// Target tracking as Application Auto Scaling does it for ECS services, over the datapoints the
// driver measures. AWS publishes the behaviour, not the formula (research/controlplane.md §2.7):
// scale out "proportionally to the metric as fast as it can", scale in "more gradually" once the
// metric is "far enough below the target value (usually more than 10% lower)", conservative
// rounding, and with several policies "scale out if any policy says so, scale in only if all
// agree, and the largest capacity wins". berth's formula is Kubernetes' HPA one with its 10 %
// tolerance: desired = ceil(current × metric / target), at least one task more when above the
// target, at least one less when below 90 % of it for kScaleInDatapoints datapoints in a row
// (AWS's low alarm wants 15 one-minute datapoints; its high alarm 3, berth acts on the first).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace berth::controlplane::scaling {

inline constexpr double kScaleInTolerance = 0.9;
inline constexpr int kScaleInDatapoints = 3;

// The capacity one policy asks for from `current` tasks at `metric` against `target` (both in
// the metric's unit): current when within the tolerance.
int TrackedCapacity(int current, double metric, double target);

// One target tracking policy at one evaluation.
struct PolicyView {
  std::string name;
  double target = 0;
  std::optional<double> metric;  // this interval's datapoint; none: INSUFFICIENT_DATA
  int below = 0;  // datapoints in a row below kScaleInTolerance × target, this one included
  bool disable_scale_in = false;
  double scale_out_cooldown = 300, scale_in_cooldown = 300;  // seconds
};

struct Decision {
  enum Direction { kNone, kOut, kIn } direction = kNone;
  int desired = 0;
  std::string policy;  // the policy whose capacity won
  double metric = 0, target = 0;
};

// What the target's policies decide together at `now`, from `current` tasks within
// [min, max]. Scale-out waits for the winning policy's ScaleOutCooldown since the last
// scale-out; scale-in for every policy's ScaleInCooldown since the last scaling activity of
// either kind, and not at all while `deploying` (Application Auto Scaling turns scale-in off
// during an ECS deployment) or when a policy disables it or has no data.
Decision Decide(int current, int min, int max, const std::vector<PolicyView>& policies, double now,
                double last_out, double last_in, bool deploying);

}  // namespace berth::controlplane::scaling
