#include "backends/aws/rule_ports.h"

#include "backends/aws/ir_access.h"

namespace berth::aws {

namespace {

bool IsPortKey(std::string_view key) {
  return key == "port" || key == "from_port" || key == "to_port" || key == "protocol";
}

// The rule without its protocol and ports, to compare the rest.
Value WithoutPorts(const Value& rule) {
  ValueMap rest;
  if (rule.is(ValueKind::kMap)) {
    for (const auto& [key, value] : rule.map())
      if (!IsPortKey(key)) rest.emplace_back(key, value);
  }
  return Value::Map(std::move(rest));
}

}  // namespace

std::string RuleProtocol(const Value& rule) {
  const Value* protocol = Field(rule, "protocol");
  bool text = protocol && (protocol->is(ValueKind::kString) || protocol->is(ValueKind::kSymbol));
  return text ? protocol->str() : "tcp";
}

std::optional<PortRange> RulePorts(const Value& rule) {
  std::string protocol = RuleProtocol(rule);
  if (protocol == "all") return std::nullopt;
  auto number = [&](const char* key) -> const Value* {
    const Value* v = Field(rule, key);
    return v && v->is(ValueKind::kNumber) ? v : nullptr;
  };
  const Value* port = number("port");
  const Value* from = number("from_port");
  const Value* to = number("to_port");
  long long any_from = protocol == "icmp" ? -1 : 0;
  long long any_to = protocol == "icmp" ? -1 : 65535;
  return PortRange{port   ? Integer(*port)
                   : from ? Integer(*from)
                          : any_from,
                   port ? Integer(*port)
                   : to ? Integer(*to)
                        : any_to};
}

bool SameRule(const Value& a, const Value& b) {
  return RuleProtocol(a) == RuleProtocol(b) && RulePorts(a) == RulePorts(b) &&
         WithoutPorts(a) == WithoutPorts(b);
}

}  // namespace berth::aws
