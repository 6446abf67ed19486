// listener_rule -> elbv2 create-rule on a listener of a load balancer declared elsewhere in the
// stack; modify-rule / set-rule-priorities on update, delete-rule on remove. The listener's ARN
// is `{{berth:load_balancer.L.listener.N.arn}}`, captured by the load balancer's create-listener
// or, for updates and removes, by describe-load-balancers and describe-listeners here.
#include "backends/aws/elbv2_common.h"
#include "backends/aws/emitters.h"
#include "backends/aws/ir_access.h"

namespace berth::aws {

namespace {

struct Attachment {
  std::string lb_address;  // "load_balancer.public"
  std::string lb_name;     // its Name
  std::string listener;    // the listener block's label
  long long listener_port = 0;
};

Attachment AttachmentOf(const Value& rule, const EmitContext& context) {
  Attachment attachment;
  if (const Value* lb = Field(rule, "load_balancer"); lb && lb->is(ValueKind::kRef)) {
    attachment.lb_address = lb->ref().address;
  }
  attachment.listener = StringField(rule, "listener");
  if (const ir::Resource* lb = context.program().Find(attachment.lb_address)) {
    attachment.lb_name = StringField(lb->attributes, "name");
    if (const Value* listener = EntryNamed(lb->attributes, "listeners", attachment.listener)) {
      attachment.listener_port = Integer(*Field(*listener, "port"));
    }
  }
  return attachment;
}

std::string ListenerArn(const Attachment& attachment) {
  return Placeholder(attachment.lb_address, ListenerArnAttribute(attachment.listener));
}

// describe-load-balancers, describe-listeners, describe-rules: the rule's ARN by its priority.
std::vector<AwsCall> Lookups(const ir::Resource& rule, const Value& attributes,
                             const EmitContext& context) {
  Attachment attachment = AttachmentOf(attributes, context);
  AwsCall lb = DescribeLoadBalancer(attachment.lb_address, attachment.lb_name);
  lb.address = rule.address;
  AwsCall listeners =
      DescribeListeners(attachment.lb_address, {{attachment.listener, attachment.listener_port}});
  listeners.address = rule.address;
  AwsCall rules = DescribeRules(rule.address, ListenerArn(attachment),
                                {{rule.address + ".arn", Integer(*Field(attributes, "priority"))}});
  return {std::move(lb), std::move(listeners), std::move(rules)};
}

std::vector<AwsCall> CreateListenerRule(const ir::Resource& rule, const EmitContext& context) {
  const Value& a = rule.attributes;
  Json body = JsonObject("ListenerArn", ListenerArn(AttachmentOf(a, context)), "Conditions",
                         Elbv2Conditions(a), "Priority", Integer(*Field(a, "priority")), "Actions",
                         JsonArray(Elbv2Action(a, context)));
  if (const Value* tags = Field(a, "tags")) {
    if (std::optional<Json> list = CapitalizedTags(*tags)) Put(body, "Tags", std::move(*list));
  }
  return CallList(AwsCall{.service = "elbv2",
                          .operation = "create-rule",
                          .address = rule.address,
                          .body = std::move(body),
                          .captures = {{rule.address + ".arn", "Rules[0].RuleArn"}}});
}

std::vector<AwsCall> UpdateListenerRule(const ir::Resource& rule, const Value& before,
                                        const EmitContext& context) {
  const Value& a = rule.attributes;
  std::string arn = Placeholder(rule.address, "arn");
  std::vector<AwsCall> changes;
  if (Changed(before, a, "priority")) {
    changes.push_back(
        {.service = "elbv2",
         .operation = "set-rule-priorities",
         .address = rule.address,
         .body = {{"RulePriorities",
                   {{{"RuleArn", arn}, {"Priority", Integer(*Field(a, "priority"))}}}}}});
  }
  bool body_changed = false;
  for (const char* key : {"path", "host", "forward", "redirect", "fixed_response"}) {
    body_changed = body_changed || Changed(before, a, key);
  }
  if (body_changed) {
    changes.push_back({.service = "elbv2",
                       .operation = "modify-rule",
                       .address = rule.address,
                       .body = {{"RuleArn", arn},
                                {"Conditions", Elbv2Conditions(a)},
                                {"Actions", {Elbv2Action(a, context)}}}});
  }
  for (AwsCall& call : Elbv2TagUpdates(rule.address, arn, before, a))
    changes.push_back(std::move(call));
  if (changes.empty()) return {};
  // Found by the priority it has now, before any change.
  std::vector<AwsCall> calls = Lookups(rule, before, context);
  for (AwsCall& call : changes) calls.push_back(std::move(call));
  LookUpReferencedTargetGroups(calls, context);
  return calls;
}

std::vector<AwsCall> RemoveListenerRule(const ir::Resource& before, const EmitContext& context) {
  // When the load balancer or its listener is no longer declared, the listener's deletion takes
  // the rule with it (and its ARN could no longer be looked up by name and port).
  Attachment attachment = AttachmentOf(before.attributes, context);
  if (attachment.lb_name.empty() || attachment.listener_port == 0) return {};
  std::vector<AwsCall> calls = Lookups(before, before.attributes, context);
  calls.push_back({.service = "elbv2",
                   .operation = "delete-rule",
                   .address = before.address,
                   .body = {{"RuleArn", Placeholder(before.address, "arn")}}});
  return calls;
}

}  // namespace

const KindEmitter kListenerRuleEmitter = {"listener_rule", CreateListenerRule, UpdateListenerRule,
                                          RemoveListenerRule};

}  // namespace berth::aws
