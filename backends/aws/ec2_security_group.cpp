// security_group -> EC2: create-security-group (capturing the generated GroupId), then the rules
// with authorize-security-group-ingress / -egress. EC2 gives a new group one egress rule (all
// traffic to 0.0.0.0/0); berth treats "no egress block" as that rule, so declared egress rules
// replace it and the same rule diff serves creates and updates.
#include <algorithm>

#include "backends/aws/emitters.h"
#include "backends/aws/ir_access.h"
#include "backends/aws/rule_ports.h"

namespace berth::aws {

namespace {

std::string GroupName(const ir::Resource& group) {
  const Value* name = Field(group.attributes, "name");
  return name != nullptr && name->is(ValueKind::kString) ? name->str() : group.name;
}

Json GroupId(const ir::Resource& group) { return Placeholder(group.address, "id"); }

AwsCall Ec2Call(const ir::Resource& group, const char* operation, Json body) {
  return AwsCall{"ec2", operation, group.address, std::move(body), {}};
}

// The rule EC2 puts on every new group, and what berth assumes when no egress is declared.
const Value& DefaultEgressRule() {
  static const Value rule = Value::Map(
      {{"protocol", Value::String("all")}, {"cidr", Value::List({Value::String("0.0.0.0/0")})}});
  return rule;
}

ValueList Rules(const Value& attributes, std::string_view direction) {
  ValueList rules = ListField(attributes, direction);
  if (direction == "egress" && rules.empty()) rules.push_back(DefaultEgressRule());
  return rules;
}

// One rule block as an IpPermission, its ports as RulePorts reads them.
Json IpPermission(const Value& rule, std::string_view peer_key, const EmitContext& context) {
  std::string protocol = RuleProtocol(rule);
  Json permission = {{"IpProtocol", protocol == "all" ? "-1" : protocol}};
  if (std::optional<PortRange> ports = RulePorts(rule)) {
    permission["FromPort"] = ports->from;
    permission["ToPort"] = ports->to;
  }
  const Value* description = Field(rule, "description");
  auto described = [&](Json entry) {
    if (description) entry["Description"] = ToJson(*description, context);
    return entry;
  };
  if (const ValueList& cidrs = ListField(rule, "cidr"); !cidrs.empty()) {
    Json ranges = Json::array();
    for (const Value& cidr : cidrs)
      ranges.push_back(described({{"CidrIp", ToJson(cidr, context)}}));
    permission["IpRanges"] = std::move(ranges);
  }
  if (const ValueList& cidrs = ListField(rule, "ipv6_cidr"); !cidrs.empty()) {
    Json ranges = Json::array();
    for (const Value& cidr : cidrs)
      ranges.push_back(described({{"CidrIpv6", ToJson(cidr, context)}}));
    permission["Ipv6Ranges"] = std::move(ranges);
  }
  if (const Value* peer = Field(rule, peer_key)) {
    permission["UserIdGroupPairs"] =
        Json::array({described({{"GroupId", ToJson(*peer, context)}})});
  }
  return permission;
}

std::string_view PeerKey(std::string_view direction) {
  return direction == "ingress" ? "source_security_group" : "destination_security_group";
}

// The authorize and revoke calls that take the group's `direction` rules from `before` to
// `after`: revokes first, so a rule that only changed its description is replaced cleanly.
void DiffRules(const ir::Resource& group, std::string_view direction, const ValueList& before,
               const ValueList& after, const EmitContext& context, std::vector<AwsCall>& calls) {
  auto permissions_of = [&](const ValueList& rules, const ValueList& others) {
    Json permissions = Json::array();
    for (const Value& rule : rules) {
      // The same rule spelled another way (port = 80, or from_port = to_port = 80) is no change.
      auto same = [&](const Value& other) { return SameRule(rule, other); };
      if (std::none_of(others.begin(), others.end(), same))
        permissions.push_back(IpPermission(rule, PeerKey(direction), context));
    }
    return permissions;
  };
  std::string suffix = "-security-group-" + std::string(direction);
  if (Json revoked = permissions_of(before, after); !revoked.empty()) {
    calls.push_back(Ec2Call(group, ("revoke" + suffix).c_str(),
                            {{"GroupId", GroupId(group)}, {"IpPermissions", revoked}}));
  }
  if (Json authorized = permissions_of(after, before); !authorized.empty()) {
    calls.push_back(Ec2Call(group, ("authorize" + suffix).c_str(),
                            {{"GroupId", GroupId(group)}, {"IpPermissions", authorized}}));
  }
}

void DiffAllRules(const ir::Resource& group, const Value& before, const EmitContext& context,
                  std::vector<AwsCall>& calls) {
  for (std::string_view direction : {"ingress", "egress"})
    DiffRules(group, direction, Rules(before, direction), Rules(group.attributes, direction),
              context, calls);
}

// The group's id by what the stack declares: its name within its VPC.
std::vector<AwsCall> ReadSecurityGroup(const ir::Resource& group, const EmitContext& context) {
  Json filters =
      Json::array({{{"Name", "group-name"}, {"Values", {GroupName(group)}}},
                   {{"Name", "vpc-id"},
                    {"Values", Json::array({ToJson(*Field(group.attributes, "vpc"), context)})}}});
  AwsCall call = Ec2Call(group, "describe-security-groups", {{"Filters", filters}});
  call.captures.push_back({group.address + ".id", "SecurityGroups[0].GroupId"});
  return {call};
}

std::vector<AwsCall> CreateSecurityGroup(const ir::Resource& group, const EmitContext& context) {
  const Value& attributes = group.attributes;
  Json body = {{"GroupName", GroupName(group)}};
  CopyIfSet(body, "Description", attributes, "description", context);
  CopyIfSet(body, "VpcId", attributes, "vpc", context);
  if (const Value* tags = Field(attributes, "tags")) {
    if (std::optional<Json> list = CapitalizedTags(*tags))
      body["TagSpecifications"] =
          Json::array({{{"ResourceType", "security-group"}, {"Tags", *list}}});
  }
  AwsCall create = Ec2Call(group, "create-security-group", std::move(body));
  create.captures.push_back({group.address + ".id", "GroupId"});
  std::vector<AwsCall> calls = {std::move(create)};
  // What EC2 created: no ingress, the default egress rule.
  Value fresh = Value::Map({});
  DiffAllRules(group, fresh, context, calls);
  return calls;
}

std::vector<AwsCall> UpdateSecurityGroup(const ir::Resource& group, const Value& before,
                                         const EmitContext& context) {
  std::vector<AwsCall> calls;
  DiffAllRules(group, before, context, calls);
  Value no_tags = Value::Map({});
  const Value* tags = Field(group.attributes, "tags");
  const Value* old_tags = Field(before, "tags");
  const Value& now = tags ? *tags : no_tags;
  const Value& was = old_tags ? *old_tags : no_tags;
  Json resources = Json::array({GroupId(group)});
  if (std::optional<Json> added = CapitalizedTags(ChangedTags(was, now))) {
    calls.push_back(Ec2Call(group, "create-tags", {{"Resources", resources}, {"Tags", *added}}));
  }
  if (std::vector<std::string> removed = RemovedTagKeys(was, now); !removed.empty()) {
    Json keys = Json::array();
    for (const std::string& key : removed) keys.push_back({{"Key", key}});
    calls.push_back(Ec2Call(group, "delete-tags", {{"Resources", resources}, {"Tags", keys}}));
  }
  if (calls.empty()) return calls;
  std::vector<AwsCall> read = ReadSecurityGroup(group, context);
  calls.insert(calls.begin(), read.begin(), read.end());
  return calls;
}

std::vector<AwsCall> RemoveSecurityGroup(const ir::Resource& group, const EmitContext& context) {
  std::vector<AwsCall> calls = ReadSecurityGroup(group, context);
  calls.push_back(Ec2Call(group, "delete-security-group", {{"GroupId", GroupId(group)}}));
  return calls;
}

}  // namespace

const KindEmitter kSecurityGroupEmitter = {"security_group", &CreateSecurityGroup,
                                           &UpdateSecurityGroup, &RemoveSecurityGroup,
                                           &ReadSecurityGroup};

}  // namespace berth::aws
