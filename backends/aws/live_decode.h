// The inverse of the request builders: `describe-*` output (live_snapshot.h) -> attribute trees
// in the IR's shape (docs/ir.md), so the planner's diff compares them with the desired stack
// unchanged. Values AWS fills in when a request leaves them out are left out here too where the
// builders leave them out; schema defaults are filled afterwards (live_backend.cpp).
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "backends/aws/live_snapshot.h"
#include "compiler/ir/ir.h"

namespace berth::aws::live {

struct LiveObject {
  std::string kind;  // "target_group"
  // What a desired resource is matched by: its name (a task's family); a security group's
  // name and VPC as "NAME vpc-..."; a listener rule's address (ClaimedRules matches rules).
  std::string key;
  Value attributes;
  // Identifiers of this object that other objects hold (ARNs, ids) and the attribute of a
  // reference to it they stand for ("" for the resource itself, "id"...): live values equal to
  // one become references, as the desired IR holds them.
  std::vector<std::pair<std::string, std::string>> handles;
  // Where it came from, for messages: "FILE: PATH".
  std::string origin;
  // The same for identifiers this object shares with others (a load balancer's VPC id): they
  // become references only where the desired tree holds that very reference, so a literal
  // "vpc-..." elsewhere stays one.
  std::vector<std::pair<std::string, std::string>> shared_handles;
};

// The matching key of a desired resource of `kind` (see LiveObject::key).
std::string DesiredKey(const ir::Resource& resource);

// Small builders of IR values.
Value Str(const std::string& s);
ValueList Strings(const std::vector<std::string>& items);
// "FILE: PATH" of a node, for messages.
std::string Origin(const Node& n);
Value Seconds(double seconds);
Value TagMap(const std::vector<Node>& tags, const char* key, const char* value);  // [{Key, Value}]

std::vector<LiveObject> DecodeLogGroups(const Snapshot& s);
std::vector<LiveObject> DecodeRoles(const Snapshot& s);
std::vector<LiveObject> DecodeSecurityGroups(const Snapshot& s);
std::vector<LiveObject> DecodeClusters(const Snapshot& s);
std::vector<LiveObject> DecodeTargetGroups(const Snapshot& s);
// Listener and rule labels are not in AWS: they come from the desired load balancer of the same
// name (a listener by port, a rule by priority), else `port_443`, `priority_10`.
// Rules that `listener_rule` resources claim (`claimed`, ClaimedRules) are theirs, not the
// listener's.
std::vector<LiveObject> DecodeLoadBalancers(const Snapshot& s, const ir::Program& desired,
                                            const std::map<std::string, std::string>& claimed);
// Which live rules are `listener_rule` resources: rule ARN -> address. A rule is the one whose
// ARN the state recorded for the address (`recorded_arns`, address -> ARN), else the rule at
// the desired resource's priority on its load balancer's listener (a state lost or never
// written).
std::map<std::string, std::string> ClaimedRules(
    const Snapshot& s, const ir::Program& desired,
    const std::map<std::string, std::string>& recorded_arns);
// The claimed rules as `listener_rule` objects, keyed by their address.
std::vector<LiveObject> DecodeListenerRules(const Snapshot& s, const ir::Program& desired,
                                            const std::map<std::string, std::string>& claimed);
// EventBridge schedule rules with berth's ECS target (`ecs-task`) and their tags.
std::vector<LiveObject> DecodeSchedules(const Snapshot& s);
// Fills the service_discovery block of a decoded ECS service (`attributes`, from `service`, an
// element of describe-services) from the Cloud Map service its registry ARN names: the
// namespace, name, DNS record type and TTL, which the ECS API does not hold.
void DecodeServiceDiscovery(const Snapshot& s, const Node& service, Value& attributes);
// The `autoscaling` attribute of the ECS service SERVICE in cluster CLUSTER (names), or null
// when it has no scalable target.
Value DecodeAutoscaling(const Snapshot& s, const std::string& cluster, const std::string& service);

}  // namespace berth::aws::live
