// security_group: a VPC security group (CreateSecurityGroup) with its ingress and egress rules
// (AuthorizeSecurityGroupIngress / Egress).
#include "compiler/schema/tables.h"

namespace berth::schema {

namespace {

// Ingress and egress rules differ only in which side the peer group is on.
BlockSpec RuleBlock(std::string_view name, std::string_view peer, std::string_view peer_doc,
                    std::string_view doc) {
  return BlockSpec{
      .name = name,
      .repeated = true,
      .ir_key = name,
      .attributes =
          {
              {.name = "protocol",
               .type = &EnumOf({"tcp", "udp", "icmp", "all"}),
               .default_value = Str("tcp"),
               .doc = "IP protocol (IpProtocol); all is -1."},
              {.name = "port",
               .type = &Number(),
               .doc = "A single port: shorthand for from_port = to_port = port."},
              {.name = "from_port", .type = &Number(), .doc = "First port of a range (FromPort)."},
              {.name = "to_port", .type = &Number(), .doc = "Last port of a range (ToPort)."},
              {.name = "cidr",
               .type = &ListOf(String()),
               .doc = "IPv4 ranges (IpRanges[].CidrIp), e.g. [\"10.0.0.0/16\"]."},
              {.name = "ipv6_cidr",
               .type = &ListOf(String()),
               .doc = "IPv6 ranges (Ipv6Ranges[].CidrIpv6)."},
              {.name = peer, .type = &String(), .doc = peer_doc},
              {.name = "description",
               .type = &String(),
               .doc = "Description of the rule (Description)."},
          },
      .doc = doc,
  };
}

const BlockSpec& IngressBlock() {
  static const BlockSpec spec =
      RuleBlock("ingress", "source_security_group",
                "Group whose members may connect (UserIdGroupPairs[].GroupId): an \"sg-...\" "
                "id or `security_group.NAME.id`.",
                "Inbound traffic allowed (IpPermissions of AuthorizeSecurityGroupIngress).");
  return spec;
}

const BlockSpec& EgressBlock() {
  static const BlockSpec spec =
      RuleBlock("egress", "destination_security_group",
                "Group whose members may be reached (UserIdGroupPairs[].GroupId): an "
                "\"sg-...\" id or `security_group.NAME.id`.",
                "Outbound traffic allowed (IpPermissions of AuthorizeSecurityGroupEgress). "
                "With no egress block, all outbound traffic is allowed, as AWS does.");
  return spec;
}

}  // namespace

const BlockSpec& SecurityGroupSchema() {
  static const BlockSpec spec{
      .name = "security_group",
      .labeled = true,
      .attributes =
          {
              {.name = "name",
               .type = &String(),
               .default_is_label = true,
               .forces_replacement = true,
               .doc = "Group name (GroupName). Defaults to the block's label."},
              {.name = "description",
               .type = &String(),
               .default_value = Str("Managed by berth"),
               .forces_replacement = true,
               .doc = "Description (Description); EC2 cannot change it in place."},
              {.name = "vpc",
               .type = &String(),
               .required = true,
               .forces_replacement = true,
               .doc = "VPC id (VpcId), e.g. \"vpc-0123456789abcdef0\"."},
              TagsAttribute(),
          },
      .blocks = {&IngressBlock(), &EgressBlock()},
      .computed = {"id", "arn"},
      .doc = "A VPC security group: the firewall of load balancers and awsvpc tasks.",
  };
  return spec;
}

}  // namespace berth::schema
