// Nested blocks that service and schedule share: both launch tasks, so both place them the same
// way. One table each, so the two kinds can never drift apart.
#include "compiler/schema/tables.h"

namespace berth::schema {

const BlockSpec& NetworkBlock() {
  static const BlockSpec spec{
      .name = "network",
      .attributes =
          {
              {.name = "subnets",
               .type = &ListOf(String()),
               .required = true,
               .doc = "Subnet ids the tasks' network interfaces go in "
                      "(awsvpcConfiguration.subnets); use two or more availability zones."},
              {.name = "security_groups",
               .type = &ListOf(String()),
               .doc = "Security group ids (awsvpcConfiguration.securityGroups): \"sg-...\" "
                      "strings or `security_group.NAME.id`."},
              {.name = "assign_public_ip",
               .type = &Bool(),
               .default_value = Flag(false),
               .doc = "Give each task a public IP (assignPublicIp ENABLED/DISABLED): needed in "
                      "a public subnet without a NAT gateway."},
          },
      .doc = "Where awsvpc tasks attach (networkConfiguration.awsvpcConfiguration).",
  };
  return spec;
}

const BlockSpec& CapacityProviderBlock() {
  static const BlockSpec spec{
      .name = "capacity_provider",
      .repeated = true,
      .ir_key = "capacity_providers",
      .attributes =
          {
              {.name = "name",
               .type = &String(),
               .required = true,
               .doc = "FARGATE, FARGATE_SPOT, or an Auto Scaling group capacity provider "
                      "(capacityProvider)."},
              {.name = "weight",
               .type = &Number(),
               .default_value = Num(1),
               .doc = "Relative share of tasks placed on this provider (weight)."},
              {.name = "base",
               .type = &Number(),
               .default_value = Num(0),
               .doc = "Tasks placed here before weights apply (base); one provider only."},
          },
      .doc =
          "A capacity provider strategy item (capacityProviderStrategy[]); excludes "
          "launch_type.",
  };
  return spec;
}

}  // namespace berth::schema
