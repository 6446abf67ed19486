// Live decoders of what a schedule and a service's service_discovery block make outside ECS:
// EventBridge rules with their ECS target (the inverse of events_schedule.cpp) and Cloud Map
// services (the inverse of servicediscovery_service.cpp).
#include "backends/aws/live_decode.h"

namespace berth::aws::live {

namespace {

// The target's Input (RunTask overrides as JSON text) as `override` blocks.
Value Overrides(const Node& target) {
  ValueList overrides;
  std::optional<std::string> input = target.OptStr("Input");
  if (!input) return Value::List({});
  Json parsed = Json::parse(*input, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object()) target.At("Input").Fail("not a JSON object");
  Node overrides_node(&parsed, target.file(), target.path() + ".Input");
  for (const Node& c : overrides_node.Items("containerOverrides")) {
    ValueMap entry;
    entry.emplace_back("name", Str(c.Str("name")));
    if (c.Has("command")) entry.emplace_back("command", Value::List(Strings(c.Strs("command"))));
    if (c.Has("environment")) {
      ValueMap env;
      for (const Node& v : c.Items("environment"))
        env.emplace_back(v.Str("name"), Str(v.OptStr("value").value_or("")));
      entry.emplace_back("env", Value::Map(std::move(env)));
    }
    overrides.push_back(Value::Map(std::move(entry)));
  }
  return Value::List(std::move(overrides));
}

void EcsTarget(const Node& target, ValueMap& a) {
  a.emplace_back("cluster", Str(target.Str("Arn")));
  if (auto role = target.OptStr("RoleArn")) a.emplace_back("role", Str(*role));
  Value overrides = Overrides(target);
  if (!overrides.list().empty()) a.emplace_back("overrides", std::move(overrides));
  if (!target.Has("EcsParameters")) return;
  Node ecs = target.At("EcsParameters");
  a.emplace_back("task", Str(ecs.Str("TaskDefinitionArn")));
  a.emplace_back("count", Value::Number(ecs.OptInt("TaskCount").value_or(1)));
  if (auto launch = ecs.OptStr("LaunchType")) a.emplace_back("launch_type", Str(*launch));
  if (auto platform = ecs.OptStr("PlatformVersion"))
    a.emplace_back("platform_version", Str(*platform));
  if (ecs.Has("NetworkConfiguration")) {
    Node vpc = ecs.At("NetworkConfiguration").At("awsvpcConfiguration");
    ValueMap network;
    network.emplace_back("subnets", Value::List(Strings(vpc.Strs("Subnets"))));
    network.emplace_back("security_groups", Value::List(Strings(vpc.Strs("SecurityGroups"))));
    network.emplace_back("assign_public_ip",
                         Value::Bool(vpc.OptStr("AssignPublicIp").value_or("") == "ENABLED"));
    a.emplace_back("network", Value::Map(std::move(network)));
  }
  ValueList providers;
  for (const Node& p : ecs.Items("CapacityProviderStrategy")) {
    providers.push_back(Value::Map({{"name", Str(p.Str("capacityProvider"))},
                                    {"weight", Value::Number(p.OptInt("weight").value_or(0))},
                                    {"base", Value::Number(p.OptInt("base").value_or(0))}}));
  }
  if (!providers.empty()) a.emplace_back("capacity_providers", Value::List(std::move(providers)));
}

}  // namespace

std::vector<LiveObject> DecodeSchedules(const Snapshot& s) {
  std::vector<LiveObject> out;
  for (const Node& rule : s.event_rules) {
    std::optional<std::string> expression = rule.OptStr("ScheduleExpression");
    if (!expression) continue;  // an event pattern rule: not a schedule
    std::string name = rule.Str("Name");
    ValueMap a;
    a.emplace_back("name", Str(name));
    if (auto d = rule.OptStr("Description"); d && !d->empty())
      a.emplace_back("description", Str(*d));
    a.emplace_back("expression", Str(*expression));
    a.emplace_back("enabled", Value::Bool(rule.OptStr("State").value_or("ENABLED") != "DISABLED"));
    if (auto targets = s.event_targets.find(name); targets != s.event_targets.end()) {
      std::vector<Node> items = targets->second.Items("Targets");
      // berth puts one target (events_schedule.cpp); another is someone else's.
      for (const Node& t : items) {
        if (t.OptStr("Id").value_or("") == "ecs-task") EcsTarget(t, a);
      }
    }
    std::string arn = rule.Str("Arn");
    if (auto tags = s.event_rule_tags.find(arn); tags != s.event_rule_tags.end())
      a.emplace_back("tags", TagMap(tags->second.Items("Tags"), "Key", "Value"));
    LiveObject object{"schedule", name, Value::Map(std::move(a)), {}, Origin(rule)};
    object.handles.push_back({arn, "arn"});
    out.push_back(std::move(object));
  }
  return out;
}

void DecodeServiceDiscovery(const Snapshot& s, const Node& service, Value& attributes) {
  const Value* block = attributes.Get("service_discovery");
  std::vector<Node> registries = service.Items("serviceRegistries");
  if (block == nullptr || registries.empty()) return;
  std::string arn = registries[0].Str("registryArn");
  for (const Node& d : s.discovery_services) {
    if (d.OptStr("Arn").value_or("") != arn) continue;
    Value discovery = *block;
    discovery.Set("namespace", Str(d.Str("NamespaceId")));
    std::string name = d.Str("Name");
    // The ECS service's name is what an undeclared name means (servicediscovery_service.cpp).
    if (name != service.Str("serviceName")) discovery.Set("name", Str(name));
    if (d.Has("DnsConfig")) {
      std::vector<Node> records = d.At("DnsConfig").Items("DnsRecords");
      if (!records.empty()) {
        discovery.Set("dns_type", Str(records[0].Str("Type")));
        if (auto ttl = records[0].OptInt("TTL")) discovery.Set("ttl", Seconds(*ttl));
      }
    }
    attributes.Set("service_discovery", std::move(discovery));
  }
}

}  // namespace berth::aws::live
