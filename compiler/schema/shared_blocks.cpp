// Nested blocks that several kinds share: service and schedule both launch tasks, so both place
// them the same way; task and service both take placement constraints. One table each, so the
// kinds can never drift apart.
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

namespace {

BlockSpec PlacementConstraint(std::vector<std::string_view> types, std::string_view type_doc) {
  return {
      .name = "placement_constraint",
      .repeated = true,
      .ir_key = "placement_constraints",
      .attributes =
          {
              {.name = "type",
               .type = &EnumOf(std::move(types)),
               .required = true,
               .doc = type_doc},
              {.name = "expression",
               .type = &String(),
               .doc = "Cluster query language expression (expression), e.g. "
                      "\"attribute:ecs.instance-type =~ t3.*\"."},
          },
      .doc =
          "A rule for which container instances may run the tasks (placementConstraints[]); "
          "EC2 launch type only.",
  };
}

}  // namespace

const BlockSpec& TaskPlacementConstraintBlock() {
  static const BlockSpec spec = Revisioned(
      PlacementConstraint({"memberOf"}, "memberOf: instances matching expression (type)."));
  return spec;
}

const BlockSpec& ServicePlacementConstraintBlock() {
  static const BlockSpec spec = PlacementConstraint(
      {"distinctInstance", "memberOf"},
      "distinctInstance: one task per instance; memberOf: instances matching expression (type).");
  return spec;
}

}  // namespace berth::schema
