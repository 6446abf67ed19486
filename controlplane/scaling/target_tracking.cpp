#include "controlplane/scaling/target_tracking.h"

#include <algorithm>
#include <cmath>

namespace berth::controlplane::scaling {

int TrackedCapacity(int current, double metric, double target) {
  if (current <= 0 || target <= 0) return current;
  double ratio = metric / target;
  // The small epsilon keeps an exact multiple (current 2 at exactly twice the target) from
  // rounding up past it through floating point.
  int proportional = static_cast<int>(std::ceil(current * ratio - 1e-9));
  if (ratio > 1) return std::max(current + 1, proportional);
  if (ratio < kScaleInTolerance) return std::max(0, std::min(current - 1, proportional));
  return current;
}

Decision Decide(int current, int min, int max, const std::vector<PolicyView>& policies, double now,
                double last_out, double last_in, bool deploying) {
  Decision out, in;
  in.direction = Decision::kIn;
  bool all_in = !policies.empty() && !deploying;
  double in_cooldown = 0;
  for (const PolicyView& p : policies) {
    if (!p.metric) {
      all_in = false;
      continue;
    }
    int wanted = std::clamp(TrackedCapacity(current, *p.metric, p.target), min, max);
    if (wanted > current && now >= last_out + p.scale_out_cooldown &&
        (out.direction == Decision::kNone || wanted > out.desired)) {
      out = {Decision::kOut, wanted, p.name, *p.metric, p.target};
    }
    if (wanted >= current || p.disable_scale_in || p.below < kScaleInDatapoints) {
      all_in = false;
    } else if (in.policy.empty() || wanted > in.desired) {
      in.desired = wanted;
      in.policy = p.name;
      in.metric = *p.metric;
      in.target = p.target;
    }
    in_cooldown = std::max(in_cooldown, p.scale_in_cooldown);
  }
  if (out.direction == Decision::kOut) return out;
  // Below the minimum (RegisterScalableTarget raised it) or above the maximum: back in range.
  if (current < min || current > max) {
    return {current < min ? Decision::kOut : Decision::kIn, std::clamp(current, min, max), "", 0,
            0};
  }
  if (all_in && now >= std::max(last_out, last_in) + in_cooldown) return in;
  return {};
}

}  // namespace berth::controlplane::scaling
