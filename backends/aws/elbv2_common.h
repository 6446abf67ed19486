// Pieces the three elbv2 builders share: listener and rule actions and conditions, the read calls
// that find generated ARNs of resources created earlier (updates and removes have no create call
// in the same run to capture them from), and tag updates.
//
// Placeholders (docs/aws.md): `{{berth:load_balancer.L.arn}}`, `.dns_name`, `.zone_id`,
// `.vpc`, `.arn_suffix`; `{{berth:load_balancer.L.listener.N.arn}}` for its listener N;
// `{{berth:load_balancer.L.listener.N.rule.R.arn}}` for a nested rule R;
// `{{berth:target_group.T.arn}}`, `.arn_suffix`; `{{berth:listener_rule.X.arn}}`.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "backends/aws/aws_call.h"
#include "backends/aws/tag_diff.h"

namespace berth::aws {

// The attribute names of the placeholders above.
std::string ListenerArnAttribute(std::string_view listener);
std::string RuleArnAttribute(std::string_view listener, std::string_view rule);

// The action of a listener, rule or listener_rule block: its forward, redirect or
// fixed_response block as an elbv2 Action.
Json Elbv2Action(const Value& block, const EmitContext& context);
// A rule's path and host patterns as elbv2 Conditions.
Json Elbv2Conditions(const Value& rule);

// Read calls that capture generated ARNs.
// describe-load-balancers by name: captures load_balancer ADDRESS.arn.
AwsCall DescribeLoadBalancer(const std::string& address, const std::string& name);
// describe-listeners of the load balancer: captures each listener's arn, found by its port.
struct ListenerKey {
  std::string label;
  long long port = 0;
};
AwsCall DescribeListeners(const std::string& lb_address, const std::vector<ListenerKey>& listeners);
// describe-rules of a listener: captures each rule's arn under `capture_names`, found by priority.
struct RuleKey {
  std::string capture_name;  // "listener_rule.api.arn"
  long long priority = 0;
};
AwsCall DescribeRules(const std::string& address, const Json& listener_arn,
                      const std::vector<RuleKey>& rules);
// describe-target-groups by name: captures target_group ADDRESS.arn.
AwsCall DescribeTargetGroup(const std::string& address, const std::string& name);

// Updates run without the creates of what they reference: for each target group ARN the calls
// use but do not capture, a describe-target-groups call that captures it goes first.
void LookUpReferencedTargetGroups(std::vector<AwsCall>& calls, const EmitContext& context);

// add-tags / remove-tags on one elbv2 resource for a tag change; nothing when none changed.
std::vector<AwsCall> Elbv2TagUpdates(const std::string& address, const Json& arn,
                                     const Value& before, const Value& after);

// The string attribute (names, enum values), "" when absent.
std::string StringField(const Value& map, std::string_view key);
// A repeated nested block's entries (maps), empty when absent.
std::vector<const Value*> Entries(const Value& map, std::string_view ir_key);
// The entry of a repeated labeled block whose label is `name`, nullptr when absent.
const Value* EntryNamed(const Value& map, std::string_view ir_key, std::string_view name);

}  // namespace berth::aws
