// Scaling activities: every change Application Auto Scaling makes to an ECS service's desired
// count, made the way UpdateService makes it and told as DescribeScalingActivities tells it
// (ECS wording: Description "Setting desired count to N.", Cause "monitor alarm ... in state
// ALARM triggered policy ...", StatusMessage "Successfully set desired count to N. Change
// successfully fulfilled by ecs.").
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "controlplane/api/api.h"

namespace berth::controlplane::scaling {

using nlohmann::json;

// The store key of a scalable target: "NAMESPACE|RESOURCE|DIMENSION" (api/autoscaling.cpp's).
std::string TargetKey(const json& target);

// The service of an ECS target ("service/CLUSTER/NAME"): its document, or nullopt.
std::optional<json> ServiceOf(store::Tx& tx, const json& target);

// True while the service has a deployment under way (scale-in waits for it).
bool Deploying(const json& service);

// Sets the target's service to `desired` tasks through UpdateService and records the activity
// with `cause`; false (a Failed activity) when ECS refused.
bool SetDesiredCount(api::Context& context, const json& target, int desired,
                     const std::string& cause);

}  // namespace berth::controlplane::scaling
