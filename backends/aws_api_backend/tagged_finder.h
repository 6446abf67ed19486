// Lost resources: objects the stack made but neither declares nor records any more (the state
// was deleted, or an address renamed without `state mv`), found by the stack's tags: the ECS
// services of the stack's clusters (describe-services returns their tags, 10 a call), ECS
// clusters (describe-clusters, 100 a call), ELBv2 load balancers and target groups
// (describe-tags, 20 a call), security groups (one call with a tag filter), and IAM roles
// (list-roles, then list-role-tags), log groups (describe-log-groups, then
// list-tags-for-resource) and EventBridge rules (list-rules, then list-tags-for-resource), whose
// APIs read one object's tags a call. The tags of objects the stack names are not read, as those
// are read by name anyway: the one-a-call searches cost a call per other object in the account.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "backends/aws_api/client.h"
#include "compiler/ir/ir.h"

namespace berth::aws_api_backend {

// Appends to `out` a resource stub (kind and the attributes ReadLiveSnapshot reads by: name,
// a service's cluster) for each object carrying every one of `tags` that `known` (by kind, the
// name) does not hold yet. `clusters` are the stack's cluster names, whose services are listed.
// Nothing is searched when `tags` is empty. False with `error` when a call fails.
bool FindTagged(const aws_api::Client& client, const std::map<std::string, std::string>& tags,
                const std::set<std::string>& clusters,
                const std::set<std::pair<std::string, std::string>>& known, int width,
                std::vector<ir::Resource>& out, long& calls, std::string& error);

}  // namespace berth::aws_api_backend
