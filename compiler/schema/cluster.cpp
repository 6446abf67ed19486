// cluster: an ECS cluster (CreateCluster). Clusters cost nothing; they group services and tasks.
#include "compiler/schema/tables.h"

namespace berth::schema {

const BlockSpec& ClusterSchema() {
  static const BlockSpec spec{
      .name = "cluster",
      .labeled = true,
      .attributes =
          {
              {.name = "name",
               .type = &String(),
               .default_is_label = true,
               .forces_replacement = true,
               .doc = "Cluster name (clusterName). Defaults to the block's label."},
              {.name = "container_insights",
               .type = &Bool(),
               .default_value = Flag(false),
               .doc = "CloudWatch Container Insights (the containerInsights setting); ECS "
                      "leaves it disabled unless asked."},
              {.name = "capacity_providers",
               .type = &ListOf(String()),
               .doc = "Capacity providers the cluster may use (capacityProviders): FARGATE, "
                      "FARGATE_SPOT, or the name of an Auto Scaling group provider."},
              TagsAttribute(),
          },
      .computed = {"arn"},
      .doc = "An ECS cluster: the logical home of services and tasks.",
  };
  return spec;
}

}  // namespace berth::schema
