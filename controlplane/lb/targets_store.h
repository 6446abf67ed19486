// The registered targets of ELBv2 target groups, as the store keeps them. The "targets" side
// (RegisterTargets, the health checker, deregistration delay) writes them; the listeners' proxy
// reads them. The shape was fixed by the lead (tasks/COMMON-S21.md) so neither waits:
//
//   kind   "elbv2_target"
//   key    "<TargetGroupArn>|<Id>|<Port>"
//   parent the target group's ARN
//   doc    {"TargetGroupArn", "Id" (an IP: "127.0.0.1" for berth's tasks), "Port" (int),
//           "State" ("initial"|"healthy"|"unhealthy"|"unused"|"draining"),
//           "Reason", "Description" (as DescribeTargetHealth's TargetHealth),
//           "RegisteredAt", "DrainingUntil" (epoch seconds, double)}
//
// Health checks write State; the proxy routes to "healthy" targets, and fails open (to every
// registered target not draining) when none is, as ALB does.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "controlplane/store/store.h"

namespace berth::controlplane::lb {

inline constexpr const char* kTarget = "elbv2_target";

std::string TargetKey(const std::string& target_group_arn, const std::string& id, int port);

std::optional<store::json> GetTarget(const store::Tx& tx, const std::string& target_group_arn,
                                     const std::string& id, int port);
// Writes `target` under the key its TargetGroupArn, Id and Port make.
void PutTarget(store::Tx& tx, const store::json& target);
void DeleteTarget(store::Tx& tx, const std::string& target_group_arn, const std::string& id,
                  int port);
// The targets of one group, or of all groups when `target_group_arn` is null.
std::vector<store::json> ListTargets(const store::Tx& tx,
                                     const std::string* target_group_arn = nullptr);

}  // namespace berth::controlplane::lb
