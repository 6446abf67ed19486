// The `autoscaling` block of a service: an Application Auto Scaling scalable target on
// ecs:service:DesiredCount and its policies and scheduled actions.
#include "compiler/schema/tables.h"

namespace berth::schema {

namespace {

const BlockSpec& MetricBlock() {
  static const BlockSpec spec{
      .name = "metric",
      .attributes =
          {
              {.name = "namespace",
               .type = &String(),
               .required = true,
               .doc = "CloudWatch namespace (Namespace), e.g. \"AWS/SQS\"."},
              {.name = "name",
               .type = &String(),
               .required = true,
               .doc = "Metric name (MetricName), e.g. \"ApproximateNumberOfMessagesVisible\"."},
              {.name = "statistic",
               .type = &EnumOf({"Average", "Minimum", "Maximum", "SampleCount", "Sum"}),
               .default_value = Str("Average"),
               .doc = "Statistic (Statistic)."},
              {.name = "dimensions",
               .type = &MapOf(String()),
               .doc = "Metric dimensions (Dimensions), e.g. { QueueName = \"jobs\" }."},
          },
      .doc = "A CloudWatch metric to scale on.",
  };
  return spec;
}

const BlockSpec& TargetBlock() {
  static const BlockSpec spec{
      .name = "target",
      .labeled = true,
      .repeated = true,
      .ir_key = "targets",
      .attributes =
          {
              // Percent for cpu and memory, a count otherwise: no single type fits, so the
              // autoscaling rule checks the value against the label.
              {.name = "value",
               .type = &Any(),
               .required = true,
               .doc = "The value to hold the metric at (TargetValue): a percentage for cpu "
                      "and memory (70%), a number for requests and custom metrics."},
              {.name = "scale_in_cooldown",
               .type = &Duration(),
               .default_value = Seconds(300),
               .doc = "Wait after a scale-in before the next one (ScaleInCooldown)."},
              {.name = "scale_out_cooldown",
               .type = &Duration(),
               .default_value = Seconds(300),
               .doc = "Wait after a scale-out before the next one (ScaleOutCooldown)."},
              {.name = "disable_scale_in",
               .type = &Bool(),
               .default_value = Flag(false),
               .doc = "Only ever scale out with this policy (DisableScaleIn)."},
          },
      .blocks = {&MetricBlock()},
      .doc =
          "A target tracking policy. The label picks the metric: cpu "
          "(ECSServiceAverageCPUUtilization), memory (ECSServiceAverageMemoryUtilization), "
          "requests (ALBRequestCountPerTarget of the service's target group); any other "
          "label needs a metric block (CustomizedMetricSpecification).",
  };
  return spec;
}

const BlockSpec& AdjustmentBlock() {
  static const BlockSpec spec{
      .name = "adjustment",
      .repeated = true,
      .required = true,
      .ir_key = "adjustments",
      .attributes =
          {
              {.name = "lower",
               .type = &Number(),
               .doc = "Lower bound, as the metric's distance from threshold "
                      "(MetricIntervalLowerBound); unbounded when omitted."},
              {.name = "upper",
               .type = &Number(),
               .doc = "Upper bound, as the metric's distance from threshold "
                      "(MetricIntervalUpperBound); unbounded when omitted."},
              {.name = "change",
               .type = &Number(),
               .required = true,
               .doc = "Tasks to add (negative: remove), or the percent or count the "
                      "adjustment_type says (ScalingAdjustment)."},
          },
      .doc = "One step of a step scaling policy (StepAdjustments[]).",
  };
  return spec;
}

const BlockSpec& StepBlock() {
  static const BlockSpec spec{
      .name = "step",
      .labeled = true,
      .repeated = true,
      .ir_key = "steps",
      .attributes =
          {
              {.name = "threshold",
               .type = &Number(),
               .required = true,
               .doc = "The CloudWatch alarm threshold the steps are measured from."},
              {.name = "comparison",
               .type = &EnumOf({"GreaterThanOrEqualToThreshold", "GreaterThanThreshold",
                                "LessThanThreshold", "LessThanOrEqualToThreshold"}),
               .default_value = Str("GreaterThanOrEqualToThreshold"),
               .doc = "When the alarm fires (ComparisonOperator)."},
              {.name = "period",
               .type = &Duration(),
               .default_value = Seconds(60),
               .doc = "The alarm's evaluation period (Period)."},
              {.name = "evaluation_periods",
               .type = &Number(),
               .default_value = Num(1),
               .doc = "Periods the alarm condition must hold (EvaluationPeriods)."},
              {.name = "adjustment_type",
               .type = &EnumOf({"ChangeInCapacity", "PercentChangeInCapacity", "ExactCapacity"}),
               .default_value = Str("ChangeInCapacity"),
               .doc = "How `change` is read (AdjustmentType)."},
              {.name = "cooldown",
               .type = &Duration(),
               .default_value = Seconds(60),
               .doc = "Wait after an adjustment before the next (Cooldown)."},
              {.name = "aggregation",
               .type = &EnumOf({"Average", "Minimum", "Maximum"}),
               .default_value = Str("Average"),
               .doc = "How the metric is aggregated across data points "
                      "(MetricAggregationType)."},
          },
      .blocks = {&MetricBlock(), &AdjustmentBlock()},
      .doc =
          "A step scaling policy driven by a CloudWatch alarm on `metric` "
          "(StepScalingPolicyConfiguration).",
  };
  return spec;
}

const BlockSpec& ScheduledBlock() {
  static const BlockSpec spec{
      .name = "scheduled",
      .labeled = true,
      .repeated = true,
      .ir_key = "scheduled",
      .attributes =
          {
              {.name = "schedule",
               .type = &String(),
               .required = true,
               .doc = "When (Schedule): \"cron(0 9 * * ? *)\", \"rate(1 day)\" or "
                      "\"at(2025-01-01T00:00:00)\"."},
              {.name = "min",
               .type = &Number(),
               .doc = "New minimum task count (ScalableTargetAction.MinCapacity)."},
              {.name = "max",
               .type = &Number(),
               .doc = "New maximum task count (ScalableTargetAction.MaxCapacity)."},
              {.name = "timezone",
               .type = &String(),
               .default_value = Str("UTC"),
               .doc = "IANA time zone the schedule is read in (Timezone), e.g. "
                      "\"Asia/Tokyo\"."},
          },
      .doc = "A scheduled change of min and max (PutScheduledAction).",
  };
  return spec;
}

}  // namespace

const BlockSpec& AutoscalingBlock() {
  static const BlockSpec spec{
      .name = "autoscaling",
      .attributes =
          {
              {.name = "min",
               .type = &Number(),
               .required = true,
               .doc = "Fewest tasks the scaler may leave running (MinCapacity)."},
              {.name = "max",
               .type = &Number(),
               .required = true,
               .doc = "Most tasks the scaler may start (MaxCapacity)."},
          },
      .blocks = {&TargetBlock(), &StepBlock(), &ScheduledBlock()},
      .doc =
          "Application Auto Scaling of desired_count (RegisterScalableTarget on "
          "ecs:service:DesiredCount).",
  };
  return spec;
}

}  // namespace berth::schema
