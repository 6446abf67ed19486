// What AWS fills in for attributes a request leaves out, where berth has no schema default to
// write into the IR (the value depends on other attributes, or AWS's choice changes over time).
// Plans against live read this one table for both sides: an undeclared attribute whose live
// value is a server default is no change, and neither is a declared value equal to the server
// default that a describe call leaves out.
#include "compiler/schema/server_defaults.h"

#include "compiler/schema/schema.h"
#include "compiler/schema/tables.h"

namespace berth::schema {

namespace {

const Value* At(const Value& map, std::string_view key) {
  return map.is(ValueKind::kMap) ? map.Get(key) : nullptr;
}

bool StringIs(const Value* v, std::string_view text) {
  return v && v->is(ValueKind::kString) && v->str() == text;
}

// The protocol a target group's health check uses: its own, else HTTP(S) as the group's, else
// TCP.
std::string HealthCheckProtocol(const Value& group) {
  const Value* check = At(group, "health_check");
  if (const Value* own = check ? At(*check, "protocol") : nullptr;
      own && own->is(ValueKind::kString))
    return own->str();
  const Value* protocol = At(group, "protocol");
  if (StringIs(protocol, "HTTP") || StringIs(protocol, "HTTPS")) return protocol->str();
  return "TCP";
}

bool HttpCheck(const Value& group) { return HealthCheckProtocol(group) == "HTTP"; }
bool HttpsCheck(const Value& group) { return HealthCheckProtocol(group) == "HTTPS"; }
bool TcpCheck(const Value& group) {
  std::string p = HealthCheckProtocol(group);
  return p != "HTTP" && p != "HTTPS";
}

bool Https(const Value& listener) {
  return StringIs(At(listener, "protocol"), "HTTPS") || StringIs(At(listener, "protocol"), "TLS");
}

}  // namespace

const std::vector<ServerDefault>& ServerDefaults() {
  static const std::vector<ServerDefault> table = {
      {"service", "platform_version", Value::String("LATEST")},
      {"service", "enable_ecs_managed_tags", Value::Bool(false)},
      // CreateService: "If you don't specify a health check grace period value, the default
      // value of 0 is used" (ECS API reference, healthCheckGracePeriodSeconds).
      {"service", "health_check_grace", Seconds(0)},
      // AWS turned rebalancing on for new services in 2025; older ones report DISABLED.
      {"service", "availability_zone_rebalancing", Value::String("DISABLED")},
      {"service", "availability_zone_rebalancing", Value::String("ENABLED")},
      // CreateTargetGroup: HealthCheckTimeoutSeconds by health check protocol.
      {"target_group", "health_check.timeout", Seconds(5), &HttpCheck},
      {"target_group", "health_check.timeout", Seconds(6), &HttpsCheck},
      {"target_group", "health_check.timeout", Seconds(10), &TcpCheck},
      // CreateListener: the policy of an HTTPS or TLS listener that names none; the API default
      // and the one AWS recommends (and uses for new listeners since 2023).
      {"load_balancer", "listeners.ssl_policy", Value::String("ELBSecurityPolicy-2016-08"), nullptr,
       &Https},
      {"load_balancer", "listeners.ssl_policy",
       Value::String("ELBSecurityPolicy-TLS13-1-2-2021-06"), nullptr, &Https},
      // CreateSecurityGroup: every new group allows all outbound traffic.
      {"security_group", "egress",
       Value::List({Value::Map({{"protocol", Value::String("all")},
                                {"cidr", Value::List({Value::String("0.0.0.0/0")})}})})},
  };
  return table;
}

}  // namespace berth::schema
