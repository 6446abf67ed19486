// cluster: an ECS cluster (CreateCluster). Clusters cost nothing; they group services and tasks.
#include "compiler/schema/tables.h"

namespace berth::schema {

namespace {

// The cluster's defaults for services that name no launch type nor capacity provider: the same
// table as a service's capacity_provider, under its own name so the IR keys stay apart from the
// cluster's `capacity_providers` attribute.
const BlockSpec& DefaultCapacityProviderBlock() {
  static const BlockSpec spec = [] {
    BlockSpec block = CapacityProviderBlock();
    block.name = "default_capacity_provider";
    block.ir_key = "default_capacity_providers";
    block.doc =
        "An item of the cluster's default capacity provider strategy "
        "(defaultCapacityProviderStrategy[]), used by services that name no launch type or "
        "capacity provider.";
    return block;
  }();
  return spec;
}

const BlockSpec& ExecuteCommandBlock() {
  static const BlockSpec spec{
      .name = "execute_command",
      .attributes =
          {
              {.name = "kms_key",
               .type = &String(),
               .doc = "KMS key that encrypts the session (kmsKeyId)."},
              {.name = "logging",
               .type = &EnumOf({"NONE", "DEFAULT", "OVERRIDE"}),
               .doc = "Where session output goes (logging): DEFAULT follows the task's awslogs, "
                      "OVERRIDE uses the settings below; DEFAULT when omitted."},
              {.name = "log_group",
               .type = &String(),
               .doc = "CloudWatch log group name for OVERRIDE "
                      "(logConfiguration.cloudWatchLogGroupName), e.g. log_group.exec.name."},
              {.name = "cloudwatch_encryption",
               .type = &Bool(),
               .doc = "Require an encrypted log group (cloudWatchEncryptionEnabled)."},
              {.name = "s3_bucket",
               .type = &String(),
               .doc = "S3 bucket for OVERRIDE (logConfiguration.s3BucketName)."},
              {.name = "s3_encryption",
               .type = &Bool(),
               .doc = "Require an encrypted bucket (s3EncryptionEnabled)."},
              {.name = "s3_key_prefix",
               .type = &String(),
               .doc = "Key prefix of the session logs (s3KeyPrefix)."},
          },
      .doc = "ECS Exec settings (configuration.executeCommandConfiguration).",
  };
  return spec;
}

const BlockSpec& ManagedStorageBlock() {
  static const BlockSpec spec{
      .name = "managed_storage",
      .attributes =
          {
              {.name = "kms_key",
               .type = &String(),
               .doc = "KMS key for managed storage such as EBS task volumes (kmsKeyId)."},
              {.name = "fargate_ephemeral_storage_kms_key",
               .type = &String(),
               .doc = "KMS key for Fargate ephemeral storage "
                      "(fargateEphemeralStorageKmsKeyId)."},
          },
      .doc = "Encryption of task storage (configuration.managedStorageConfiguration).",
  };
  return spec;
}

}  // namespace

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
              {.name = "service_connect_namespace",
               .type = &String(),
               .doc = "Cloud Map namespace name or ARN that services' service_connect blocks "
                      "use by default (serviceConnectDefaults.namespace)."},
              TagsAttribute(),
          },
      .blocks = {&DefaultCapacityProviderBlock(), &ExecuteCommandBlock(), &ManagedStorageBlock()},
      .computed = {"arn"},
      .doc = "An ECS cluster: the logical home of services and tasks.",
      .handle = "name",
  };
  return spec;
}

}  // namespace berth::schema
