// The ports a security group rule block covers, as EC2 stores them (IpPermission FromPort and
// ToPort). One reading for the requests berth sends and for comparing a rule read back from
// EC2 with the block that made it, so two spellings of the same ports are never a change.
#pragma once

#include <optional>

#include "compiler/base/value.h"

namespace berth::aws {

struct PortRange {
  long long from = 0;
  long long to = 0;
  bool operator==(const PortRange&) const = default;
};

// `port` is both ends; tcp and udp without ports mean 0-65535; icmp without ports means every
// type and code (-1, -1). nullopt for protocol `all` (-1): EC2 ignores and never reports its
// ports, whatever the block says (Terraform users write from_port = 0, to_port = 0).
std::optional<PortRange> RulePorts(const Value& rule);

// The rule's protocol: its `protocol`, else tcp (the schema default).
std::string RuleProtocol(const Value& rule);

// Whether two rule blocks allow the same traffic: same protocol, same ports however spelled,
// and every other attribute equal.
bool SameRule(const Value& a, const Value& b);

}  // namespace berth::aws
