// Live decoders of target groups and load balancers (with their listeners and rules): the
// inverse of elbv2_target_group.cpp, elbv2_load_balancer.cpp and elbv2_common.cpp.
#include <fmt/format.h>

#include <map>
#include <set>
#include <tuple>

#include "backends/aws/live_decode.h"

namespace berth::aws::live {

namespace {

bool IsHttp(std::string_view protocol) { return protocol == "HTTP" || protocol == "HTTPS"; }

// key -> value of an attributes output (`Attributes[].Key/Value`).
std::string AttributeValue(const Node& output, const std::string& key, const std::string& dflt) {
  for (const Node& entry : output.Items("Attributes")) {
    if (entry.Str("Key") == key) return entry.OptStr("Value").value_or(dflt);
  }
  return dflt;
}

double Number(const Node& owner, const std::string& text, const std::string& what) {
  char* end = nullptr;
  double value = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0')
    owner.Fail(what + ": expected a number, found \"" + text + "\"");
  return value;
}

Value Tags(const Snapshot& s, const std::string& arn) {
  auto it = s.elbv2_tags.find(arn);
  if (it == s.elbv2_tags.end()) return Value::Map({});
  return TagMap(it->second.Items("Tags"), "Key", "Value");
}

Value HealthCheck(const Node& g) {
  std::string protocol = g.OptStr("Protocol").value_or("");
  std::string check_protocol = g.OptStr("HealthCheckProtocol").value_or("");
  ValueMap check;
  // Written by the builders only when it differs from what AWS derives from the protocol.
  std::string derived = IsHttp(protocol) ? protocol : "TCP";
  if (!check_protocol.empty() && check_protocol != derived)
    check.emplace_back("protocol", Str(check_protocol));
  if (auto port = g.OptStr("HealthCheckPort"); port && *port != "traffic-port")
    check.emplace_back("port", Value::Number(Number(g, *port, "HealthCheckPort")));
  if (auto path = g.OptStr("HealthCheckPath")) check.emplace_back("path", Str(*path));
  if (auto interval = g.OptInt("HealthCheckIntervalSeconds"))
    check.emplace_back("interval", Seconds(*interval));
  // AWS's default by protocol is the schema's server default (server_defaults.cpp).
  if (auto timeout = g.OptInt("HealthCheckTimeoutSeconds"))
    check.emplace_back("timeout", Seconds(*timeout));
  if (auto n = g.OptInt("HealthyThresholdCount"))
    check.emplace_back("healthy_threshold", Value::Number(*n));
  if (auto n = g.OptInt("UnhealthyThresholdCount"))
    check.emplace_back("unhealthy_threshold", Value::Number(*n));
  if (g.Has("Matcher")) {
    Node matcher = g.At("Matcher");
    if (auto code = matcher.OptStr("HttpCode")) check.emplace_back("matcher", Str(*code));
    if (auto code = matcher.OptStr("GrpcCode")) check.emplace_back("matcher", Str(*code));
  }
  return Value::Map(std::move(check));
}

// A listener's or rule's first action as its forward / redirect / fixed_response block.
void Action(const Node& owner, std::string_view key, ValueMap& into) {
  std::vector<Node> actions = owner.Items(key);
  if (actions.empty()) return;
  const Node& action = actions.front();
  std::string type = action.Str("Type");
  if (type == "forward") {
    std::optional<std::string> group = action.OptStr("TargetGroupArn");
    if (!group && action.Has("ForwardConfig")) {
      std::vector<Node> groups = action.At("ForwardConfig").Items("TargetGroups");
      if (!groups.empty()) group = groups.front().Str("TargetGroupArn");
    }
    into.emplace_back("forward", Value::Map({{"target_group", Str(group.value_or(""))}}));
  } else if (type == "redirect") {
    Node config = action.At("RedirectConfig");
    ValueMap r;
    // AWS prints its own defaults for what the request left out: #{host}, /#{path}, #{query}.
    if (auto v = config.OptStr("Protocol"); v && *v != "#{protocol}")
      r.emplace_back("protocol", Str(*v));
    if (auto v = config.OptStr("Port"); v && *v != "#{port}")
      r.emplace_back("port", Value::Number(Number(config, *v, "Port")));
    if (auto v = config.OptStr("Host"); v && *v != "#{host}") r.emplace_back("host", Str(*v));
    if (auto v = config.OptStr("Path"); v && *v != "/#{path}") r.emplace_back("path", Str(*v));
    if (auto v = config.OptStr("Query"); v && *v != "#{query}") r.emplace_back("query", Str(*v));
    if (auto v = config.OptStr("StatusCode")) r.emplace_back("status_code", Str(*v));
    into.emplace_back("redirect", Value::Map(std::move(r)));
  } else if (type == "fixed-response") {
    Node config = action.At("FixedResponseConfig");
    ValueMap f;
    if (auto v = config.OptStr("StatusCode"))
      f.emplace_back("status_code", Value::Number(Number(config, *v, "StatusCode")));
    if (auto v = config.OptStr("ContentType")) f.emplace_back("content_type", Str(*v));
    if (auto v = config.OptStr("MessageBody")) f.emplace_back("body", Str(*v));
    into.emplace_back("fixed_response", Value::Map(std::move(f)));
  } else {
    action.Fail("action type " + type + " has no berth block (forward, redirect, fixed-response)");
  }
}

// The listener ARN a rule ARN belongs to: listener-rule/app/N/LB/L/R -> listener/app/N/LB/L.
std::string ListenerOfRule(const std::string& rule_arn) {
  std::string arn = rule_arn;
  size_t at = arn.find(":listener-rule/");
  if (at == std::string::npos) return "";
  arn.replace(at, 15, ":listener/");
  return arn.substr(0, arn.rfind('/'));
}

// The desired entry of `list` whose `key` equals `number`: its label.
std::string LabelOf(const Value* list, const char* key, long long number, const char* fallback) {
  if (list && list->is(ValueKind::kList)) {
    for (const Value& item : list->list()) {
      const Value* v = item.Get(key);
      const Value* name = item.Get("name");
      if (v && v->is_numeric() && v->number() == number && name && name->is(ValueKind::kString))
        return name->str();
    }
  }
  return fmt::format("{}_{}", fallback, number);
}

// A rule's priority, conditions and action, as a nested `rule` block and a `listener_rule`
// hold them alike.
void RuleBody(const Node& rule, ValueMap& r) {
  r.emplace_back("priority", Value::Number(rule.Int("Priority")));
  for (const Node& condition : rule.Items("Conditions")) {
    std::string field = condition.Str("Field");
    const char* key = field == "path-pattern" ? "path" : field == "host-header" ? "host" : nullptr;
    if (key == nullptr)
      condition.Fail("condition " + field + " has no berth attribute (path, host)");
    const char* config = field == "path-pattern" ? "PathPatternConfig" : "HostHeaderConfig";
    std::vector<std::string> values =
        condition.Has(config) ? condition.At(config).Strs("Values") : condition.Strs("Values");
    ValueList list;
    for (const std::string& v : values) list.push_back(Str(v));
    r.emplace_back(key, Value::List(std::move(list)));
  }
  Action(rule, "Actions", r);
}

// The rules of a listener that no listener_rule resource claims (`claimed`, by rule ARN).
Value Rules(const Snapshot& s, const std::string& listener_arn, const Value* desired_listener,
            const std::map<std::string, std::string>& claimed) {
  ValueList rules;
  for (const Node& rule : s.rules) {
    if (rule.OptBool("IsDefault").value_or(false)) continue;
    if (ListenerOfRule(rule.Str("RuleArn")) != listener_arn) continue;
    if (claimed.count(rule.Str("RuleArn"))) continue;
    ValueMap r;
    r.emplace_back("name", Str(LabelOf(desired_listener ? desired_listener->Get("rules") : nullptr,
                                       "priority", rule.Int("Priority"), "priority")));
    RuleBody(rule, r);
    rules.push_back(Value::Map(std::move(r)));
  }
  return Value::List(std::move(rules));
}

// The load balancer and listener a listener_rule resource names: the load balancer's name and
// the port of its listener labelled `listener` ("" and 0 when the stack does not say).
std::pair<std::string, long long> Attachment(const ir::Resource& rule, const ir::Program& desired) {
  const Value* lb = rule.attributes.Get("load_balancer");
  const Value* listener = rule.attributes.Get("listener");
  if (!lb || !lb->is(ValueKind::kRef) || !listener || !listener->is(ValueKind::kString))
    return {"", 0};
  const ir::Resource* balancer = desired.Find(lb->ref().address);
  if (!balancer) return {"", 0};
  long long port = 0;
  if (const Value* listeners = balancer->attributes.Get("listeners");
      listeners && listeners->is(ValueKind::kList)) {
    for (const Value& l : listeners->list()) {
      const Value* name = l.Get("name");
      const Value* p = l.Get("port");
      if (name && *name == *listener && p && p->is_numeric())
        port = static_cast<long long>(p->number());
    }
  }
  return {DesiredKey(*balancer), port};
}

// Per listener ARN, its load balancer's name and its port.
std::map<std::string, std::pair<std::string, long long>> ListenerPlaces(const Snapshot& s) {
  std::map<std::string, std::string> lb_names;
  for (const Node& lb : s.load_balancers)
    lb_names[lb.Str("LoadBalancerArn")] = lb.Str("LoadBalancerName");
  std::map<std::string, std::pair<std::string, long long>> out;
  for (const Node& l : s.listeners) {
    auto name = lb_names.find(l.Str("LoadBalancerArn"));
    if (name != lb_names.end()) out[l.Str("ListenerArn")] = {name->second, l.Int("Port")};
  }
  return out;
}

}  // namespace

std::vector<LiveObject> DecodeTargetGroups(const Snapshot& s) {
  std::vector<LiveObject> out;
  for (const Node& g : s.target_groups) {
    std::string name = g.Str("TargetGroupName");
    std::string arn = g.Str("TargetGroupArn");
    std::string protocol = g.OptStr("Protocol").value_or("");
    ValueMap a;
    a.emplace_back("name", Str(name));
    if (auto port = g.OptInt("Port")) a.emplace_back("port", Value::Number(*port));
    if (!protocol.empty()) a.emplace_back("protocol", Str(protocol));
    if (auto version = g.OptStr("ProtocolVersion"))
      a.emplace_back("protocol_version", Str(*version));
    a.emplace_back("target_type", Str(g.OptStr("TargetType").value_or("instance")));
    if (auto vpc = g.OptStr("VpcId")) a.emplace_back("vpc", Str(*vpc));
    if (g.OptBool("HealthCheckEnabled").value_or(true))
      a.emplace_back("health_check", HealthCheck(g));
    auto attributes = s.target_group_attributes.find(arn);
    if (attributes == s.target_group_attributes.end()) {
      g.Fail("no describe-target-group-attributes output for target group " + name +
             " (capture.sh writes it)");
    }
    const Node& attrs = attributes->second;
    a.emplace_back(
        "deregistration_delay",
        Seconds(Number(attrs, AttributeValue(attrs, "deregistration_delay.timeout_seconds", "300"),
                       "deregistration_delay.timeout_seconds")));
    if (IsHttp(protocol)) {
      a.emplace_back(
          "slow_start",
          Seconds(Number(attrs, AttributeValue(attrs, "slow_start.duration_seconds", "0"),
                         "slow_start.duration_seconds")));
    }
    a.emplace_back("tags", Tags(s, arn));
    LiveObject object{"target_group", name, Value::Map(std::move(a)), {}, Origin(g)};
    object.handles.push_back({arn, ""});
    out.push_back(std::move(object));
  }
  return out;
}

std::vector<LiveObject> DecodeLoadBalancers(const Snapshot& s, const ir::Program& desired,
                                            const std::map<std::string, std::string>& claimed) {
  std::vector<LiveObject> out;
  for (const Node& lb : s.load_balancers) {
    std::string name = lb.Str("LoadBalancerName");
    std::string arn = lb.Str("LoadBalancerArn");
    const Value* desired_listeners = nullptr;
    for (const ir::Resource& r : desired.resources) {
      if (r.kind == "load_balancer" && DesiredKey(r) == name)
        desired_listeners = r.attributes.Get("listeners");
    }
    ValueMap a;
    a.emplace_back("name", Str(name));
    a.emplace_back("type", Str(lb.OptStr("Type").value_or("application")));
    a.emplace_back("internal", Value::Bool(lb.OptStr("Scheme").value_or("") == "internal"));
    ValueList subnets;
    for (const Node& zone : lb.Items("AvailabilityZones"))
      subnets.push_back(Str(zone.Str("SubnetId")));
    a.emplace_back("subnets", Value::List(std::move(subnets)));
    ValueList groups;
    for (const std::string& g : lb.Strs("SecurityGroups")) groups.push_back(Str(g));
    if (!groups.empty()) a.emplace_back("security_groups", Value::List(std::move(groups)));
    a.emplace_back("ip_address_type", Str(lb.OptStr("IpAddressType").value_or("ipv4")));
    auto attributes = s.load_balancer_attributes.find(arn);
    if (attributes == s.load_balancer_attributes.end()) {
      lb.Fail("no describe-load-balancer-attributes output for load balancer " + name +
              " (capture.sh writes it)");
    }
    const Node& attrs = attributes->second;
    if (lb.OptStr("Type").value_or("application") == "application") {
      a.emplace_back(
          "idle_timeout",
          Seconds(Number(attrs, AttributeValue(attrs, "idle_timeout.timeout_seconds", "60"),
                         "idle_timeout.timeout_seconds")));
    }
    a.emplace_back(
        "deletion_protection",
        Value::Bool(AttributeValue(attrs, "deletion_protection.enabled", "false") == "true"));
    a.emplace_back("tags", Tags(s, arn));
    ValueList listeners;
    for (const Node& l : s.listeners) {
      if (l.Str("LoadBalancerArn") != arn) continue;
      long long port = l.Int("Port");
      std::string label = LabelOf(desired_listeners, "port", port, "port");
      ValueMap m;
      m.emplace_back("name", Str(label));
      m.emplace_back("port", Value::Number(port));
      m.emplace_back("protocol", Str(l.Str("Protocol")));
      if (auto policy = l.OptStr("SslPolicy")) m.emplace_back("ssl_policy", Str(*policy));
      for (const Node& c : l.Items("Certificates")) {
        if (c.OptBool("IsDefault").value_or(true))
          m.emplace_back("certificate_arn", Str(c.Str("CertificateArn")));
      }
      Action(l, "DefaultActions", m);
      const Value* desired_listener = nullptr;
      if (desired_listeners && desired_listeners->is(ValueKind::kList)) {
        for (const Value& d : desired_listeners->list()) {
          const Value* n = d.Get("name");
          if (n && n->is(ValueKind::kString) && n->str() == label) desired_listener = &d;
        }
      }
      Value rules = Rules(s, l.Str("ListenerArn"), desired_listener, claimed);
      if (!rules.list().empty()) m.emplace_back("rules", std::move(rules));
      listeners.push_back(Value::Map(std::move(m)));
    }
    if (!listeners.empty()) a.emplace_back("listeners", Value::List(std::move(listeners)));
    LiveObject object{"load_balancer", name, Value::Map(std::move(a)), {}, Origin(lb)};
    object.handles.push_back({arn, ""});
    if (auto dns = lb.OptStr("DNSName")) object.handles.push_back({*dns, "dns_name"});
    if (auto vpc = lb.OptStr("VpcId")) object.shared_handles.push_back({*vpc, "vpc"});
    out.push_back(std::move(object));
  }
  return out;
}

std::map<std::string, std::string> ClaimedRules(
    const Snapshot& s, const ir::Program& desired,
    const std::map<std::string, std::string>& recorded_arns) {
  std::map<std::string, std::string> claimed;
  std::set<std::string> taken;  // addresses
  std::set<std::string> live_arns;
  for (const Node& rule : s.rules) live_arns.insert(rule.Str("RuleArn"));
  for (const auto& [address, arn] : recorded_arns) {
    if (!live_arns.count(arn)) continue;
    claimed[arn] = address;
    taken.insert(address);
  }
  // The others by where they sit: load balancer name, listener port, priority.
  std::map<std::tuple<std::string, long long, long long>, std::string> wanted;
  for (const ir::Resource& r : desired.resources) {
    if (r.kind != "listener_rule" || taken.count(r.address)) continue;
    const Value* priority = r.attributes.Get("priority");
    auto [lb, port] = Attachment(r, desired);
    if (lb.empty() || !priority || !priority->is_numeric()) continue;
    wanted[{lb, port, static_cast<long long>(priority->number())}] = r.address;
  }
  if (wanted.empty()) return claimed;
  auto places = ListenerPlaces(s);
  for (const Node& rule : s.rules) {
    std::string arn = rule.Str("RuleArn");
    if (claimed.count(arn) || rule.OptBool("IsDefault").value_or(false)) continue;
    auto place = places.find(ListenerOfRule(arn));
    if (place == places.end()) continue;
    auto want = wanted.find({place->second.first, place->second.second, rule.Int("Priority")});
    if (want == wanted.end()) continue;
    claimed[arn] = want->second;
    wanted.erase(want);
  }
  return claimed;
}

std::vector<LiveObject> DecodeListenerRules(const Snapshot& s, const ir::Program& desired,
                                            const std::map<std::string, std::string>& claimed) {
  std::map<std::string, std::string> lb_arns;  // listener ARN -> its load balancer's ARN
  for (const Node& l : s.listeners) lb_arns[l.Str("ListenerArn")] = l.Str("LoadBalancerArn");
  auto places = ListenerPlaces(s);
  std::vector<LiveObject> out;
  for (const Node& rule : s.rules) {
    std::string arn = rule.Str("RuleArn");
    auto address = claimed.find(arn);
    if (address == claimed.end()) continue;
    std::string listener_arn = ListenerOfRule(arn);
    auto lb = lb_arns.find(listener_arn);
    if (lb == lb_arns.end()) continue;  // its listener was not read: not the stack's
    // The listener's label from the desired load balancer of that name, by port.
    const Value* desired_listeners = nullptr;
    for (const ir::Resource& r : desired.resources) {
      if (r.kind == "load_balancer" && DesiredKey(r) == places[listener_arn].first)
        desired_listeners = r.attributes.Get("listeners");
    }
    ValueMap a;
    a.emplace_back("load_balancer", Str(lb->second));
    a.emplace_back("listener",
                   Str(LabelOf(desired_listeners, "port", places[listener_arn].second, "port")));
    RuleBody(rule, a);
    a.emplace_back("tags", Tags(s, arn));
    LiveObject object{"listener_rule", address->second, Value::Map(std::move(a)), {}, Origin(rule)};
    object.handles.push_back({arn, "arn"});
    out.push_back(std::move(object));
  }
  return out;
}

}  // namespace berth::aws::live
