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

namespace berth::aws {

namespace {

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

// The rules of one call: most calls have none or a few, so keys are matched against those only,
// and a key's path is built only while some rule of the call could still match below it.
using CallRules = std::vector<const KeyRule*>;

CallRules RulesOf(std::string_view call) {
  CallRules rules;
  for (const KeyRule& rule : kKeyRules) {
    if (rule.call == call) rules.push_back(&rule);
  }
  return rules;
}

const KeyRule* RuleFor(const CallRules& rules, std::string_view path) {
  for (const KeyRule* rule : rules) {
    if (rule->path == path) return rule;
  }
  return nullptr;
}

// Whether a rule's path starts with `path` + ".": keys below `path` may have a rule.
bool RulesBelow(const CallRules& rules, std::string_view path) {
  for (const KeyRule* rule : rules) {
    if (rule->path.size() > path.size() && rule->path[path.size()] == '.' &&
        rule->path.starts_with(path))
      return true;
  }
  return false;
}

std::string Capitalized(std::string_view key) {
  std::string out(key);
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

Json TagList(const Json& tags) {
  Json list = Json::array();
  for (const auto& [key, value] : tags.items()) list.push_back({{"Key", key}, {"Value", value}});
  return list;
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

// The body's keys capitalised, renamed or dropped by the call's rules. Takes the body: values
// move into the properties instead of being copied. `path` is the keys from the root ("" at the
// root), or null below a point where no rule applies.
Json Convert(Json&& value, const CallRules& rules, std::string* path,
             std::vector<std::string>& unsupported) {
  if (value.is_array()) {
    for (Json& item : value) item = Convert(std::move(item), rules, path, unsupported);
    return std::move(value);
  }
  if (!value.is_object()) return std::move(value);
  Json result = Json::object();
  auto& out = result.get_ref<Json::object_t&>();
  // Growing an ordered_json object copies the entries converted so far (a pair with a const key
  // has no noexcept move).
  out.reserve(value.size());
  for (auto& [key, item] : value.get_ref<Json::object_t&>()) {
    if (path == nullptr) {
      Set(out, Capitalized(key), Convert(std::move(item), rules, nullptr, unsupported));
      continue;
    }
    size_t length = path->size();
    if (!path->empty()) *path += '.';
    *path += key;
    const KeyRule* rule = RuleFor(rules, *path);
    std::string* below = RulesBelow(rules, *path) ? path : nullptr;
    if (rule == nullptr) {
      Set(out, Capitalized(key), Convert(std::move(item), rules, below, unsupported));
      path->resize(length);
      continue;
    }
    switch (rule->action) {
      case KeyAction::kRename:
        Set(out, std::string(rule->name), Convert(std::move(item), rules, below, unsupported));
        break;
      case KeyAction::kDrop:
        break;
      case KeyAction::kFreeMap:
        Set(out, Capitalized(key), std::move(item));
        break;
      case KeyAction::kJsonDocument:
        Set(out, Capitalized(key),
            item.is_string() ? Json::parse(item.get_ref<const std::string&>(), nullptr, false)
                             : std::move(item));
        break;
      case KeyAction::kTagMap:
        Set(out, "Tags", TagList(item));
        break;
      case KeyAction::kUnsupported:
        if (std::find(unsupported.begin(), unsupported.end(), *path) == unsupported.end())
          unsupported.push_back(*path);
        break;
    }
    path->resize(length);
  }
  return result;
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

CfnContribution New(std::string type, std::string suffix, Json properties) {
  return {CfnContribution::Kind::kNewResource, std::move(type), std::move(suffix),
          std::move(properties)};
}

CfnContribution Add(std::string type, Json properties) {
  return {CfnContribution::Kind::kAddToResource, std::move(type), "", std::move(properties)};
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
  std::string out;
  bool start = true;
  for (char c : text) {
    if (!std::isalnum(static_cast<unsigned char>(c))) {
      start = true;
      continue;
    }
    out += start ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    start = false;
  }
  return out;
}

namespace {
CfnContribution Contribution(const AwsCall& call, const std::string& key, Json properties);
}  // namespace

CfnContribution ContributionOf(AwsCall& call) {
  const std::string key = call.service + " " + call.operation;
  std::vector<std::string> unsupported;
  CallRules rules = RulesOf(key);
  std::string path;
  Json properties =
      Convert(std::move(call.body), rules, rules.empty() ? nullptr : &path, unsupported);
  call.body = Json();
  CfnContribution contribution = Contribution(call, key, std::move(properties));
  contribution.unsupported = std::move(unsupported);
  return contribution;
}

namespace {

CfnContribution Contribution(const AwsCall& call, const std::string& key, Json properties) {
  // The body moved into `properties`; these keys are the same in both (no rule renames them).
  if (key == "ecs create-cluster") return New("AWS::ECS::Cluster", "", std::move(properties));
  if (key == "ecs register-task-definition")
    return New("AWS::ECS::TaskDefinition", "", std::move(properties));
  if (key == "ecs create-service") return New("AWS::ECS::Service", "", std::move(properties));
  if (key == "logs create-log-group") return New("AWS::Logs::LogGroup", "", std::move(properties));
  if (key == "logs put-retention-policy") return Add("AWS::Logs::LogGroup", std::move(properties));
  if (key == "iam create-role") return New("AWS::IAM::Role", "", std::move(properties));
  if (key == "iam attach-role-policy")
    return Add("AWS::IAM::Role",
               {{"ManagedPolicyArns", Json::array({std::move(properties["PolicyArn"])})}});
  if (key == "iam put-role-policy")
    return Add("AWS::IAM::Role", {{"Policies", Json::array({std::move(properties)})}});
  if (key == "ec2 create-security-group") {
    Json tags = Json::array();
    if (properties.contains("TagSpecifications")) {
      for (const Json& spec : properties["TagSpecifications"])
        for (const Json& tag : spec.value("Tags", Json::array())) tags.push_back(tag);
      properties.erase("TagSpecifications");
    }
    if (!tags.empty()) properties["Tags"] = std::move(tags);
    return New("AWS::EC2::SecurityGroup", "", std::move(properties));
  }
  if (key == "ec2 authorize-security-group-ingress")
    return Add("AWS::EC2::SecurityGroup",
               {{"SecurityGroupIngress", SecurityGroupRules(properties["IpPermissions"], true)}});
  if (key == "ec2 authorize-security-group-egress")
    return Add("AWS::EC2::SecurityGroup",
               {{"SecurityGroupEgress", SecurityGroupRules(properties["IpPermissions"], false)}});
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
    properties["ScalingTargetId"] = Placeholder(call.address, kScalableTargetAttribute);
    // Named before the properties move (an argument's evaluation order is unspecified).
    std::string suffix = "ScalingPolicy" + PascalWords(properties.value("PolicyName", ""));
    return New("AWS::ApplicationAutoScaling::ScalingPolicy", std::move(suffix),
               std::move(properties));
  }
  if (key == "application-autoscaling put-scheduled-action")
    return Add("AWS::ApplicationAutoScaling::ScalableTarget",
               {{"ScheduledActions", Json::array({std::move(properties)})}});
  if (key == "cloudwatch put-metric-alarm") {
    std::string suffix =
        "Alarm" + PascalWords(WithoutPlaceholders(properties.value("AlarmName", "")));
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
