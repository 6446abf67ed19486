// load_balancer -> elbv2 create-load-balancer, modify-load-balancer-attributes (idle timeout,
// deletion protection), create-listener per listener block and create-rule per nested rule.
// Updates change what changed in place (set-subnets, set-security-groups, set-ip-address-type,
// modify-load-balancer-attributes, modify-listener, modify-rule, set-rule-priorities) and create
// or delete the listeners and rules added or removed. Removes delete the listeners, then the load
// balancer. ARNs of what already exists come from describe-* calls that capture them.
#include <fmt/format.h>

#include "backends/aws/elbv2_common.h"
#include "backends/aws/emitters.h"
#include "backends/aws/ir_access.h"

namespace berth::aws {

namespace {

std::string ListenerArn(const std::string& lb, std::string_view listener) {
  return Placeholder(lb, ListenerArnAttribute(listener));
}

std::string RuleArn(const std::string& lb, std::string_view listener, std::string_view rule) {
  return Placeholder(lb, RuleArnAttribute(listener, rule));
}

long long Port(const Value& block) { return Integer(*Field(block, "port")); }

// LoadBalancerAttributes: idle timeout (application load balancers only) and deletion
// protection. Only keys in `keys`; all of them when `keys` is empty and `only_non_default`.
Json LoadBalancerAttributeEntries(const Value& lb, bool only_non_default,
                                  const Value* before = nullptr) {
  Json entries = Json::array();
  const bool application = StringField(lb, "type") == "application";
  long long idle = WholeSeconds(*Field(lb, "idle_timeout"));
  bool idle_wanted = only_non_default ? idle != 60 : before && Changed(*before, lb, "idle_timeout");
  if (application && idle_wanted) {
    entries.push_back({{"Key", "idle_timeout.timeout_seconds"}, {"Value", std::to_string(idle)}});
  }
  bool protect = Field(lb, "deletion_protection")->as_bool();
  bool protect_wanted =
      only_non_default ? protect : before && Changed(*before, lb, "deletion_protection");
  if (protect_wanted) {
    entries.push_back(
        {{"Key", "deletion_protection.enabled"}, {"Value", protect ? "true" : "false"}});
  }
  return entries;
}

AwsCall ModifyAttributes(const std::string& address, Json entries) {
  return {.service = "elbv2",
          .operation = "modify-load-balancer-attributes",
          .address = address,
          .body = {{"LoadBalancerArn", Placeholder(address, "arn")},
                   {"Attributes", std::move(entries)}}};
}

// Port, protocol, TLS settings and default action: what CreateListener and ModifyListener share.
void ListenerMembers(Json& body, const Value& listener, const EmitContext& context) {
  body["Protocol"] = StringField(listener, "protocol");
  body["Port"] = Port(listener);
  CopyIfSet(body, "SslPolicy", listener, "ssl_policy", context);
  if (const Value* certificate = Field(listener, "certificate_arn")) {
    body["Certificates"] = {{{"CertificateArn", ToJson(*certificate, context)}}};
  }
  body["DefaultActions"] = {Elbv2Action(listener, context)};
}

AwsCall CreateRule(const std::string& lb, const std::string& listener, const Value& rule,
                   const EmitContext& context) {
  std::string label = StringField(rule, "name");
  return {.service = "elbv2",
          .operation = "create-rule",
          .address = lb,
          .body = {{"ListenerArn", ListenerArn(lb, listener)},
                   {"Conditions", Elbv2Conditions(rule)},
                   {"Priority", Integer(*Field(rule, "priority"))},
                   {"Actions", {Elbv2Action(rule, context)}}},
          .captures = {{lb + "." + RuleArnAttribute(listener, label), "Rules[0].RuleArn"}}};
}

// create-listener for `listener` and create-rule for each of its rules.
void CreateListener(const std::string& lb, const Value& listener, const EmitContext& context,
                    std::vector<AwsCall>& calls) {
  std::string label = StringField(listener, "name");
  Json body = {{"LoadBalancerArn", Placeholder(lb, "arn")}};
  ListenerMembers(body, listener, context);
  calls.push_back(
      {.service = "elbv2",
       .operation = "create-listener",
       .address = lb,
       .body = std::move(body),
       .captures = {{lb + "." + ListenerArnAttribute(label), "Listeners[0].ListenerArn"}}});
  for (const Value* rule : Entries(listener, "rules")) {
    calls.push_back(CreateRule(lb, label, *rule, context));
  }
}

std::vector<AwsCall> CreateLoadBalancer(const ir::Resource& lb, const EmitContext& context) {
  const Value& a = lb.attributes;
  const std::string type = StringField(a, "type");
  Json body = Json::object();
  body["Name"] = StringField(a, "name");
  CopyIfSet(body, "Subnets", a, "subnets", context);
  if (const Value* groups = Field(a, "security_groups"); groups && !groups->list().empty())
    body["SecurityGroups"] = ToJson(*groups, context);
  if (Field(a, "internal")->as_bool()) body["Scheme"] = "internal";
  if (type != "application") body["Type"] = type;
  if (std::string ip = StringField(a, "ip_address_type"); ip != "ipv4") body["IpAddressType"] = ip;
  if (const Value* tags = Field(a, "tags")) {
    if (std::optional<Json> list = CapitalizedTags(*tags)) body["Tags"] = *list;
  }

  std::vector<AwsCall> calls;
  std::string prefix = lb.address + ".";
  calls.push_back({.service = "elbv2",
                   .operation = "create-load-balancer",
                   .address = lb.address,
                   .body = std::move(body),
                   .captures = {
                       {prefix + "arn", "LoadBalancers[0].LoadBalancerArn"},
                       {prefix + "dns_name", "LoadBalancers[0].DNSName"},
                       {prefix + "zone_id", "LoadBalancers[0].CanonicalHostedZoneId"},
                       {prefix + "vpc", "LoadBalancers[0].VpcId"},
                       // CloudWatch's name of the load balancer: app/NAME/ID or net/NAME/ID.
                       {prefix + "arn_suffix", "LoadBalancers[0].LoadBalancerArn",
                        type == "network" ? "net/" : "app/"},
                   }});
  if (Json entries = LoadBalancerAttributeEntries(a, /*only_non_default=*/true); !entries.empty()) {
    calls.push_back(ModifyAttributes(lb.address, std::move(entries)));
  }
  for (const Value* listener : Entries(a, "listeners")) {
    CreateListener(lb.address, *listener, context, calls);
  }
  return calls;
}

bool ListenerSettingsChanged(const Value& before, const Value& after) {
  for (const char* key : {"port", "protocol", "certificate_arn", "ssl_policy", "forward",
                          "redirect", "fixed_response"}) {
    if (Changed(before, after, key)) return true;
  }
  return false;
}

// The rule changes of one listener that exists before and after. Lookups of the rules that
// exist go first (by their old priorities), then deletes, priority moves, modifications, creates.
void UpdateRules(const std::string& lb, const std::string& listener, const Value& old_listener,
                 const Value& new_listener, const EmitContext& context,
                 std::vector<AwsCall>& calls) {
  std::vector<RuleKey> lookups;
  std::vector<AwsCall> deletes, modifies, creates;
  Json priorities = Json::array();
  for (const Value* old_rule : Entries(old_listener, "rules")) {
    std::string label = StringField(*old_rule, "name");
    const Value* new_rule = EntryNamed(new_listener, "rules", label);
    if (new_rule && !Changed(*old_rule, *new_rule, "priority") &&
        !Changed(*old_rule, *new_rule, "path") && !Changed(*old_rule, *new_rule, "host") &&
        !Changed(*old_rule, *new_rule, "forward") && !Changed(*old_rule, *new_rule, "redirect") &&
        !Changed(*old_rule, *new_rule, "fixed_response"))
      continue;
    lookups.push_back(
        {lb + "." + RuleArnAttribute(listener, label), Integer(*Field(*old_rule, "priority"))});
    std::string arn = RuleArn(lb, listener, label);
    if (new_rule == nullptr) {
      deletes.push_back({.service = "elbv2",
                         .operation = "delete-rule",
                         .address = lb,
                         .body = {{"RuleArn", arn}}});
      continue;
    }
    if (Changed(*old_rule, *new_rule, "priority")) {
      priorities.push_back(
          {{"RuleArn", arn}, {"Priority", Integer(*Field(*new_rule, "priority"))}});
    }
    bool body_changed = false;
    for (const char* key : {"path", "host", "forward", "redirect", "fixed_response"}) {
      body_changed = body_changed || Changed(*old_rule, *new_rule, key);
    }
    if (body_changed) {
      modifies.push_back({.service = "elbv2",
                          .operation = "modify-rule",
                          .address = lb,
                          .body = {{"RuleArn", arn},
                                   {"Conditions", Elbv2Conditions(*new_rule)},
                                   {"Actions", {Elbv2Action(*new_rule, context)}}}});
    }
  }
  for (const Value* new_rule : Entries(new_listener, "rules")) {
    if (EntryNamed(old_listener, "rules", StringField(*new_rule, "name")) == nullptr) {
      creates.push_back(CreateRule(lb, listener, *new_rule, context));
    }
  }
  if (!lookups.empty()) calls.push_back(DescribeRules(lb, ListenerArn(lb, listener), lookups));
  for (AwsCall& call : deletes) calls.push_back(std::move(call));
  if (!priorities.empty()) {
    calls.push_back({.service = "elbv2",
                     .operation = "set-rule-priorities",
                     .address = lb,
                     .body = {{"RulePriorities", std::move(priorities)}}});
  }
  for (AwsCall& call : modifies) calls.push_back(std::move(call));
  for (AwsCall& call : creates) calls.push_back(std::move(call));
}

void UpdateListeners(const ir::Resource& lb, const Value& before, const EmitContext& context,
                     std::vector<AwsCall>& calls) {
  const std::string& address = lb.address;
  std::vector<ListenerKey> lookups;
  std::vector<AwsCall> deletes, changes, creates;
  for (const Value* old_listener : Entries(before, "listeners")) {
    std::string label = StringField(*old_listener, "name");
    const Value* new_listener = EntryNamed(lb.attributes, "listeners", label);
    if (new_listener && !Changed(*old_listener, *new_listener, "port") &&
        !ListenerSettingsChanged(*old_listener, *new_listener) &&
        !Changed(*old_listener, *new_listener, "rules"))
      continue;
    lookups.push_back({label, Port(*old_listener)});
    if (new_listener == nullptr) {  // its rules go with it
      deletes.push_back({.service = "elbv2",
                         .operation = "delete-listener",
                         .address = address,
                         .body = {{"ListenerArn", ListenerArn(address, label)}}});
      continue;
    }
    if (ListenerSettingsChanged(*old_listener, *new_listener)) {
      Json body = {{"ListenerArn", ListenerArn(address, label)}};
      ListenerMembers(body, *new_listener, context);
      changes.push_back({.service = "elbv2",
                         .operation = "modify-listener",
                         .address = address,
                         .body = std::move(body)});
    }
    UpdateRules(address, label, *old_listener, *new_listener, context, changes);
  }
  for (const Value* new_listener : Entries(lb.attributes, "listeners")) {
    if (EntryNamed(before, "listeners", StringField(*new_listener, "name")) == nullptr) {
      CreateListener(address, *new_listener, context, creates);
    }
  }
  if (!lookups.empty()) calls.push_back(DescribeListeners(address, lookups));
  // Deletes first: a new listener may take a removed one's port.
  for (auto* group : {&deletes, &changes, &creates}) {
    for (AwsCall& call : *group) calls.push_back(std::move(call));
  }
}

std::vector<AwsCall> UpdateLoadBalancer(const ir::Resource& lb, const Value& before,
                                        const EmitContext& context) {
  const Value& a = lb.attributes;
  const std::string& address = lb.address;
  std::vector<AwsCall> changes;
  if (Changed(before, a, "subnets")) {
    changes.push_back({.service = "elbv2",
                       .operation = "set-subnets",
                       .address = address,
                       .body = {{"LoadBalancerArn", Placeholder(address, "arn")},
                                {"Subnets", ToJson(*Field(a, "subnets"), context)}}});
  }
  if (Changed(before, a, "ip_address_type")) {
    changes.push_back({.service = "elbv2",
                       .operation = "set-ip-address-type",
                       .address = address,
                       .body = {{"LoadBalancerArn", Placeholder(address, "arn")},
                                {"IpAddressType", StringField(a, "ip_address_type")}}});
  }
  if (Changed(before, a, "security_groups")) {
    const Value* groups = Field(a, "security_groups");
    changes.push_back(
        {.service = "elbv2",
         .operation = "set-security-groups",
         .address = address,
         .body = {{"LoadBalancerArn", Placeholder(address, "arn")},
                  {"SecurityGroups", groups ? ToJson(*groups, context) : Json::array()}}});
  }
  if (Json entries = LoadBalancerAttributeEntries(a, /*only_non_default=*/false, &before);
      !entries.empty()) {
    changes.push_back(ModifyAttributes(address, std::move(entries)));
  }
  for (AwsCall& call : Elbv2TagUpdates(address, Placeholder(address, "arn"), before, a))
    changes.push_back(std::move(call));
  UpdateListeners(lb, before, context, changes);
  if (changes.empty()) return {};
  std::vector<AwsCall> calls = {DescribeLoadBalancer(address, StringField(a, "name"))};
  for (AwsCall& call : changes) calls.push_back(std::move(call));
  LookUpReferencedTargetGroups(calls, context);
  return calls;
}

std::vector<AwsCall> RemoveLoadBalancer(const ir::Resource& before, const EmitContext& context) {
  const std::string& address = before.address;
  std::vector<AwsCall> calls = {
      DescribeLoadBalancer(address, StringField(before.attributes, "name"))};
  std::vector<ListenerKey> listeners;
  for (const Value* listener : Entries(before.attributes, "listeners")) {
    listeners.push_back({StringField(*listener, "name"), Port(*listener)});
  }
  if (!listeners.empty()) {
    calls.push_back(DescribeListeners(address, listeners));
    for (const ListenerKey& listener : listeners) {
      calls.push_back({.service = "elbv2",
                       .operation = "delete-listener",
                       .address = address,
                       .body = {{"ListenerArn", ListenerArn(address, listener.label)}}});
    }
  }
  calls.push_back({.service = "elbv2",
                   .operation = "delete-load-balancer",
                   .address = address,
                   .body = {{"LoadBalancerArn", Placeholder(address, "arn")}}});
  return calls;
}

}  // namespace

const KindEmitter kLoadBalancerEmitter = {"load_balancer", CreateLoadBalancer, UpdateLoadBalancer,
                                          RemoveLoadBalancer};

}  // namespace berth::aws
