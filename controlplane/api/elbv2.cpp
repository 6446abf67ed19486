// Elastic Load Balancing v2 (query protocol): load balancers, target groups, listeners, rules,
// their attributes and tags, stored and answered as ELBv2 does, with its defaults filled in.
// Target registration and health are elbv2_targets.cpp's and controlplane/targets/'s.
#include <algorithm>
#include <set>

#include "controlplane/api/api.h"
#include "controlplane/lb/targets_store.h"

namespace berth::controlplane::api {

// Named (and anonymous within): the build compiles several files as one unit.
namespace elbv2_impl {
namespace {

using Attributes = std::vector<std::pair<std::string, std::string>>;

// ELBv2's attributes and their defaults as DescribeLoadBalancerAttributes /
// DescribeTargetGroupAttributes answer them for a new resource (docs.aws.amazon.com/
// elasticloadbalancing/latest/APIReference/API_LoadBalancerAttribute.html,
// API_TargetGroupAttribute.html).
const Attributes kApplicationAttributes = {
    {"access_logs.s3.enabled", "false"},
    {"access_logs.s3.bucket", ""},
    {"access_logs.s3.prefix", ""},
    {"idle_timeout.timeout_seconds", "60"},
    {"deletion_protection.enabled", "false"},
    {"routing.http2.enabled", "true"},
    {"routing.http.drop_invalid_header_fields.enabled", "false"},
    {"routing.http.xff_client_port.enabled", "false"},
    {"routing.http.preserve_host_header.enabled", "false"},
    {"routing.http.xff_header_processing.mode", "append"},
    {"load_balancing.cross_zone.enabled", "true"},
    {"routing.http.desync_mitigation_mode", "defensive"},
    {"client_keep_alive.seconds", "3600"},
    {"waf.fail_open.enabled", "false"},
    {"routing.http.x_amzn_tls_version_and_cipher_suite.enabled", "false"},
    {"connection_logs.s3.enabled", "false"},
    {"connection_logs.s3.bucket", ""},
    {"connection_logs.s3.prefix", ""},
};
const Attributes kNetworkAttributes = {
    {"access_logs.s3.enabled", "false"},
    {"access_logs.s3.bucket", ""},
    {"access_logs.s3.prefix", ""},
    {"deletion_protection.enabled", "false"},
    {"load_balancing.cross_zone.enabled", "false"},
    {"ipv6.deny_all_igw_traffic", "false"},
    {"dns_record.client_routing_policy", "any_availability_zone"},
};
const Attributes kTargetGroupAttributes = {
    {"deregistration_delay.timeout_seconds", "300"},
    {"stickiness.enabled", "false"},
    {"stickiness.type", "lb_cookie"},
    {"stickiness.lb_cookie.duration_seconds", "86400"},
    {"stickiness.app_cookie.cookie_name", ""},
    {"stickiness.app_cookie.duration_seconds", "86400"},
    {"load_balancing.algorithm.type", "round_robin"},
    {"load_balancing.algorithm.anomaly_mitigation", "off"},
    {"slow_start.duration_seconds", "0"},
    {"load_balancing.cross_zone.enabled", "use_load_balancer_configuration"},
    {"target_group_health.dns_failover.minimum_healthy_targets.count", "1"},
    {"target_group_health.dns_failover.minimum_healthy_targets.percentage", "off"},
    {"target_group_health.unhealthy_state_routing.minimum_healthy_targets.count", "1"},
    {"target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage", "off"},
};
const Attributes kNetworkTargetGroupAttributes = {
    {"deregistration_delay.timeout_seconds", "300"},
    {"deregistration_delay.connection_termination.enabled", "false"},
    {"stickiness.enabled", "false"},
    {"stickiness.type", "source_ip"},
    {"proxy_protocol_v2.enabled", "false"},
    {"preserve_client_ip.enabled", "true"},
    {"load_balancing.cross_zone.enabled", "use_load_balancer_configuration"},
    {"target_health_state.unhealthy.connection_termination.enabled", "true"},
};

json AttributeList(const Attributes& attributes) {
  json out = json::array();
  for (const auto& [key, value] : attributes) out.push_back({{"Key", key}, {"Value", value}});
  return out;
}

// `given` ([{Key, Value}]) over `held`; a key the resource does not have is ELBv2's
// ValidationError.
json ModifyAttributes(json held, const json& given) {
  for (const json& attribute : given) {
    std::string key = attribute.value("Key", "");
    bool found = false;
    for (json& h : held) {
      if (h["Key"] == key) {
        h["Value"] = attribute.value("Value", "");
        found = true;
      }
    }
    if (!found) throw ApiError("ValidationError", "Attribute key '" + key + "' is not recognized");
  }
  return held;
}

[[noreturn]] void Validation(const std::string& message) {
  throw ApiError("ValidationError", message);
}

// The name ELBv2 derives ARNs and DNS names from ("app/NAME/ID").
std::string ShortId(const std::string& arn, const std::string& after) {
  size_t at = arn.find(after);
  return at == std::string::npos ? "" : arn.substr(at + after.size());
}

// --- Load balancers -----------------------------------------------------------------------

json RequireLoadBalancer(Context& context, const std::string& arn) {
  auto lb = context.tx.Get(store::kLoadBalancer, arn);
  if (!lb) {
    throw ApiError("LoadBalancerNotFound", "Load balancer '" + arn + "' not found");
  }
  return *lb;
}

json RequireTargetGroup(Context& context, const std::string& arn) {
  auto tg = context.tx.Get(store::kTargetGroup, arn);
  if (!tg) throw ApiError("TargetGroupNotFound", "Target groups '" + arn + "' not found");
  return *tg;
}

json RequireListener(Context& context, const std::string& arn) {
  auto listener = context.tx.Get(store::kListener, arn);
  if (!listener) throw ApiError("ListenerNotFound", "Listener '" + arn + "' not found");
  return *listener;
}

json RequireRule(Context& context, const std::string& arn) {
  auto rule = context.tx.Get(store::kRule, arn);
  if (!rule) throw ApiError("RuleNotFound", "One or more rules not found");
  return *rule;
}

void SaveLoadBalancer(Context& context, const json& lb) {
  context.tx.Put(store::kLoadBalancer, lb["LoadBalancerArn"], "", lb);
}
void SaveTargetGroup(Context& context, const json& tg) {
  context.tx.Put(store::kTargetGroup, tg["TargetGroupArn"], "", tg);
}

json AvailabilityZones(Context& context, const json& subnets) {
  json zones = json::array();
  std::string letters = "abcdef";
  for (size_t i = 0; i < subnets.size(); ++i) {
    zones.push_back({{"ZoneName", context.origin.region + letters[i % letters.size()]},
                     {"SubnetId", subnets[i]},
                     {"LoadBalancerAddresses", json::array()}});
  }
  return zones;
}

json CreateLoadBalancer(Context& context, const json& input) {
  std::string name = RequireString(input, "Name", "ValidationError");
  std::string type = input.value("Type", "application");
  if (type != "application" && type != "network" && type != "gateway") {
    Validation("Load balancer type '" + type + "' is not valid");
  }
  for (const json& lb : context.tx.List(store::kLoadBalancer)) {
    if (lb["LoadBalancerName"] == name) {
      throw ApiError("DuplicateLoadBalancerName",
                     "A load balancer with the same name '" + name + "' exists");
    }
  }
  json subnets = input.value("Subnets", json::array());
  for (const json& mapping : input.value("SubnetMappings", json::array()))
    subnets.push_back(mapping.value("SubnetId", ""));
  if (type == "application" && subnets.size() < 2) {
    Validation("At least two subnets in two different Availability Zones must be specified");
  }
  json groups = input.value("SecurityGroups", json::array());
  // The VPC is the security groups' (ELBv2 derives it from the subnets, which berth serve
  // does not model).
  std::string vpc = "vpc-00000000000000000";
  for (const json& id : groups) {
    auto group = context.tx.Get(store::kSecurityGroup, id.get<std::string>());
    if (!group) {
      throw ApiError("InvalidConfigurationRequest",
                     "One or more security groups are invalid: " + id.get<std::string>());
    }
    vpc = (*group)["VpcId"];
  }
  std::string id = RandomHex(16);
  std::string kind = type == "application" ? "app" : type == "network" ? "net" : "gwy";
  std::string arn =
      ServiceArn(context, "elasticloadbalancing", "loadbalancer/" + kind + "/" + name + "/" + id);
  std::string scheme = input.value("Scheme", "internet-facing");
  std::string dns = (scheme == "internal" ? "internal-" : "") + name + "-" +
                    std::to_string(std::stoull(id.substr(0, 9), nullptr, 16) % 1000000000) + "." +
                    context.origin.region + ".elb.amazonaws.com";
  json lb = {{"LoadBalancerArn", arn},
             {"DNSName", dns},
             {"CanonicalHostedZoneId", type == "network" ? "Z26RNL4JYFTOTI" : "Z35SXDOTRQ7X7K"},
             {"CreatedTime", model::Now()},
             {"LoadBalancerName", name},
             {"Scheme", scheme},
             {"VpcId", vpc},
             {"State", {{"Code", "active"}}},
             {"Type", type},
             {"AvailabilityZones", AvailabilityZones(context, subnets)},
             {"IpAddressType", input.value("IpAddressType", "ipv4")},
             {"x-berth",
              {{"tags", input.value("Tags", json::array())},
               {"attributes", AttributeList(type == "application" ? kApplicationAttributes
                                                                  : kNetworkAttributes)}}}};
  if (type == "application" || !groups.empty()) lb["SecurityGroups"] = groups;
  SaveLoadBalancer(context, lb);
  return {{"LoadBalancers", json::array({model::Public(lb)})}};
}

json DescribeLoadBalancers(Context& context, const json& input) {
  json arns = input.value("LoadBalancerArns", json::array());
  json names = input.value("Names", json::array());
  json found = json::array();
  for (const json& lb : context.tx.List(store::kLoadBalancer)) {
    bool wanted = arns.empty() && names.empty();
    for (const json& a : arns) wanted |= a == lb["LoadBalancerArn"];
    for (const json& n : names) wanted |= n == lb["LoadBalancerName"];
    if (wanted) found.push_back(model::Public(lb));
  }
  if (found.size() < arns.size() + names.size()) {
    throw ApiError("LoadBalancerNotFound", "One or more load balancers not found");
  }
  return {{"LoadBalancers", found}};
}

json DeleteLoadBalancer(Context& context, const json& input) {
  std::string arn = RequireString(input, "LoadBalancerArn", "ValidationError");
  auto lb = context.tx.Get(store::kLoadBalancer, arn);
  if (!lb) return json::object();  // ELBv2 answers a delete of what is gone with success
  for (const json& listener : context.tx.List(store::kListener, &arn)) {
    std::string listener_arn = listener["ListenerArn"];
    for (const json& rule : context.tx.List(store::kRule, &listener_arn))
      context.tx.Delete(store::kRule, rule["RuleArn"]);
    context.tx.Delete(store::kListener, listener_arn);
  }
  context.tx.Delete(store::kLoadBalancer, arn);
  return json::object();
}

json DescribeLoadBalancerAttributes(Context& context, const json& input) {
  json lb =
      RequireLoadBalancer(context, RequireString(input, "LoadBalancerArn", "ValidationError"));
  return {{"Attributes", lb["x-berth"]["attributes"]}};
}

json ModifyLoadBalancerAttributes(Context& context, const json& input) {
  json lb =
      RequireLoadBalancer(context, RequireString(input, "LoadBalancerArn", "ValidationError"));
  lb["x-berth"]["attributes"] =
      ModifyAttributes(lb["x-berth"]["attributes"], input.value("Attributes", json::array()));
  SaveLoadBalancer(context, lb);
  return {{"Attributes", lb["x-berth"]["attributes"]}};
}

json SetSecurityGroups(Context& context, const json& input) {
  json lb =
      RequireLoadBalancer(context, RequireString(input, "LoadBalancerArn", "ValidationError"));
  json groups = input.value("SecurityGroups", json::array());
  for (const json& id : groups) {
    if (!context.tx.Get(store::kSecurityGroup, id.get<std::string>())) {
      throw ApiError("InvalidSecurityGroup",
                     "Security group '" + id.get<std::string>() + "' does not exist");
    }
  }
  lb["SecurityGroups"] = groups;
  SaveLoadBalancer(context, lb);
  return {{"SecurityGroupIds", groups}};
}

json SetSubnets(Context& context, const json& input) {
  json lb =
      RequireLoadBalancer(context, RequireString(input, "LoadBalancerArn", "ValidationError"));
  json subnets = input.value("Subnets", json::array());
  for (const json& mapping : input.value("SubnetMappings", json::array()))
    subnets.push_back(mapping.value("SubnetId", ""));
  lb["AvailabilityZones"] = AvailabilityZones(context, subnets);
  SaveLoadBalancer(context, lb);
  return {{"AvailabilityZones", lb["AvailabilityZones"]}};
}

json SetIpAddressType(Context& context, const json& input) {
  json lb =
      RequireLoadBalancer(context, RequireString(input, "LoadBalancerArn", "ValidationError"));
  lb["IpAddressType"] = RequireString(input, "IpAddressType", "ValidationError");
  SaveLoadBalancer(context, lb);
  return {{"IpAddressType", lb["IpAddressType"]}};
}

// --- Pages ----------------------------------------------------------------------------------

// ELBv2's PageSize: 1 to 400 (API reference, DescribeTargetGroups and DescribeRules); without
// one, the most a page holds.
constexpr size_t kMaxPageSize = 400;

size_t PageSize(const json& input) {
  if (!input.contains("PageSize")) return kMaxPageSize;
  long long size = input["PageSize"].get<long long>();
  if (size < 1 || size > static_cast<long long>(kMaxPageSize)) {
    Validation("1 validation error detected: Value '" + std::to_string(size) +
               "' at 'pageSize' failed to satisfy constraint: Member must have value " +
               (size < 1 ? "greater than or equal to 1" : "less than or equal to 400"));
  }
  return static_cast<size_t>(size);
}

// Items [begin, end) of a listing, and the marker of the page after it ("" on the last page).
struct Page {
  size_t begin = 0;
  size_t end = 0;
  std::string next_marker;
};

// The page `input`'s Marker starts of `count` items whose markers are `marker_of(i)`, in order:
// the marker is the first item of the page (opaque to callers, as ELBv2's are), so a page stays
// right when items before it come or go.
template <typename MarkerOf>
Page PageOf(size_t count, const json& input, size_t page_size, MarkerOf marker_of) {
  Page page;
  std::string marker = input.value("Marker", "");
  if (!marker.empty()) {
    while (page.begin < count && marker_of(page.begin) < marker) ++page.begin;
  }
  page.end = std::min(count, page.begin + page_size);
  if (page.end < count) page.next_marker = marker_of(page.end);
  return page;
}

// --- Target groups ------------------------------------------------------------------------

// The ARNs of the target groups named `name` (one, or none), from the keys alone: a target
// group's ARN holds its name ("...:targetgroup/NAME/ID").
std::vector<std::string> TargetGroupsNamed(Context& context, const std::string& name) {
  std::string part = ":targetgroup/" + name + "/";
  std::vector<std::string> out;
  for (std::string& key : context.tx.Keys(store::kTargetGroup))
    if (key.find(part) != std::string::npos) out.push_back(std::move(key));
  return out;
}

bool IsHttp(const std::string& protocol) { return protocol == "HTTP" || protocol == "HTTPS"; }

constexpr const char* kHealthMembers[] = {"HealthCheckProtocol",
                                          "HealthCheckPort",
                                          "HealthCheckEnabled",
                                          "HealthCheckPath",
                                          "HealthCheckIntervalSeconds",
                                          "HealthCheckTimeoutSeconds",
                                          "HealthyThresholdCount",
                                          "UnhealthyThresholdCount",
                                          "Matcher"};

// Target group ARN -> the load balancers whose listeners or rules forward to it, from one pass
// over the listeners and rules (per target group, a describe of 1,000 groups parsed every rule
// 1,000 times: minutes for a live plan of bench/gen_stack.sh's 1,000 services).
std::map<std::string, json> LoadBalancersByTargetGroup(Context& context) {
  std::map<std::string, json> out;
  auto add = [&](const std::string& tg, const json& lb) {
    json& lbs = out.try_emplace(tg, json::array()).first->second;
    if (std::find(lbs.begin(), lbs.end(), lb) == lbs.end()) lbs.push_back(lb);
  };
  auto forwards = [&](const json& actions, const json& lb) {
    for (const json& action : actions) {
      std::string arn = action.value("TargetGroupArn", "");
      if (!arn.empty()) add(arn, lb);
      for (const json& tg :
           action.value("ForwardConfig", json::object()).value("TargetGroups", json::array())) {
        arn = tg.value("TargetGroupArn", "");
        if (!arn.empty()) add(arn, lb);
      }
    }
  };
  for (const json& listener : context.tx.List(store::kListener)) {
    const json& lb = listener["LoadBalancerArn"];
    forwards(listener["DefaultActions"], lb);
    std::string listener_arn = listener["ListenerArn"];
    for (const json& rule : context.tx.List(store::kRule, &listener_arn))
      forwards(rule["Actions"], lb);
  }
  return out;
}

// The load balancers whose listeners or rules forward to `arn`.
json LoadBalancersOf(Context& context, const std::string& arn) {
  auto all = LoadBalancersByTargetGroup(context);
  auto found = all.find(arn);
  return found == all.end() ? json::array() : found->second;
}

json AnswerTargetGroup(const json& tg, const std::map<std::string, json>& load_balancers) {
  json out = model::Public(tg);
  auto found = load_balancers.find(tg["TargetGroupArn"].get<std::string>());
  out["LoadBalancerArns"] = found == load_balancers.end() ? json::array() : found->second;
  return out;
}

json AnswerTargetGroup(Context& context, const json& tg) {
  json out = model::Public(tg);
  out["LoadBalancerArns"] = LoadBalancersOf(context, tg["TargetGroupArn"]);
  return out;
}

json CreateTargetGroup(Context& context, const json& input) {
  std::string name = RequireString(input, "Name", "ValidationError");
  std::string type = input.value("TargetType", "instance");
  std::string protocol = input.value("Protocol", type == "lambda" ? "" : "HTTP");
  if (!TargetGroupsNamed(context, name).empty()) {
    throw ApiError("DuplicateTargetGroupName",
                   "A target group with the same name '" + name + "' exists");
  }
  if (type != "lambda" && (!input.contains("Port") || !input.contains("VpcId"))) {
    Validation("A port and a VPC ID must be specified for target groups of type '" + type + "'");
  }
  bool http = IsHttp(protocol);
  std::string arn =
      ServiceArn(context, "elasticloadbalancing", "targetgroup/" + name + "/" + RandomHex(16));
  json tg = {{"TargetGroupArn", arn},
             {"TargetGroupName", name},
             {"Protocol", protocol},
             {"Port", input.value("Port", 0)},
             {"VpcId", input.value("VpcId", "")},
             {"HealthCheckProtocol", http ? protocol : "TCP"},
             {"HealthCheckPort", "traffic-port"},
             {"HealthCheckEnabled", true},
             {"HealthCheckIntervalSeconds", 30},
             {"HealthCheckTimeoutSeconds", http ? 5 : 10},
             {"HealthyThresholdCount", 5},
             {"UnhealthyThresholdCount", 2},
             {"TargetType", type},
             {"IpAddressType", input.value("IpAddressType", "ipv4")},
             {"x-berth",
              {{"tags", input.value("Tags", json::array())},
               {"attributes",
                AttributeList(http ? kTargetGroupAttributes : kNetworkTargetGroupAttributes)}}}};
  if (http) {
    tg["HealthCheckPath"] = "/";
    tg["Matcher"] = {{"HttpCode", "200"}};
    tg["ProtocolVersion"] = input.value("ProtocolVersion", "HTTP1");
  }
  for (const char* member : kHealthMembers) {
    if (input.contains(member)) tg[member] = input[member];
  }
  SaveTargetGroup(context, tg);
  // No listener or rule can forward to a group that did not exist.
  return {{"TargetGroups", json::array({AnswerTargetGroup(tg, {})})}};
}

// Answers the target groups asked for (by ARN, by name, by load balancer, or all of them) a page
// at a time, reading only the groups on the page: with 1,000 groups, each describe of 20 names
// built all 1,000 answers.
json DescribeTargetGroups(Context& context, const json& input) {
  json arns = input.value("TargetGroupArns", json::array());
  json names = input.value("Names", json::array());
  std::string lb = input.value("LoadBalancerArn", "");
  size_t page_size = PageSize(input);
  if (!lb.empty()) RequireLoadBalancer(context, lb);
  std::set<std::string> wanted;
  for (const json& arn : arns) {
    RequireTargetGroup(context, arn.get<std::string>());
    wanted.insert(arn.get<std::string>());
  }
  for (const json& name : names) {
    std::vector<std::string> named = TargetGroupsNamed(context, name.get<std::string>());
    if (named.empty()) throw ApiError("TargetGroupNotFound", "One or more target groups not found");
    wanted.insert(named.begin(), named.end());
  }
  std::vector<std::string> keys = arns.empty() && names.empty()
                                      ? context.tx.Keys(store::kTargetGroup)
                                      : std::vector<std::string>(wanted.begin(), wanted.end());
  std::map<std::string, json> load_balancers;
  if (!lb.empty()) {
    load_balancers = LoadBalancersByTargetGroup(context);
    std::erase_if(keys, [&](const std::string& key) {
      auto found = load_balancers.find(key);
      return found == load_balancers.end() ||
             std::find(found->second.begin(), found->second.end(), lb) == found->second.end();
    });
  }
  Page page = PageOf(keys.size(), input, page_size, [&](size_t i) { return keys[i]; });
  json found = json::array();
  if (page.begin < page.end && lb.empty()) load_balancers = LoadBalancersByTargetGroup(context);
  for (size_t i = page.begin; i < page.end; ++i)
    found.push_back(AnswerTargetGroup(RequireTargetGroup(context, keys[i]), load_balancers));
  json out = {{"TargetGroups", found}};
  if (!page.next_marker.empty()) out["NextMarker"] = page.next_marker;
  return out;
}

json ModifyTargetGroup(Context& context, const json& input) {
  json tg = RequireTargetGroup(context, RequireString(input, "TargetGroupArn", "ValidationError"));
  for (const char* member : kHealthMembers) {
    if (input.contains(member)) tg[member] = input[member];
  }
  SaveTargetGroup(context, tg);
  return {{"TargetGroups", json::array({AnswerTargetGroup(context, tg)})}};
}

json DeleteTargetGroup(Context& context, const json& input) {
  std::string arn = RequireString(input, "TargetGroupArn", "ValidationError");
  if (!context.tx.Get(store::kTargetGroup, arn)) return json::object();
  if (!LoadBalancersOf(context, arn).empty()) {
    throw ApiError("ResourceInUse",
                   "Target group '" + arn + "' is currently in use by a listener or a rule");
  }
  for (const json& target : lb::ListTargets(context.tx, &arn)) lb::DeleteTarget(context.tx, target);
  context.tx.Delete(store::kTargetGroup, arn);
  return json::object();
}

json DescribeTargetGroupAttributes(Context& context, const json& input) {
  json tg = RequireTargetGroup(context, RequireString(input, "TargetGroupArn", "ValidationError"));
  return {{"Attributes", tg["x-berth"]["attributes"]}};
}

json ModifyTargetGroupAttributes(Context& context, const json& input) {
  json tg = RequireTargetGroup(context, RequireString(input, "TargetGroupArn", "ValidationError"));
  tg["x-berth"]["attributes"] =
      ModifyAttributes(tg["x-berth"]["attributes"], input.value("Attributes", json::array()));
  SaveTargetGroup(context, tg);
  return {{"Attributes", tg["x-berth"]["attributes"]}};
}

// --- Listeners and rules --------------------------------------------------------------------

// Actions as ELBv2 answers them: ordered, and a forward to one group also as ForwardConfig.
json Actions(Context& context, const json& given) {
  if (!given.is_array() || given.empty()) Validation("At least one action must be specified");
  json out = json::array();
  int order = 1;
  for (json action : given) {
    std::string type = action.value("Type", "");
    if (type == "forward") {
      std::string target = action.value("TargetGroupArn", "");
      if (!target.empty()) {
        RequireTargetGroup(context, target);
        if (!action.contains("ForwardConfig")) {
          action["ForwardConfig"] = {
              {"TargetGroups", json::array({{{"TargetGroupArn", target}, {"Weight", 1}}})},
              {"TargetGroupStickinessConfig", {{"Enabled", false}}}};
        }
      }
      for (const json& tg :
           action.value("ForwardConfig", json::object()).value("TargetGroups", json::array())) {
        RequireTargetGroup(context, tg.value("TargetGroupArn", ""));
      }
    } else if (type == "redirect") {
      if (!action.contains("RedirectConfig")) Validation("A redirect action needs RedirectConfig");
      json& redirect = action["RedirectConfig"];
      // ELBv2 fills the URI parts a redirect keeps with their #{} placeholders.
      for (const auto& [part, keep] : {std::pair{"Protocol", "#{protocol}"},
                                       {"Port", "#{port}"},
                                       {"Host", "#{host}"},
                                       {"Path", "/#{path}"},
                                       {"Query", "#{query}"}}) {
        if (!redirect.contains(part)) redirect[part] = keep;
      }
    } else if (type == "fixed-response") {
      if (!action.contains("FixedResponseConfig"))
        Validation("A fixed-response action needs FixedResponseConfig");
    } else if (type != "authenticate-oidc" && type != "authenticate-cognito") {
      Validation("Action type '" + type +
                 "' must be one of 'forward, redirect, fixed-response, "
                 "authenticate-oidc, authenticate-cognito'");
    }
    if (!action.contains("Order")) action["Order"] = order;
    ++order;
    out.push_back(action);
  }
  return out;
}

// Conditions as ELBv2 answers them: a path-pattern or host-header condition given by its
// config also lists its values in `Values`.
json Conditions(const json& given) {
  json out = json::array();
  for (json condition : given.is_array() ? given : json::array()) {
    std::string field = condition.value("Field", "");
    const char* config = field == "path-pattern"          ? "PathPatternConfig"
                         : field == "host-header"         ? "HostHeaderConfig"
                         : field == "http-request-method" ? "HttpRequestMethodConfig"
                         : field == "source-ip"           ? "SourceIpConfig"
                                                          : nullptr;
    if (config && condition.contains(config) && !condition.contains("Values") &&
        (field == "path-pattern" || field == "host-header")) {
      condition["Values"] = condition[config].value("Values", json::array());
    }
    if (config && !condition.contains(config) && condition.contains("Values")) {
      condition[config] = {{"Values", condition["Values"]}};
    }
    out.push_back(condition);
  }
  return out;
}

json CreateListener(Context& context, const json& input) {
  std::string lb_arn = RequireString(input, "LoadBalancerArn", "ValidationError");
  json lb = RequireLoadBalancer(context, lb_arn);
  if (!input.contains("Port")) Validation("A listener port must be specified");
  int port = input["Port"].get<int>();
  for (const json& listener : context.tx.List(store::kListener, &lb_arn)) {
    if (listener["Port"] == port) {
      throw ApiError(
          "DuplicateListener",
          "A listener already exists on this port for this load balancer '" + lb_arn + "'");
    }
  }
  std::string protocol = input.value(
      "Protocol", lb["Type"] == "application" ? std::string("HTTP") : std::string("TCP"));
  if ((protocol == "HTTPS" || protocol == "TLS") &&
      input.value("Certificates", json::array()).empty()) {
    throw ApiError("CertificateNotFound",
                   "A certificate must be specified for " + protocol + " listeners");
  }
  std::string arn =
      ServiceArn(context, "elasticloadbalancing",
                 "listener/" + ShortId(lb_arn, ":loadbalancer/") + "/" + RandomHex(16));
  json listener = {
      {"ListenerArn", arn},
      {"LoadBalancerArn", lb_arn},
      {"Port", port},
      {"Protocol", protocol},
      {"DefaultActions", Actions(context, input.value("DefaultActions", json::array()))},
      {"x-berth", {{"tags", input.value("Tags", json::array())}}}};
  if (input.contains("Certificates")) listener["Certificates"] = input["Certificates"];
  if (protocol == "HTTPS" || protocol == "TLS")
    listener["SslPolicy"] = input.value("SslPolicy", "ELBSecurityPolicy-2016-08");
  if (input.contains("AlpnPolicy")) listener["AlpnPolicy"] = input["AlpnPolicy"];
  context.tx.Put(store::kListener, arn, lb_arn, listener);
  return {{"Listeners", json::array({model::Public(listener)})}};
}

json DescribeListeners(Context& context, const json& input) {
  json arns = input.value("ListenerArns", json::array());
  std::string lb = input.value("LoadBalancerArn", "");
  if (lb.empty() && arns.empty())
    Validation("You must specify either listener ARNs or a load balancer ARN");
  if (!lb.empty()) RequireLoadBalancer(context, lb);
  json found = json::array();
  for (const json& listener :
       lb.empty() ? context.tx.List(store::kListener) : context.tx.List(store::kListener, &lb)) {
    bool wanted = arns.empty();
    for (const json& a : arns) wanted |= a == listener["ListenerArn"];
    if (wanted) found.push_back(model::Public(listener));
  }
  if (found.size() < arns.size())
    throw ApiError("ListenerNotFound", "One or more listeners not found");
  return {{"Listeners", found}};
}

json ModifyListener(Context& context, const json& input) {
  json listener = RequireListener(context, RequireString(input, "ListenerArn", "ValidationError"));
  for (const char* member : {"Port", "Protocol", "SslPolicy", "Certificates", "AlpnPolicy"}) {
    if (input.contains(member)) listener[member] = input[member];
  }
  if (input.contains("DefaultActions"))
    listener["DefaultActions"] = Actions(context, input["DefaultActions"]);
  std::string protocol = listener["Protocol"];
  if (protocol != "HTTPS" && protocol != "TLS") {
    listener.erase("SslPolicy");
    listener.erase("Certificates");
  } else if (!listener.contains("SslPolicy")) {
    listener["SslPolicy"] = "ELBSecurityPolicy-2016-08";
  }
  context.tx.Put(store::kListener, listener["ListenerArn"], listener["LoadBalancerArn"], listener);
  return {{"Listeners", json::array({model::Public(listener)})}};
}

json DeleteListener(Context& context, const json& input) {
  std::string arn = RequireString(input, "ListenerArn", "ValidationError");
  RequireListener(context, arn);
  for (const json& rule : context.tx.List(store::kRule, &arn))
    context.tx.Delete(store::kRule, rule["RuleArn"]);
  context.tx.Delete(store::kListener, arn);
  return json::object();
}

// A listener's default rule, as DescribeRules lists it last.
json DefaultRule(const json& listener) {
  std::string arn = listener["ListenerArn"];
  std::string rule_arn = arn;
  rule_arn.replace(rule_arn.find(":listener/"), 10, ":listener-rule/");
  return {{"RuleArn", rule_arn + "/default"},
          {"Priority", "default"},
          {"Conditions", json::array()},
          {"Actions", listener["DefaultActions"]},
          {"IsDefault", true}};
}

void CheckPriority(Context& context, const std::string& listener, int priority,
                   const std::string& except = "") {
  if (priority < 1 || priority > 50000) Validation("Priority must be between 1 and 50000");
  for (const json& rule : context.tx.List(store::kRule, &listener)) {
    if (rule["RuleArn"] != except && rule["Priority"] == std::to_string(priority)) {
      throw ApiError("PriorityInUse",
                     "Priority '" + std::to_string(priority) + "' is currently in use");
    }
  }
}

json CreateRule(Context& context, const json& input) {
  std::string listener_arn = RequireString(input, "ListenerArn", "ValidationError");
  RequireListener(context, listener_arn);
  if (!input.contains("Priority")) Validation("A rule priority must be specified");
  int priority = input["Priority"].get<int>();
  CheckPriority(context, listener_arn, priority);
  json conditions = Conditions(input.value("Conditions", json::array()));
  if (conditions.empty()) Validation("At least one condition must be specified");
  std::string arn = listener_arn;
  arn.replace(arn.find(":listener/"), 10, ":listener-rule/");
  arn += "/" + RandomHex(16);
  json rule = {{"RuleArn", arn},
               {"Priority", std::to_string(priority)},
               {"Conditions", conditions},
               {"Actions", Actions(context, input.value("Actions", json::array()))},
               {"IsDefault", false},
               {"x-berth", {{"tags", input.value("Tags", json::array())}}}};
  context.tx.Put(store::kRule, arn, listener_arn, rule);
  return {{"Rules", json::array({model::Public(rule)})}};
}

json DescribeRules(Context& context, const json& input) {
  json arns = input.value("RuleArns", json::array());
  std::string listener_arn = input.value("ListenerArn", "");
  if (listener_arn.empty() && arns.empty())
    Validation("You must specify either listener ARN or rule ARNs");
  size_t page_size = PageSize(input);
  json found = json::array();
  std::string next_marker;
  if (!listener_arn.empty()) {
    json listener = RequireListener(context, listener_arn);
    std::vector<json> rules = context.tx.List(store::kRule, &listener_arn);
    std::sort(rules.begin(), rules.end(), [](const json& a, const json& b) {
      return std::stoi(a["Priority"].get<std::string>()) <
             std::stoi(b["Priority"].get<std::string>());
    });
    rules.push_back(DefaultRule(listener));
    // A rule's marker is its priority, zero-padded to sort as it does (the default rule last).
    auto marker_of = [&](size_t i) {
      std::string priority = rules[i]["Priority"];
      return priority == "default"
                 ? std::string("99999")
                 : std::string(5 - std::min<size_t>(5, priority.size()), '0') + priority;
    };
    // Rules asked for by ARN come in one answer; a listing comes a page at a time.
    Page page = arns.empty() ? PageOf(rules.size(), input, page_size, marker_of)
                             : Page{0, rules.size(), ""};
    for (size_t i = page.begin; i < page.end; ++i) found.push_back(model::Public(rules[i]));
    next_marker = page.next_marker;
  }
  if (!arns.empty()) {
    json selected = json::array();
    for (const json& a : arns) {
      if (!listener_arn.empty()) {
        for (const json& rule : found)
          if (rule["RuleArn"] == a) selected.push_back(rule);
      } else {
        selected.push_back(model::Public(RequireRule(context, a)));
      }
    }
    if (selected.size() < arns.size())
      throw ApiError("RuleNotFound", "One or more rules not found");
    found = selected;
  }
  json out = {{"Rules", found}};
  if (!next_marker.empty()) out["NextMarker"] = next_marker;
  return out;
}

std::string ListenerOfRule(const std::string& rule_arn) {
  std::string arn = rule_arn.substr(0, rule_arn.rfind('/'));
  arn.replace(arn.find(":listener-rule/"), 15, ":listener/");
  return arn;
}

json ModifyRule(Context& context, const json& input) {
  json rule = RequireRule(context, RequireString(input, "RuleArn", "ValidationError"));
  if (input.contains("Conditions")) rule["Conditions"] = Conditions(input["Conditions"]);
  if (input.contains("Actions")) rule["Actions"] = Actions(context, input["Actions"]);
  context.tx.Put(store::kRule, rule["RuleArn"], ListenerOfRule(rule["RuleArn"]), rule);
  return {{"Rules", json::array({model::Public(rule)})}};
}

json SetRulePriorities(Context& context, const json& input) {
  json rules = json::array();
  for (const json& given : input.value("RulePriorities", json::array())) {
    json rule = RequireRule(context, given.value("RuleArn", ""));
    std::string listener = ListenerOfRule(rule["RuleArn"]);
    int priority = given.value("Priority", 0);
    CheckPriority(context, listener, priority, rule["RuleArn"]);
    rule["Priority"] = std::to_string(priority);
    context.tx.Put(store::kRule, rule["RuleArn"], listener, rule);
    rules.push_back(model::Public(rule));
  }
  return {{"Rules", rules}};
}

json DeleteRule(Context& context, const json& input) {
  std::string arn = RequireString(input, "RuleArn", "ValidationError");
  RequireRule(context, arn);
  context.tx.Delete(store::kRule, arn);
  return json::object();
}

// --- Tags -------------------------------------------------------------------------------------

// The document an ARN names and the kind it is stored as; throws the kind's NotFound.
std::pair<const char*, json> RequireTaggable(Context& context, const std::string& arn) {
  if (arn.find(":loadbalancer/") != std::string::npos)
    return {store::kLoadBalancer, RequireLoadBalancer(context, arn)};
  if (arn.find(":targetgroup/") != std::string::npos)
    return {store::kTargetGroup, RequireTargetGroup(context, arn)};
  if (arn.find(":listener-rule/") != std::string::npos)
    return {store::kRule, RequireRule(context, arn)};
  if (arn.find(":listener/") != std::string::npos)
    return {store::kListener, RequireListener(context, arn)};
  Validation("'" + arn + "' is not a valid resource ARN");
}

void SaveTaggable(Context& context, const char* kind, const std::string& arn, const json& doc) {
  std::string parent = kind == store::kListener ? doc["LoadBalancerArn"].get<std::string>()
                       : kind == store::kRule   ? ListenerOfRule(arn)
                                                : "";
  context.tx.Put(kind, arn, parent, doc);
}

json AddTags(Context& context, const json& input) {
  for (const json& arn : input.value("ResourceArns", json::array())) {
    auto [kind, doc] = RequireTaggable(context, arn);
    doc["x-berth"]["tags"] = MergeTags(doc["x-berth"]["tags"], input.value("Tags", json::array()));
    SaveTaggable(context, kind, arn, doc);
  }
  return json::object();
}

json RemoveTagsOp(Context& context, const json& input) {
  for (const json& arn : input.value("ResourceArns", json::array())) {
    auto [kind, doc] = RequireTaggable(context, arn);
    doc["x-berth"]["tags"] =
        RemoveTags(doc["x-berth"]["tags"], input.value("TagKeys", json::array()));
    SaveTaggable(context, kind, arn, doc);
  }
  return json::object();
}

json DescribeTags(Context& context, const json& input) {
  json out = json::array();
  for (const json& arn : input.value("ResourceArns", json::array())) {
    auto [kind, doc] = RequireTaggable(context, arn);
    out.push_back({{"ResourceArn", arn}, {"Tags", doc["x-berth"]["tags"]}});
  }
  return {{"TagDescriptions", out}};
}

}  // namespace
}  // namespace elbv2_impl

const OperationTable& Elbv2Operations() {
  using namespace elbv2_impl;
  static const OperationTable table = {
      {"CreateLoadBalancer", &CreateLoadBalancer},
      {"DescribeLoadBalancers", &DescribeLoadBalancers},
      {"DeleteLoadBalancer", &DeleteLoadBalancer},
      {"DescribeLoadBalancerAttributes", &DescribeLoadBalancerAttributes},
      {"ModifyLoadBalancerAttributes", &ModifyLoadBalancerAttributes},
      {"SetSecurityGroups", &SetSecurityGroups},
      {"SetSubnets", &SetSubnets},
      {"SetIpAddressType", &SetIpAddressType},
      {"CreateTargetGroup", &CreateTargetGroup},
      {"DescribeTargetGroups", &DescribeTargetGroups},
      {"ModifyTargetGroup", &ModifyTargetGroup},
      {"DeleteTargetGroup", &DeleteTargetGroup},
      {"DescribeTargetGroupAttributes", &DescribeTargetGroupAttributes},
      {"ModifyTargetGroupAttributes", &ModifyTargetGroupAttributes},
      {"RegisterTargets", &RegisterTargets},
      {"DeregisterTargets", &DeregisterTargets},
      {"DescribeTargetHealth", &DescribeTargetHealth},
      {"CreateListener", &CreateListener},
      {"DescribeListeners", &DescribeListeners},
      {"ModifyListener", &ModifyListener},
      {"DeleteListener", &DeleteListener},
      {"CreateRule", &CreateRule},
      {"DescribeRules", &DescribeRules},
      {"ModifyRule", &ModifyRule},
      {"SetRulePriorities", &SetRulePriorities},
      {"DeleteRule", &DeleteRule},
      {"AddTags", &AddTags},
      {"RemoveTags", &RemoveTagsOp},
      {"DescribeTags", &DescribeTags},
  };
  return table;
}

}  // namespace berth::controlplane::api
