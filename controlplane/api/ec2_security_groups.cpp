// EC2 security groups (ec2 protocol): groups with their ingress and egress permissions and
// tags, stored and answered as EC2 does; nothing is enforced (tasks run on the host network).
// A new group gets EC2's default egress rule (all traffic to 0.0.0.0/0). VPCs are not modelled:
// a group keeps the VpcId it was created with (the default VPC's id when none is given).
#include "controlplane/api/api.h"

namespace berth::controlplane::api {

// Named (and anonymous within): the build compiles several files as one unit.
namespace ec2_impl {
namespace {

constexpr const char* kDefaultVpc = "vpc-00000000000000000";

[[noreturn]] void GroupNotFound(const std::string& id) {
  throw ApiError("InvalidGroup.NotFound", "The security group '" + id + "' does not exist");
}

json RequireGroup(Context& context, const json& input) {
  std::string id = input.value("GroupId", "");
  if (id.empty()) {
    std::string name = input.value("GroupName", "");
    for (const json& group : context.tx.List(store::kSecurityGroup)) {
      if (group["GroupName"] == name) return group;
    }
    if (name.empty())
      throw ApiError("MissingParameter", "The request must contain the parameter groupId");
    throw ApiError("InvalidGroup.NotFound",
                   "The security group '" + name + "' does not exist in default VPC");
  }
  auto group = context.tx.Get(store::kSecurityGroup, id);
  if (!group) GroupNotFound(id);
  return *group;
}

void Save(Context& context, const json& group) {
  context.tx.Put(store::kSecurityGroup, group["GroupId"], "", group);
}

// The lists of sources one permission holds, in the order EC2 answers them.
constexpr const char* kSources[] = {"IpRanges", "Ipv6Ranges", "PrefixListIds", "UserIdGroupPairs"};

bool SameRange(const json& a, const json& b) {
  return a.value("IpProtocol", "") == b.value("IpProtocol", "") &&
         a.value("FromPort", -1) == b.value("FromPort", -1) &&
         a.value("ToPort", -1) == b.value("ToPort", -1);
}

// What identifies a source within its list (its CIDR, prefix list or group), description aside.
json SourceKey(const json& source) {
  json key = source;
  key.erase("Description");
  key.erase("UserId");
  return key;
}

// A permission as EC2 stores it: protocol lowercase ("tcp"; "-1" for all), every source list
// present, a group pair with the owner's account.
json Normalized(Context& context, json permission) {
  std::string protocol = permission.value("IpProtocol", "-1");
  for (char& c : protocol) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (protocol == "all") protocol = "-1";
  permission["IpProtocol"] = protocol;
  if (protocol == "-1") {
    permission.erase("FromPort");
    permission.erase("ToPort");
  }
  for (const char* list : kSources) {
    if (!permission.contains(list)) permission[list] = json::array();
  }
  for (json& pair : permission["UserIdGroupPairs"]) {
    if (!pair.contains("UserId")) pair["UserId"] = context.origin.account;
  }
  return permission;
}

json Authorize(Context& context, const json& input, const char* direction) {
  json group = RequireGroup(context, input);
  json& permissions = group[direction];
  json rules = json::array();
  for (const json& given : input.value("IpPermissions", json::array())) {
    json permission = Normalized(context, given);
    for (const json& pair : permission["UserIdGroupPairs"]) {
      std::string source = pair.value("GroupId", "");
      if (!source.empty() && !context.tx.Get(store::kSecurityGroup, source)) GroupNotFound(source);
    }
    json* existing = nullptr;
    for (json& p : permissions) {
      if (SameRange(p, permission)) existing = &p;
    }
    if (!existing) {
      json empty = permission;
      for (const char* list : kSources) empty[list] = json::array();
      permissions.push_back(empty);
      existing = &permissions.back();
    }
    for (const char* list : kSources) {
      for (const json& source : permission[list]) {
        for (const json& held : (*existing)[list]) {
          if (SourceKey(held) == SourceKey(source)) {
            throw ApiError("InvalidPermission.Duplicate",
                           "the specified rule \"peer: " + SourceKey(source).dump() + ", " +
                               permission["IpProtocol"].get<std::string>() + "\" already exists");
          }
        }
        (*existing)[list].push_back(source);
        rules.push_back({{"SecurityGroupRuleId", "sgr-" + RandomHex(17)},
                         {"GroupId", group["GroupId"]},
                         {"GroupOwnerId", context.origin.account},
                         {"IsEgress", std::string(direction) == "IpPermissionsEgress"},
                         {"IpProtocol", permission["IpProtocol"]},
                         {"FromPort", permission.value("FromPort", -1)},
                         {"ToPort", permission.value("ToPort", -1)}});
      }
    }
  }
  Save(context, group);
  return {{"Return", true}, {"SecurityGroupRules", rules}};
}

json Revoke(Context& context, const json& input, const char* direction) {
  json group = RequireGroup(context, input);
  json& permissions = group[direction];
  for (const json& given : input.value("IpPermissions", json::array())) {
    json permission = Normalized(context, given);
    bool found = false;
    for (json& p : permissions) {
      if (!SameRange(p, permission)) continue;
      for (const char* list : kSources) {
        json kept = json::array();
        for (const json& held : p[list]) {
          bool revoked = false;
          for (const json& source : permission[list])
            revoked |= SourceKey(held) == SourceKey(source);
          found |= revoked;
          if (!revoked) kept.push_back(held);
        }
        p[list] = kept;
      }
    }
    if (!found) {
      throw ApiError("InvalidPermission.NotFound",
                     "The specified rule does not exist in this security group.");
    }
  }
  json kept = json::array();
  for (const json& p : permissions) {
    bool any = false;
    for (const char* list : kSources) any |= !p[list].empty();
    if (any) kept.push_back(p);
  }
  permissions = kept;
  Save(context, group);
  return {{"Return", true}};
}

json CreateSecurityGroup(Context& context, const json& input) {
  std::string name = RequireString(input, "GroupName", "MissingParameter");
  std::string description = RequireString(input, "Description", "MissingParameter");
  std::string vpc = input.value("VpcId", kDefaultVpc);
  for (const json& group : context.tx.List(store::kSecurityGroup)) {
    if (group["GroupName"] == name && group["VpcId"] == vpc) {
      throw ApiError("InvalidGroup.Duplicate",
                     "The security group '" + name + "' already exists for VPC '" + vpc + "'");
    }
  }
  std::string id = "sg-" + RandomHex(17);
  json tags = json::array();
  for (const json& spec : input.value("TagSpecifications", json::array())) {
    if (spec.value("ResourceType", "security-group") == "security-group")
      tags = MergeTags(tags, spec.value("Tags", json::array()));
  }
  json group = {
      {"GroupId", id},
      {"GroupName", name},
      {"Description", description},
      {"VpcId", vpc},
      {"OwnerId", context.origin.account},
      {"SecurityGroupArn", ServiceArn(context, "ec2", "security-group/" + id)},
      {"IpPermissions", json::array()},
      {"IpPermissionsEgress", json::array({{{"IpProtocol", "-1"},
                                            {"IpRanges", json::array({{{"CidrIp", "0.0.0.0/0"}}})},
                                            {"Ipv6Ranges", json::array()},
                                            {"PrefixListIds", json::array()},
                                            {"UserIdGroupPairs", json::array()}}})},
      {"Tags", tags}};
  Save(context, group);
  json out = {{"GroupId", id}, {"SecurityGroupArn", group["SecurityGroupArn"]}};
  if (!tags.empty()) out["Tags"] = tags;
  return out;
}

json DeleteSecurityGroup(Context& context, const json& input) {
  json group = RequireGroup(context, input);
  std::string id = group["GroupId"];
  for (const json& other : context.tx.List(store::kSecurityGroup)) {
    if (other["GroupId"] == id) continue;
    for (const char* direction : {"IpPermissions", "IpPermissionsEgress"}) {
      for (const json& p : other[direction]) {
        for (const json& pair : p["UserIdGroupPairs"]) {
          if (pair.value("GroupId", "") == id) {
            throw ApiError("DependencyViolation", "resource " + id + " has a dependent object");
          }
        }
      }
    }
  }
  context.tx.Delete(store::kSecurityGroup, id);
  return {{"Return", true}, {"GroupId", id}};
}

// EC2's filters on security groups: group-name, group-id, vpc-id, description, tag:KEY,
// tag-key; values match exactly (EC2's `*` wildcards are not supported).
bool Matches(const json& group, const json& filter) {
  std::string name = filter.value("Name", "");
  json values = filter.value("Values", json::array());
  auto any = [&](const std::string& text) {
    for (const json& v : values) {
      if (v == text) return true;
    }
    return false;
  };
  if (name == "group-name") return any(group["GroupName"]);
  if (name == "group-id") return any(group["GroupId"]);
  if (name == "vpc-id") return any(group["VpcId"]);
  if (name == "description") return any(group["Description"]);
  if (name == "owner-id") return any(group["OwnerId"]);
  for (const json& tag : group["Tags"]) {
    if (name == "tag:" + tag.value("Key", "") && any(tag.value("Value", ""))) return true;
    if (name == "tag-key" && any(tag.value("Key", ""))) return true;
  }
  if (name.rfind("tag", 0) == 0) return false;
  throw ApiError("InvalidParameterValue", "The filter '" + name + "' is invalid");
}

json DescribeSecurityGroups(Context& context, const json& input) {
  json groups = json::array();
  json ids = input.value("GroupIds", json::array());
  json names = input.value("GroupNames", json::array());
  for (const json& id : ids) {
    if (!context.tx.Get(store::kSecurityGroup, id.get<std::string>())) GroupNotFound(id);
  }
  for (const json& group : context.tx.List(store::kSecurityGroup)) {
    bool wanted = true;
    if (!ids.empty()) wanted &= std::find(ids.begin(), ids.end(), group["GroupId"]) != ids.end();
    if (!names.empty())
      wanted &= std::find(names.begin(), names.end(), group["GroupName"]) != names.end();
    for (const json& filter : input.value("Filters", json::array()))
      wanted &= Matches(group, filter);
    if (wanted) groups.push_back(model::Public(group));
  }
  return {{"SecurityGroups", groups}};
}

// CreateTags / DeleteTags on security groups; ids of other resources are accepted and ignored
// (berth serve models no other EC2 resource).
json CreateTags(Context& context, const json& input) {
  for (const json& id : input.value("Resources", json::array())) {
    auto group = context.tx.Get(store::kSecurityGroup, id.get<std::string>());
    if (!group) continue;
    (*group)["Tags"] = MergeTags((*group)["Tags"], input.value("Tags", json::array()));
    Save(context, *group);
  }
  return json::object();
}

json DeleteTags(Context& context, const json& input) {
  for (const json& id : input.value("Resources", json::array())) {
    auto group = context.tx.Get(store::kSecurityGroup, id.get<std::string>());
    if (!group) continue;
    json kept = json::array();
    for (const json& tag : (*group)["Tags"]) {
      bool removed = false;
      for (const json& gone : input.value("Tags", json::array())) {
        removed |= gone.value("Key", "") == tag.value("Key", "") &&
                   (!gone.contains("Value") || gone["Value"] == tag.value("Value", ""));
      }
      if (!removed) kept.push_back(tag);
    }
    (*group)["Tags"] = kept;
    Save(context, *group);
  }
  return json::object();
}

json DescribeTags(Context& context, const json&) {
  json tags = json::array();
  for (const json& group : context.tx.List(store::kSecurityGroup)) {
    for (const json& tag : group["Tags"]) {
      tags.push_back({{"ResourceId", group["GroupId"]},
                      {"ResourceType", "security-group"},
                      {"Key", tag["Key"]},
                      {"Value", tag.value("Value", "")}});
    }
  }
  return {{"Tags", tags}};
}

json AuthorizeIngress(Context& c, const json& i) { return Authorize(c, i, "IpPermissions"); }
json AuthorizeEgress(Context& c, const json& i) { return Authorize(c, i, "IpPermissionsEgress"); }
json RevokeIngress(Context& c, const json& i) { return Revoke(c, i, "IpPermissions"); }
json RevokeEgress(Context& c, const json& i) { return Revoke(c, i, "IpPermissionsEgress"); }

}  // namespace
}  // namespace ec2_impl

const OperationTable& Ec2Operations() {
  using namespace ec2_impl;
  static const OperationTable table = {
      {"CreateSecurityGroup", &CreateSecurityGroup},
      {"DeleteSecurityGroup", &DeleteSecurityGroup},
      {"DescribeSecurityGroups", &DescribeSecurityGroups},
      {"AuthorizeSecurityGroupIngress", &AuthorizeIngress},
      {"AuthorizeSecurityGroupEgress", &AuthorizeEgress},
      {"RevokeSecurityGroupIngress", &RevokeIngress},
      {"RevokeSecurityGroupEgress", &RevokeEgress},
      {"CreateTags", &CreateTags},
      {"DeleteTags", &DeleteTags},
      {"DescribeTags", &DescribeTags},
  };
  return table;
}

}  // namespace berth::controlplane::api
