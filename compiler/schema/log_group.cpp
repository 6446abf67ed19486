// log_group: a CloudWatch Logs log group (CreateLogGroup, PutRetentionPolicy).
#include "compiler/schema/tables.h"

namespace berth::schema {

namespace {

std::vector<Value> Days(std::initializer_list<int> days) {
  std::vector<Value> out;
  for (int d : days) out.push_back(Seconds(d * 86400.0));
  return out;
}

}  // namespace

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
               // PutRetentionPolicy accepts these day counts only.
               .allowed = Days({1,   3,   5,   7,   14,   30,   60,   90,   120,  150,  180,
                                365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653}),
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
      .handle = "name",
  };
  return spec;
}

}  // namespace berth::schema
