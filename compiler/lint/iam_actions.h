// Internal to compiler/lint: IAM actions that support no resource-level permissions, so that a
// statement allowing them must name every resource ("*"). BRT015 does not flag "*" for them.
#pragma once

#include <string_view>
#include <vector>

namespace berth::lint {

// Whether `action` ("ecr:GetAuthorizationToken", or a pattern such as
// "elasticloadbalancing:Describe*") takes only the resource "*". Case-insensitive, as IAM is.
bool TakesOnlyEveryResource(std::string_view action);

// The table behind it, lower case: whole actions, and prefixes ending in '*' whose every action
// takes only "*".
const std::vector<std::string_view>& ActionsTakingOnlyEveryResource();

}  // namespace berth::lint
