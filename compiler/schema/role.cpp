// role: an IAM role (CreateRole) with its trust policy, managed policies and an inline policy
// built from statement blocks.
#include "compiler/schema/tables.h"

namespace berth::schema {

namespace {

// IAM condition values may be strings or lists, so a typed block (test, variable, values)
// stands in for the raw JSON map: {test: {variable: values}}.
const BlockSpec& ConditionBlock() {
  static const BlockSpec spec{
      .name = "condition",
      .repeated = true,
      .ir_key = "conditions",
      .attributes =
          {
              {.name = "test",
               .type = &String(),
               .required = true,
               .doc = "Condition operator, e.g. \"StringEquals\", \"ArnLike\"."},
              {.name = "variable",
               .type = &String(),
               .required = true,
               .doc = "Condition key, e.g. \"aws:SourceAccount\"."},
              {.name = "values",
               .type = &ListOf(String()),
               .required = true,
               .doc = "Values, any of which satisfies the condition."},
          },
      .doc = "A condition of the statement (Condition).",
  };
  return spec;
}

const BlockSpec& StatementBlock() {
  static const BlockSpec spec{
      .name = "statement",
      .labeled = true,
      .repeated = true,
      .ir_key = "statements",
      .attributes =
          {
              {.name = "effect",
               .type = &EnumOf({"allow", "deny"}),
               .default_value = Str("allow"),
               .doc = "Allow or Deny (Effect)."},
              {.name = "actions",
               .type = &ListOf(String()),
               .required = true,
               .doc = "API actions (Action), e.g. [\"s3:GetObject\"]."},
              {.name = "resources",
               .type = &ListOf(String()),
               .required = true,
               .doc = "ARNs the actions apply to (Resource); [\"*\"] for all."},
          },
      .blocks = {&ConditionBlock()},
      .doc = "A statement of the role's inline policy; its label is the Sid.",
  };
  return spec;
}

}  // namespace

const BlockSpec& RoleSchema() {
  static const BlockSpec spec{
      .name = "role",
      .labeled = true,
      .attributes =
          {
              {.name = "name",
               .type = &String(),
               .default_is_label = true,
               .forces_replacement = true,
               .doc = "Role name (RoleName). Defaults to the block's label."},
              {.name = "path",
               .type = &String(),
               .default_value = Str("/"),
               .forces_replacement = true,
               .doc = "IAM path (Path), e.g. \"/service/\"."},
              {.name = "description", .type = &String(), .doc = "Description (Description)."},
              {.name = "trust",
               .type = &ListOf(String()),
               .default_value = Strs({"ecs-tasks.amazonaws.com"}),
               .doc = "Service principals that may assume the role (AssumeRolePolicyDocument): "
                      "ecs-tasks.amazonaws.com for task and execution roles, "
                      "events.amazonaws.com for schedules."},
              {.name = "managed",
               .type = &ListOf(String()),
               .doc = "Managed policy ARNs to attach (AttachRolePolicy), e.g. "
                      "\"arn:aws:iam::aws:policy/service-role/"
                      "AmazonECSTaskExecutionRolePolicy\"."},
              {.name = "max_session",
               .type = &Duration(),
               .default_value = Seconds(3600),
               .min = Seconds(3600),
               .max = Seconds(12 * 3600),
               .doc = "Longest session when assumed (MaxSessionDuration): 1h to 12h."},
              TagsAttribute(),
          },
      .blocks = {&StatementBlock()},
      .computed = {"arn"},
      .doc =
          "An IAM role: who may assume it (trust) and what it may do (managed policies and "
          "statements).",
  };
  return spec;
}

}  // namespace berth::schema
