// schedule: an EventBridge rule that runs an ECS task on a schedule (PutRule with a
// ScheduleExpression, PutTargets with EcsParameters).
#include "compiler/schema/tables.h"

namespace berth::schema {

namespace {

const BlockSpec& OverrideBlock() {
  static const BlockSpec spec{
      .name = "override",
      .labeled = true,
      .repeated = true,
      .ir_key = "overrides",
      .attributes =
          {
              {.name = "command",
               .type = &ListOf(String()),
               .doc = "Command for this run (containerOverrides[].command)."},
              {.name = "env",
               .type = &MapOf(String()),
               .doc = "Environment variables added for this run "
                      "(containerOverrides[].environment)."},
          },
      .doc =
          "Overrides for the task's container of the same label (Input "
          "containerOverrides[]).",
  };
  return spec;
}

}  // namespace

const BlockSpec& ScheduleSchema() {
  static const BlockSpec spec{
      .name = "schedule",
      .labeled = true,
      .attributes =
          {
              {.name = "name",
               .type = &String(),
               .default_is_label = true,
               .forces_replacement = true,
               .doc = "EventBridge rule name (Name). Defaults to the block's label."},
              {.name = "description", .type = &String(), .doc = "Description (Description)."},
              {.name = "expression",
               .type = &String(),
               .required = true,
               .doc = "When to run, in UTC (ScheduleExpression): \"rate(1 hour)\" or "
                      "\"cron(0 3 * * ? *)\"."},
              {.name = "cluster",
               .type = &RefTo({"cluster"}),
               .required = true,
               .doc = "Cluster the task runs in (Targets[].Arn)."},
              {.name = "task",
               .type = &RefTo({"task"}),
               .required = true,
               .doc = "Task definition to run (EcsParameters.TaskDefinitionArn); always its "
                      "latest revision."},
              {.name = "count",
               .type = &Number(),
               .default_value = Num(1),
               .doc = "Tasks started per run (EcsParameters.TaskCount)."},
              {.name = "launch_type",
               .type = &EnumOf({"FARGATE", "EC2", "EXTERNAL"}),
               .doc = "Where tasks run (EcsParameters.LaunchType). Without it and without "
                      "capacity_provider blocks: the task's first `requires` entry."},
              {.name = "platform_version",
               .type = &String(),
               .doc = "Fargate platform version (EcsParameters.PlatformVersion); LATEST when "
                      "omitted."},
              {.name = "role",
               .type = &RefTo({"role"}),
               .required = true,
               .doc = "Role EventBridge assumes to run the task (Targets[].RoleArn): it must "
                      "trust events.amazonaws.com and allow ecs:RunTask and iam:PassRole."},
              {.name = "enabled",
               .type = &Bool(),
               .default_value = Flag(true),
               .doc = "Whether the rule fires (State ENABLED/DISABLED)."},
              TagsAttribute(),
          },
      .blocks = {&NetworkBlock(), &CapacityProviderBlock(), &OverrideBlock()},
      .computed = {"arn"},
      .doc =
          "A scheduled task: EventBridge runs the task on the cluster at each tick of "
          "expression.",
  };
  return spec;
}

}  // namespace berth::schema
