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

const KeyRule* RuleFor(std::string_view call, std::string_view path) {
  for (const KeyRule& rule : kKeyRules) {
    if (rule.call == call && rule.path == path) return &rule;
  }
  return nullptr;
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

Json Convert(const Json& value, std::string_view call, const std::string& path,
             std::vector<std::string>& unsupported) {
  if (value.is_array()) {
    Json out = Json::array();
    for (const Json& item : value) out.push_back(Convert(item, call, path, unsupported));
    return out;
  }
  if (!value.is_object()) return value;
  Json out = Json::object();
  // Growing an ordered_json object copies the entries converted so far (TemplateJson says why).
  out.get_ref<Json::object_t&>().reserve(value.size());
  for (const auto& [key, item] : value.items()) {
    std::string item_path = path.empty() ? key : path + "." + key;
    const KeyRule* rule = RuleFor(call, item_path);
    if (rule == nullptr) {
      out[Capitalized(key)] = Convert(item, call, item_path, unsupported);
      continue;
    }
    switch (rule->action) {
      case KeyAction::kRename:
        out[std::string(rule->name)] = Convert(item, call, item_path, unsupported);
        break;
      case KeyAction::kDrop:
        break;
      case KeyAction::kFreeMap:
        out[Capitalized(key)] = item;
        break;
      case KeyAction::kJsonDocument:
        out[Capitalized(key)] =
            item.is_string() ? Json::parse(item.get<std::string>(), nullptr, false) : item;
        break;
      case KeyAction::kTagMap:
        out["Tags"] = TagList(item);
        break;
      case KeyAction::kUnsupported:
        if (std::find(unsupported.begin(), unsupported.end(), item_path) == unsupported.end())
          unsupported.push_back(item_path);
        break;
    }
  }
  return out;
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

CfnContribution ContributionOf(const AwsCall& call) {
  const std::string key = call.service + " " + call.operation;
  const Json& body = call.body;
  std::vector<std::string> unsupported;
  Json properties = Convert(body, key, "", unsupported);
  CfnContribution contribution = Contribution(call, key, std::move(properties));
  contribution.unsupported = std::move(unsupported);
  return contribution;
}

namespace {

CfnContribution Contribution(const AwsCall& call, const std::string& key, Json properties) {
  const Json& body = call.body;
  if (key == "ecs create-cluster") return New("AWS::ECS::Cluster", "", properties);
  if (key == "ecs register-task-definition") return New("AWS::ECS::TaskDefinition", "", properties);
  if (key == "ecs create-service") return New("AWS::ECS::Service", "", properties);
  if (key == "logs create-log-group") return New("AWS::Logs::LogGroup", "", properties);
  if (key == "logs put-retention-policy") return Add("AWS::Logs::LogGroup", properties);
  if (key == "iam create-role") return New("AWS::IAM::Role", "", properties);
  if (key == "iam attach-role-policy")
    return Add("AWS::IAM::Role", {{"ManagedPolicyArns", Json::array({body["PolicyArn"]})}});
  if (key == "iam put-role-policy")
    return Add("AWS::IAM::Role", {{"Policies", Json::array({properties})}});
  if (key == "ec2 create-security-group") {
    Json tags = Json::array();
    if (properties.contains("TagSpecifications")) {
      for (const Json& spec : properties["TagSpecifications"])
        for (const Json& tag : spec.value("Tags", Json::array())) tags.push_back(tag);
      properties.erase("TagSpecifications");
    }
    if (!tags.empty()) properties["Tags"] = std::move(tags);
    return New("AWS::EC2::SecurityGroup", "", properties);
  }
  if (key == "ec2 authorize-security-group-ingress")
    return Add("AWS::EC2::SecurityGroup",
               {{"SecurityGroupIngress", SecurityGroupRules(body["IpPermissions"], true)}});
  if (key == "ec2 authorize-security-group-egress")
    return Add("AWS::EC2::SecurityGroup",
               {{"SecurityGroupEgress", SecurityGroupRules(body["IpPermissions"], false)}});
  // A SecurityGroupEgress property replaces EC2's default allow-all rule by itself.
  if (key == "ec2 revoke-security-group-egress") return {CfnContribution::Kind::kIgnored};
  if (key == "elbv2 create-target-group")
    return New("AWS::ElasticLoadBalancingV2::TargetGroup", "", properties);
  if (key == "elbv2 modify-target-group-attributes")
    return Add("AWS::ElasticLoadBalancingV2::TargetGroup", properties);
  if (key == "elbv2 create-load-balancer")
    return New("AWS::ElasticLoadBalancingV2::LoadBalancer", "", properties);
  if (key == "elbv2 modify-load-balancer-attributes")
    return Add("AWS::ElasticLoadBalancingV2::LoadBalancer", properties);
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
               suffix, properties);
  }
  if (key == "application-autoscaling register-scalable-target")
    return New("AWS::ApplicationAutoScaling::ScalableTarget", "ScalableTarget", properties);
  if (key == "application-autoscaling put-scaling-policy") {
    properties["ScalingTargetId"] = Placeholder(call.address, kScalableTargetAttribute);
    return New("AWS::ApplicationAutoScaling::ScalingPolicy",
               "ScalingPolicy" + PascalWords(body.value("PolicyName", "")), properties);
  }
  if (key == "application-autoscaling put-scheduled-action")
    return Add("AWS::ApplicationAutoScaling::ScalableTarget",
               {{"ScheduledActions", Json::array({properties})}});
  if (key == "cloudwatch put-metric-alarm")
    return New("AWS::CloudWatch::Alarm",
               "Alarm" + PascalWords(WithoutPlaceholders(body.value("AlarmName", ""))), properties);
  if (key == "events put-rule") return New("AWS::Events::Rule", "", properties);
  if (key == "events put-targets") return Add("AWS::Events::Rule", properties);
  if (key == "servicediscovery create-service")
    return New("AWS::ServiceDiscovery::Service", "Discovery", properties);
  return {};
}

}  // namespace

}  // namespace berth::aws
