// The `ebs_volume` block of a service (volumeConfigurations[]): an Amazon EBS volume ECS creates
// for each task, attached to a task volume declared with configured_at_launch.
#include "compiler/schema/tables.h"

namespace berth::schema {

const BlockSpec& EbsVolumeBlock() {
  static const BlockSpec spec{
      .name = "ebs_volume",
      .labeled = true,
      .repeated = true,
      .ir_key = "ebs_volumes",
      .attributes =
          {
              {.name = "role",
               .type = &RefTo({"role"}),
               .required = true,
               .doc = "Infrastructure role ECS uses to manage the volumes (roleArn)."},
              {.name = "size",
               .type = &Size(),
               .doc = "Volume size, whole GiB (sizeInGiB); the snapshot's size when omitted."},
              {.name = "volume_type",
               .type = &String(),
               .doc = "EBS volume type (volumeType), e.g. \"gp3\"; gp3 when omitted."},
              {.name = "iops",
               .type = &Number(),
               .doc = "Provisioned IOPS (iops); io1, io2 and gp3."},
              {.name = "throughput",
               .type = &Number(),
               .doc = "Throughput in MiB/s (throughput); gp3 only."},
              {.name = "encrypted", .type = &Bool(), .doc = "Encrypt the volume (encrypted)."},
              {.name = "kms_key", .type = &String(), .doc = "KMS key that encrypts it (kmsKeyId)."},
              {.name = "snapshot",
               .type = &String(),
               .doc = "Snapshot the volume is created from (snapshotId)."},
              {.name = "initialization_rate",
               .type = &Number(),
               .doc = "MiB/s at which a snapshot's blocks are fetched "
                      "(volumeInitializationRate)."},
              {.name = "filesystem_type",
               .type = &EnumOf({"ext3", "ext4", "xfs", "ntfs"}),
               .doc = "File system created on the volume (filesystemType); xfs on Linux when "
                      "omitted."},
              {.name = "tags",
               .type = &MapOf(String()),
               .doc = "Tags on the created volumes (tagSpecifications[].tags)."},
              {.name = "propagate_tags",
               .type = &EnumOf({"TASK_DEFINITION", "SERVICE", "NONE"}),
               .doc = "Copy the task definition's or service's tags onto the volumes "
                      "(tagSpecifications[].propagateTags)."},
          },
      .doc =
          "A managed EBS volume per task (volumeConfigurations[].managedEBSVolume); the "
          "label names the task's volume (name), which sets configured_at_launch.",
  };
  return spec;
}

}  // namespace berth::schema
