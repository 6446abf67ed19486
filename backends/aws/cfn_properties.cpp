// CloudFormation's resource properties are, for the services berth emits, the API's request
// members with the first letter capitalised. The exceptions are listed below, once: the keys
// CloudFormation names differently, the ones it has no property for, the free-form maps whose
// keys are data (botocore `map` shapes: kept verbatim), and the JSON documents that the API takes
// as strings and CloudFormation as objects. tests/unit/aws_cfn checks this table against the
// botocore models and the templates against cfn-lint's CloudFormation schemas.
#include "backends/aws/cfn_properties.h"

#include <algorithm>
#include <cctype>
#include <string_view>
#include <unordered_map>

namespace berth::aws {

// Named (not anonymous): CfnCallRules, which the header declares, holds these.
namespace cfn_rules {

enum class KeyAction {
  kRename,        // CloudFormation's name for the key is `name`
  kDrop,          // no such property: the call's target (given by the resource) or unsupported
  kFreeMap,       // a map whose keys are data: capitalise the key, keep the value verbatim
  kJsonDocument,  // a JSON document in a string: the parsed object
  kTagMap,        // {"k": "v"} tags: CloudFormation's [{"Key": "k", "Value": "v"}]
  kUnsupported,   // newer than CloudFormation's resource schema: left out, with a note
};

struct KeyRule {
  std::string_view call;  // "SERVICE OPERATION"
  std::string_view path;  // the API keys from the body's root, list indexes left out
  KeyAction action;
  std::string_view name = {};
};

constexpr KeyRule kKeyRules[] = {
    {"ecs create-cluster", "settings", KeyAction::kRename, "ClusterSettings"},
    {"ecs register-task-definition", "volumes.efsVolumeConfiguration", KeyAction::kRename,
     "EFSVolumeConfiguration"},
    {"ecs register-task-definition", "containerDefinitions.dockerLabels", KeyAction::kFreeMap},
    {"ecs register-task-definition", "containerDefinitions.logConfiguration.options",
     KeyAction::kFreeMap},
    {"ecs register-task-definition", "containerDefinitions.firelensConfiguration.options",
     KeyAction::kFreeMap},
    {"ecs register-task-definition", "volumes.dockerVolumeConfiguration.driverOpts",
     KeyAction::kFreeMap},
    {"ecs register-task-definition", "volumes.dockerVolumeConfiguration.labels",
     KeyAction::kFreeMap},
    {"ecs register-task-definition", "volumes.efsVolumeConfiguration.fileSystemId",
     KeyAction::kRename, "FilesystemId"},
    {"ecs register-task-definition", "volumes.efsVolumeConfiguration.authorizationConfig.iam",
     KeyAction::kRename, "IAM"},
    {"ecs register-task-definition", "volumes.fsxWindowsFileServerVolumeConfiguration",
     KeyAction::kRename, "FSxWindowsFileServerVolumeConfiguration"},
    {"ecs register-task-definition", "proxyConfiguration.properties", KeyAction::kRename,
     "ProxyConfigurationProperties"},
    {"ecs register-task-definition", "volumes.s3filesVolumeConfiguration", KeyAction::kUnsupported},
    {"ecs create-service", "deploymentConfiguration.lifecycleHooks.targetType",
     KeyAction::kUnsupported},
    {"ecs create-service", "deploymentConfiguration.lifecycleHooks.timeoutConfiguration",
     KeyAction::kUnsupported},
    {"ecs create-service", "placementStrategy", KeyAction::kRename, "PlacementStrategies"},
    {"ecs create-service", "clientToken", KeyAction::kDrop},
    {"ecs create-service", "serviceConnectConfiguration.logConfiguration.options",
     KeyAction::kFreeMap},
    {"logs create-log-group", "tags", KeyAction::kTagMap},
    {"logs put-retention-policy", "logGroupName", KeyAction::kDrop},
    {"iam create-role", "AssumeRolePolicyDocument", KeyAction::kJsonDocument},
    {"iam put-role-policy", "RoleName", KeyAction::kDrop},
    {"iam put-role-policy", "PolicyDocument", KeyAction::kJsonDocument},
    {"ec2 create-security-group", "Description", KeyAction::kRename, "GroupDescription"},
    {"elbv2 modify-target-group-attributes", "TargetGroupArn", KeyAction::kDrop},
    {"elbv2 modify-target-group-attributes", "Attributes", KeyAction::kRename,
     "TargetGroupAttributes"},
    {"elbv2 modify-load-balancer-attributes", "LoadBalancerArn", KeyAction::kDrop},
    {"elbv2 modify-load-balancer-attributes", "Attributes", KeyAction::kRename,
     "LoadBalancerAttributes"},
    // AWS::ElasticLoadBalancingV2::Listener and ListenerRule have no Tags property.
    {"elbv2 create-listener", "Tags", KeyAction::kDrop},
    {"elbv2 create-rule", "Tags", KeyAction::kDrop},
    {"elbv2 create-listener",
     "DefaultActions.AuthenticateOidcConfig.AuthenticationRequestExtraParams", KeyAction::kFreeMap},
    {"elbv2 create-listener",
     "DefaultActions.AuthenticateCognitoConfig.AuthenticationRequestExtraParams",
     KeyAction::kFreeMap},
    {"elbv2 create-rule", "Actions.AuthenticateOidcConfig.AuthenticationRequestExtraParams",
     KeyAction::kFreeMap},
    {"elbv2 create-rule", "Actions.AuthenticateCognitoConfig.AuthenticationRequestExtraParams",
     KeyAction::kFreeMap},
    // AWS::ApplicationAutoScaling::ScalableTarget has no Tags property.
    {"application-autoscaling register-scalable-target", "Tags", KeyAction::kDrop},
    // A ScalingPolicy names its ScalableTarget by Ref (ScalingTargetId), scheduled actions live
    // inside the ScalableTarget: the API's way of naming the target goes.
    {"application-autoscaling put-scaling-policy", "ServiceNamespace", KeyAction::kDrop},
    {"application-autoscaling put-scaling-policy", "ResourceId", KeyAction::kDrop},
    {"application-autoscaling put-scaling-policy", "ScalableDimension", KeyAction::kDrop},
    {"application-autoscaling put-scheduled-action", "ServiceNamespace", KeyAction::kDrop},
    {"application-autoscaling put-scheduled-action", "ResourceId", KeyAction::kDrop},
    {"application-autoscaling put-scheduled-action", "ScalableDimension", KeyAction::kDrop},
    {"events put-targets", "Rule", KeyAction::kDrop},
    {"events put-targets", "EventBusName", KeyAction::kDrop},
    {"events put-targets", "Targets.EcsParameters.NetworkConfiguration.awsvpcConfiguration",
     KeyAction::kRename, "AwsVpcConfiguration"},
    {"events put-targets", "Targets.EcsParameters.PlacementStrategy", KeyAction::kRename,
     "PlacementStrategies"},
    {"events put-targets", "Targets.EcsParameters.Tags", KeyAction::kRename, "TagList"},
    {"servicediscovery create-service", "CreatorRequestId", KeyAction::kDrop},
};

}  // namespace cfn_rules

using cfn_rules::KeyAction;
using cfn_rules::KeyRule;

struct CfnCallRules {
  std::vector<const KeyRule*> rules;
  std::vector<const KeyRule*> unsupported;  // its kUnsupported ones
};

namespace {

// The rules of a call ("SERVICE OPERATION"), or null: grouped once per call, since most calls
// have none or a few, so that a key is matched against its call's rules only, and its path is
// built only while some rule of the call could still match below it.
const CfnCallRules* RulesOf(std::string_view call) {
  static const auto* const kByCall = [] {
    auto* by_call = new std::unordered_map<std::string_view, CfnCallRules>();
    for (const KeyRule& rule : cfn_rules::kKeyRules) {
      CfnCallRules& rules = (*by_call)[rule.call];
      rules.rules.push_back(&rule);
      if (rule.action == KeyAction::kUnsupported) rules.unsupported.push_back(&rule);
    }
    return by_call;
  }();
  auto found = kByCall->find(call);
  return found == kByCall->end() ? nullptr : &found->second;
}

const KeyRule* RuleFor(const std::vector<const KeyRule*>& rules, std::string_view path) {
  for (const KeyRule* rule : rules) {
    if (rule->path == path) return rule;
  }
  return nullptr;
}

// Whether a rule's path starts with `path` + ".": keys below `path` may have a rule.
bool RulesBelow(const std::vector<const KeyRule*>& rules, std::string_view path) {
  for (const KeyRule* rule : rules) {
    if (rule->path.size() > path.size() && rule->path[path.size()] == '.' &&
        rule->path.starts_with(path))
      return true;
  }
  return false;
}

constexpr CfnCasing kKept = {CfnCasing::Mode::kKept};
constexpr CfnCasing kCapitalized = {CfnCasing::Mode::kCapitalized};

std::string Capitalized(std::string_view key) {
  std::string out(key);
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

std::string KeyText(const CfnMember& member) {
  return member.capitalize ? Capitalized(member.key) : std::string(member.key);
}

Json TagList(const Json& tags) {
  Json list = Json::array();
  for (const auto& [key, value] : tags.items()) list.push_back({{"Key", key}, {"Value", value}});
  return list;
}

Json ArrayOf(Json&& item) {
  Json array = Json::array();
  array.push_back(std::move(item));
  return array;
}

// `out[key] = value` as operator[] does it (a key met twice keeps its first place, the last
// value), without the temporary null that operator[] assigns over.
void Set(Json::object_t& out, std::string key, Json value) {
  for (auto& entry : out) {
    if (entry.first == key) {
      entry.second = std::move(value);
      return;
    }
  }
  out.emplace_back(std::move(key), std::move(value));
}

// The same for a resource's properties.
void Set(std::vector<CfnProperty>& properties, std::string key, CfnValue value) {
  for (CfnProperty& property : properties) {
    if (property.key == key) {
      property.value = std::move(value);
      property.appended.clear();
      return;
    }
  }
  properties.push_back({std::move(key), std::move(value)});
}

}  // namespace

CfnMember CfnMemberOf(const CfnCasing& casing, std::string& path, std::string_view key) {
  switch (casing.mode) {
    case CfnCasing::Mode::kKept:
      return {.key = key, .casing = kKept};
    case CfnCasing::Mode::kCapitalized:
      return {.key = key, .capitalize = true, .casing = kCapitalized};
    case CfnCasing::Mode::kRules:
      break;
  }
  if (!path.empty()) path += '.';
  path += key;
  const std::vector<const KeyRule*>& rules = casing.rules->rules;
  const KeyRule* rule = RuleFor(rules, path);
  CfnCasing below = RulesBelow(rules, path) ? casing : kCapitalized;
  if (rule == nullptr) return {.key = key, .capitalize = true, .casing = below};
  switch (rule->action) {
    case KeyAction::kRename:
      return {.key = rule->name, .casing = below};
    case KeyAction::kDrop:
      return {.written = false};
    case KeyAction::kFreeMap:
      return {.key = key, .capitalize = true, .casing = kKept};
    case KeyAction::kJsonDocument:
      return {
          .key = key, .capitalize = true, .casing = kKept, .form = CfnMember::Form::kJsonDocument};
    case KeyAction::kTagMap:
      return {.key = "Tags", .casing = kKept, .form = CfnMember::Form::kTagList};
    case KeyAction::kUnsupported:
      return {.written = false, .unsupported = true};
  }
  return {.written = false};
}

namespace {

void FreeTree(Json& value) {
  if (value.is_object()) {
    auto& members = value.get_ref<Json::object_t&>();
    for (auto& member : members) FreeTree(member.second);
    members.clear();
  } else if (value.is_array()) {
    auto& items = value.get_ref<Json::array_t&>();
    for (Json& item : items) FreeTree(item);
    items.clear();
  }
}

}  // namespace

void FreeProperties(std::vector<CfnProperty>& properties) {
  for (CfnProperty& property : properties) {
    FreeTree(property.value.value);
    for (CfnValue& more : property.appended) FreeTree(more.value);
  }
  std::vector<CfnProperty>().swap(properties);
}

Json CfnDocuments::Parsed(const std::string& text) {
  for (const auto& [kept, document] : recent_) {
    if (kept == text) return document;
  }
  if (recent_.size() == kKept) recent_.erase(recent_.begin());
  recent_.emplace_back(text, Json::parse(text, nullptr, false));
  return recent_.back().second;
}

Json CfnFormed(CfnMember::Form form, const Json& value, CfnDocuments& documents) {
  switch (form) {
    case CfnMember::Form::kAsIs:
      break;
    case CfnMember::Form::kJsonDocument:
      if (value.is_string()) return documents.Parsed(value.get_ref<const std::string&>());
      break;
    case CfnMember::Form::kTagList:
      return TagList(value);
  }
  return value;
}

namespace {

// The members of a body that CloudFormation has no property for (their API paths), in the order
// a walk meets them. Only the parts of the body on the way to an unsupported rule's path are
// looked at.
void FindUnsupported(const Json& value, const CfnCasing& casing, std::string& path,
                     std::vector<std::string>& found) {
  if (value.is_array()) {
    for (const Json& item : value) FindUnsupported(item, casing, path, found);
    return;
  }
  if (!value.is_object()) return;
  const std::vector<const KeyRule*>& unsupported = casing.rules->unsupported;
  for (const auto& [key, item] : value.get_ref<const Json::object_t&>()) {
    size_t length = path.size();
    if (!path.empty()) path += '.';
    path += key;
    bool on_the_way = RuleFor(unsupported, path) != nullptr || RulesBelow(unsupported, path);
    path.resize(length);
    if (!on_the_way) continue;
    CfnMember member = CfnMemberOf(casing, path, key);
    if (member.unsupported) {
      if (std::find(found.begin(), found.end(), path) == found.end()) found.push_back(path);
    } else if (member.casing.mode == CfnCasing::Mode::kRules) {
      FindUnsupported(item, member.casing, path, found);
    }
    path.resize(length);
  }
}

CfnProperty* Find(std::vector<CfnProperty>& properties, std::string_view key);

// The body's top-level members as properties: their keys cased now, their values as they are
// (cased as they are written).
std::vector<CfnProperty> PropertiesOf(Json&& body, const CfnCasing& casing,
                                      CfnDocuments& documents) {
  std::vector<CfnProperty> properties;
  if (!body.is_object()) return properties;
  properties.reserve(body.size());
  std::string path;
  for (auto& [key, item] : body.get_ref<Json::object_t&>()) {
    CfnMember member = CfnMemberOf(casing, path, key);
    if (member.written) {
      // As Set does it, the property made in place.
      std::string name = KeyText(member);
      CfnProperty* property = Find(properties, name);
      if (property == nullptr) {
        property = &properties.emplace_back();
        property->key = std::move(name);
      }
      CfnValue& value = property->value;
      value.value = member.form == CfnMember::Form::kAsIs ? std::move(item)
                                                          : CfnFormed(member.form, item, documents);
      value.casing = member.casing;
      if (member.casing.mode == CfnCasing::Mode::kRules) value.path = path;
    }
    path.clear();
  }
  return properties;
}

// A value with its keys cased, as a tree.
Json Converted(Json&& value, const CfnCasing& casing, std::string& path, CfnDocuments& documents) {
  if (casing.mode == CfnCasing::Mode::kKept) return std::move(value);
  if (value.is_array()) {
    for (Json& item : value) item = Converted(std::move(item), casing, path, documents);
    return std::move(value);
  }
  if (!value.is_object()) return std::move(value);
  Json result = Json::object();
  auto& out = result.get_ref<Json::object_t&>();
  // Growing an ordered_json object copies the entries converted so far (a pair with a const key
  // has no noexcept move).
  out.reserve(value.size());
  for (auto& [key, item] : value.get_ref<Json::object_t&>()) {
    size_t length = path.size();
    CfnMember member = CfnMemberOf(casing, path, key);
    if (member.written) {
      std::string name = KeyText(member);
      Set(out, std::move(name),
          member.form == CfnMember::Form::kAsIs
              ? Converted(std::move(item), member.casing, path, documents)
              : CfnFormed(member.form, item, documents));
    }
    path.resize(length);
  }
  return result;
}

// The properties as one tree, every key cased: for the few calls whose properties are rearranged
// (a security group's tags and rules, a role's inline policy, a scheduled action).
Json Tree(std::vector<CfnProperty>&& properties, CfnDocuments& documents) {
  Json tree = Json::object();
  auto& out = tree.get_ref<Json::object_t&>();
  out.reserve(properties.size());
  std::string path;
  for (CfnProperty& property : properties) {
    path = property.value.path;
    Json value = Converted(std::move(property.value.value), property.value.casing, path, documents);
    for (CfnValue& more : property.appended) {
      for (Json& item : more.value) {
        path = more.path;
        value.push_back(Converted(std::move(item), more.casing, path, documents));
      }
    }
    out.emplace_back(std::move(property.key), std::move(value));
  }
  return tree;
}

// A tree's members as properties whose keys are CloudFormation's already.
std::vector<CfnProperty> KeptProperties(Json&& tree) {
  std::vector<CfnProperty> properties;
  for (auto& [key, value] : tree.get_ref<Json::object_t&>())
    properties.push_back({key, {std::move(value)}});
  return properties;
}

std::vector<CfnProperty> One(std::string key, Json value) {
  std::vector<CfnProperty> properties;
  properties.push_back({std::move(key), {std::move(value)}});
  return properties;
}

CfnProperty* Find(std::vector<CfnProperty>& properties, std::string_view key) {
  for (CfnProperty& property : properties) {
    if (property.key == key) return &property;
  }
  return nullptr;
}

// A top-level string property, or "".
std::string StringProperty(std::vector<CfnProperty>& properties, std::string_view key) {
  CfnProperty* property = Find(properties, key);
  if (property == nullptr || !property->value.value.is_string()) return "";
  return property->value.value.get<std::string>();
}

// EC2's IpPermissions hold several sources per port range; CloudFormation's SecurityGroupIngress
// and SecurityGroupEgress entries hold one each.
Json SecurityGroupRules(const Json& permissions, bool ingress) {
  Json rules = Json::array();
  for (const Json& permission : permissions) {
    Json base = {{"IpProtocol", permission.value("IpProtocol", "-1")}};
    if (permission.contains("FromPort")) base["FromPort"] = permission["FromPort"];
    if (permission.contains("ToPort")) base["ToPort"] = permission["ToPort"];
    auto add = [&](const char* list, const char* source_key, const char* cfn_key) {
      if (!permission.contains(list)) return;
      for (const Json& source : permission[list]) {
        Json rule = base;
        rule[cfn_key] = source[source_key];
        if (source.contains("Description")) rule["Description"] = source["Description"];
        rules.push_back(std::move(rule));
      }
    };
    add("IpRanges", "CidrIp", "CidrIp");
    add("Ipv6Ranges", "CidrIpv6", "CidrIpv6");
    add("UserIdGroupPairs", "GroupId",
        ingress ? "SourceSecurityGroupId" : "DestinationSecurityGroupId");
    add("PrefixListIds", "PrefixListId",
        ingress ? "SourcePrefixListId" : "DestinationPrefixListId");
  }
  return rules;
}

CfnContribution New(std::string_view type, std::string suffix,
                    std::vector<CfnProperty> properties) {
  return {CfnContribution::Kind::kNewResource, type, std::move(suffix), std::move(properties)};
}

CfnContribution Add(std::string_view type, std::vector<CfnProperty> properties) {
  return {CfnContribution::Kind::kAddToResource, type, "", std::move(properties)};
}

// A name with the placeholders taken out, for logical ids.
std::string WithoutPlaceholders(std::string text) {
  size_t open;
  while ((open = text.find("{{berth:")) != std::string::npos) {
    size_t close = text.find("}}", open);
    if (close == std::string::npos) break;
    text.erase(open, close + 2 - open);
  }
  return text;
}

}  // namespace

std::string PascalWords(std::string_view text) {
  // ASCII letters and digits, as isalnum and toupper have them in the C locale berth runs in
  // (without a call per byte: every logical id is made here).
  auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
  auto word = [&](char c) { return lower(c) || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); };
  std::string out(text.size(), '\0');
  size_t length = 0;
  bool start = true;
  for (char c : text) {
    if (!word(c)) {
      start = true;
      continue;
    }
    out[length++] = start && lower(c) ? static_cast<char>(c - 'a' + 'A') : c;
    start = false;
  }
  out.resize(length);
  return out;
}

namespace {
CfnContribution Contribution(const AwsCall& call, std::string_view key,
                             std::vector<CfnProperty> properties, CfnDocuments& documents);
}  // namespace

CfnContribution ContributionOf(AwsCall& call, CfnDocuments& documents) {
  const std::string key = call.service + " " + call.operation;
  const CfnCallRules* rules = RulesOf(key);
  CfnCasing casing = rules == nullptr ? kCapitalized : CfnCasing{CfnCasing::Mode::kRules, rules};
  std::vector<std::string> unsupported;
  if (rules != nullptr && !rules->unsupported.empty()) {
    std::string path;
    FindUnsupported(call.body, casing, path, unsupported);
  }
  std::vector<CfnProperty> properties = PropertiesOf(std::move(call.body), casing, documents);
  FreeTree(call.body);  // what is left of it: its keys
  call.body = Json();
  CfnContribution contribution = Contribution(call, key, std::move(properties), documents);
  contribution.unsupported = std::move(unsupported);
  return contribution;
}

namespace {

CfnContribution Contribution(const AwsCall& call, std::string_view key,
                             std::vector<CfnProperty> properties, CfnDocuments& documents) {
  // The body moved into `properties`; these keys are the same in both (no rule renames them).
  if (key == "ecs create-cluster") return New("AWS::ECS::Cluster", "", std::move(properties));
  if (key == "ecs register-task-definition")
    return New("AWS::ECS::TaskDefinition", "", std::move(properties));
  if (key == "ecs create-service") return New("AWS::ECS::Service", "", std::move(properties));
  if (key == "logs create-log-group") return New("AWS::Logs::LogGroup", "", std::move(properties));
  if (key == "logs put-retention-policy") return Add("AWS::Logs::LogGroup", std::move(properties));
  if (key == "iam create-role") return New("AWS::IAM::Role", "", std::move(properties));
  if (key == "iam attach-role-policy") {
    CfnProperty* arn = Find(properties, "PolicyArn");
    CfnValue arns = arn ? std::move(arn->value) : CfnValue{};
    arns.value = ArrayOf(std::move(arns.value));
    std::vector<CfnProperty> added;
    added.push_back({"ManagedPolicyArns", std::move(arns)});
    return Add("AWS::IAM::Role", std::move(added));
  }
  if (key == "iam put-role-policy")
    return Add("AWS::IAM::Role", One("Policies", ArrayOf(Tree(std::move(properties), documents))));
  if (key == "ec2 create-security-group") {
    Json tree = Tree(std::move(properties), documents);
    Json tags = Json::array();
    if (tree.contains("TagSpecifications")) {
      for (const Json& spec : tree["TagSpecifications"])
        for (const Json& tag : spec.value("Tags", Json::array())) tags.push_back(tag);
      tree.erase("TagSpecifications");
    }
    if (!tags.empty()) tree["Tags"] = std::move(tags);
    return New("AWS::EC2::SecurityGroup", "", KeptProperties(std::move(tree)));
  }
  if (key == "ec2 authorize-security-group-ingress") {
    Json tree = Tree(std::move(properties), documents);
    return Add("AWS::EC2::SecurityGroup",
               One("SecurityGroupIngress", SecurityGroupRules(tree["IpPermissions"], true)));
  }
  if (key == "ec2 authorize-security-group-egress") {
    Json tree = Tree(std::move(properties), documents);
    return Add("AWS::EC2::SecurityGroup",
               One("SecurityGroupEgress", SecurityGroupRules(tree["IpPermissions"], false)));
  }
  // A SecurityGroupEgress property replaces EC2's default allow-all rule by itself.
  if (key == "ec2 revoke-security-group-egress") return {CfnContribution::Kind::kIgnored};
  if (key == "elbv2 create-target-group")
    return New("AWS::ElasticLoadBalancingV2::TargetGroup", "", std::move(properties));
  if (key == "elbv2 modify-target-group-attributes")
    return Add("AWS::ElasticLoadBalancingV2::TargetGroup", std::move(properties));
  if (key == "elbv2 create-load-balancer")
    return New("AWS::ElasticLoadBalancingV2::LoadBalancer", "", std::move(properties));
  if (key == "elbv2 modify-load-balancer-attributes")
    return Add("AWS::ElasticLoadBalancingV2::LoadBalancer", std::move(properties));
  if (key == "elbv2 create-listener" || key == "elbv2 create-rule") {
    // Named by what it captures: load_balancer.public.listener.https.arn -> ListenerHttps.
    std::string suffix;
    if (!call.captures.empty()) {
      std::string name = call.captures[0].name;
      if (name.starts_with(call.address + ".")) name = name.substr(call.address.size() + 1);
      if (name.ends_with(".arn")) name.resize(name.size() - 4);
      if (name != "arn") suffix = PascalWords(name);
    }
    return New(key == "elbv2 create-listener" ? "AWS::ElasticLoadBalancingV2::Listener"
                                              : "AWS::ElasticLoadBalancingV2::ListenerRule",
               suffix, std::move(properties));
  }
  if (key == "application-autoscaling register-scalable-target")
    return New("AWS::ApplicationAutoScaling::ScalableTarget", "ScalableTarget",
               std::move(properties));
  if (key == "application-autoscaling put-scaling-policy") {
    Set(properties, "ScalingTargetId", {Placeholder(call.address, kScalableTargetAttribute)});
    // Named before the properties move (an argument's evaluation order is unspecified).
    std::string suffix = "ScalingPolicy" + PascalWords(StringProperty(properties, "PolicyName"));
    return New("AWS::ApplicationAutoScaling::ScalingPolicy", std::move(suffix),
               std::move(properties));
  }
  if (key == "application-autoscaling put-scheduled-action")
    return Add("AWS::ApplicationAutoScaling::ScalableTarget",
               One("ScheduledActions", ArrayOf(Tree(std::move(properties), documents))));
  if (key == "cloudwatch put-metric-alarm") {
    std::string suffix =
        "Alarm" + PascalWords(WithoutPlaceholders(StringProperty(properties, "AlarmName")));
    return New("AWS::CloudWatch::Alarm", std::move(suffix), std::move(properties));
  }
  if (key == "events put-rule") return New("AWS::Events::Rule", "", std::move(properties));
  if (key == "events put-targets") return Add("AWS::Events::Rule", std::move(properties));
  if (key == "servicediscovery create-service")
    return New("AWS::ServiceDiscovery::Service", "Discovery", std::move(properties));
  return {};
}

}  // namespace

}  // namespace berth::aws
