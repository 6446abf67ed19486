// log_group: a CloudWatch Logs log group (CreateLogGroup, PutRetentionPolicy).
#include "compiler/schema/tables.h"

namespace berth::schema {

const BlockSpec& LogGroupSchema() {
  static const BlockSpec spec{
      .name = "log_group",
      .labeled = true,
      .attributes =
          {
              {.name = "name",
               .type = &String(),
               .default_is_label = true,
               .forces_replacement = true,
               .doc = "Log group name (logGroupName), e.g. \"/ecs/sample-api\". Defaults to the "
                      "block's label."},
              {.name = "retention",
               .type = &Duration(),
               .doc = "How long events are kept (retentionInDays), in whole days CloudWatch "
                      "allows: 1d, 3d, 5d, 7d, 14d, 30d, 60d, 90d, ... 3653d. Forever when "
                      "omitted."},
              {.name = "kms_key",
               .type = &String(),
               .doc = "KMS key ARN encrypting the events (kmsKeyId)."},
              {.name = "class",
               .type = &EnumOf({"STANDARD", "INFREQUENT_ACCESS"}),
               .default_value = Str("STANDARD"),
               .forces_replacement = true,
               .doc = "Log class (logGroupClass): INFREQUENT_ACCESS is cheaper with fewer "
                      "features."},
              TagsAttribute(),
          },
      .computed = {"arn"},
      .doc = "A CloudWatch Logs log group that awslogs containers write to.",
  };
  return spec;
}

}  // namespace berth::schema
