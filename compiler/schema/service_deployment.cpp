// The `deployment` block of a service (deploymentConfiguration): rolling limits, the circuit
// breaker, CloudWatch alarms, and the blue/green, linear and canary strategies with their hooks.
#include "compiler/schema/tables.h"

namespace berth::schema {

namespace {

const BlockSpec& AlarmsBlock() {
  static const BlockSpec spec{
      .name = "alarms",
      .attributes =
          {
              {.name = "names",
               .type = &ListOf(String()),
               .required = true,
               .doc = "CloudWatch alarms that fail the deployment when they fire (alarmNames)."},
              {.name = "rollback",
               .type = &Bool(),
               .default_value = Flag(false),
               .doc = "Roll back to the last completed deployment when one fires (rollback)."},
              {.name = "enable",
               .type = &Bool(),
               .default_value = Flag(true),
               .doc = "Watch the alarms (enable); false keeps the list without using it."},
          },
      .doc = "Alarms that watch deployments (deploymentConfiguration.alarms).",
  };
  return spec;
}

const BlockSpec& LifecycleHookBlock() {
  static const BlockSpec spec{
      .name = "lifecycle_hook",
      .repeated = true,
      .ir_key = "lifecycle_hooks",
      .attributes =
          {
              {.name = "target_type",
               .type = &EnumOf({"AWS_LAMBDA", "PAUSE"}),
               .doc = "Run a Lambda function or pause the deployment (targetType)."},
              {.name = "target",
               .type = &String(),
               .doc = "ARN of the Lambda function to run (hookTargetArn)."},
              {.name = "role",
               .type = &RefTo({"role"}),
               .doc = "Role ECS assumes to invoke the function (roleArn)."},
              {.name = "stages",
               .type = &ListOf(EnumOf({"RECONCILE_SERVICE", "PRE_SCALE_UP", "POST_SCALE_UP",
                                       "TEST_TRAFFIC_SHIFT", "POST_TEST_TRAFFIC_SHIFT",
                                       "PRE_PRODUCTION_TRAFFIC_SHIFT", "PRODUCTION_TRAFFIC_SHIFT",
                                       "POST_PRODUCTION_TRAFFIC_SHIFT"})),
               .doc = "Deployment stages the hook runs at (lifecycleStages)."},
              {.name = "details",
               .type = &Any(),
               .doc = "Free-form input passed to the function (hookDetails): a map, list, "
                      "string, number or bool."},
              {.name = "timeout",
               .type = &Duration(),
               .min = Seconds(60),
               .max = Seconds(14 * 86400),
               .doc = "How long a PAUSE hook waits, whole minutes from 1m to 14d "
                      "(timeoutConfiguration.timeoutInMinutes)."},
              {.name = "timeout_action",
               .type = &EnumOf({"ROLLBACK", "CONTINUE"}),
               .doc = "What happens when the timeout passes (timeoutConfiguration.action)."},
          },
      .doc = "A hook run at deployment stages (deploymentConfiguration.lifecycleHooks[]).",
  };
  return spec;
}

const BlockSpec& LinearBlock() {
  static const BlockSpec spec{
      .name = "linear",
      .attributes =
          {
              {.name = "step",
               .type = &Percent(),
               .doc = "Share of traffic shifted per step (stepPercent), e.g. 10%."},
              {.name = "step_bake_time",
               .type = &Duration(),
               .doc = "Wait between steps, whole minutes (stepBakeTimeInMinutes)."},
          },
      .doc = "Settings of the LINEAR strategy (deploymentConfiguration.linearConfiguration).",
  };
  return spec;
}

const BlockSpec& CanaryBlock() {
  static const BlockSpec spec{
      .name = "canary",
      .attributes =
          {
              {.name = "percent",
               .type = &Percent(),
               .doc = "Share of traffic sent to the canary first (canaryPercent), e.g. 5%."},
              {.name = "bake_time",
               .type = &Duration(),
               .doc = "Wait before shifting the rest, whole minutes "
                      "(canaryBakeTimeInMinutes)."},
          },
      .doc = "Settings of the CANARY strategy (deploymentConfiguration.canaryConfiguration).",
  };
  return spec;
}

}  // namespace

const BlockSpec& ServiceDeploymentBlock() {
  static const BlockSpec spec{
      .name = "deployment",
      .attributes =
          {
              {.name = "max_percent",
               .type = &Number(),
               .default_value = Num(200),
               .doc = "Upper bound of running tasks during a deployment, in percent of "
                      "desired_count (maximumPercent)."},
              {.name = "min_healthy_percent",
               .type = &Number(),
               .default_value = Num(100),
               .doc = "Lower bound of healthy tasks during a deployment, in percent of "
                      "desired_count (minimumHealthyPercent)."},
              {.name = "circuit_breaker",
               .type = &EnumOf({"off", "on", "rollback"}),
               .default_value = Str("rollback"),
               .doc = "Stop a deployment whose tasks keep failing (deploymentCircuitBreaker): "
                      "on stops it, rollback also returns to the last good deployment."},
              {.name = "strategy",
               .type = &EnumOf({"ROLLING", "BLUE_GREEN", "LINEAR", "CANARY"}),
               .doc = "How new tasks replace old ones (strategy); ROLLING when omitted."},
              {.name = "bake_time",
               .type = &Duration(),
               .doc = "How long blue and green run side by side after the traffic shift, whole "
                      "minutes (bakeTimeInMinutes); BLUE_GREEN, LINEAR and CANARY."},
          },
      .blocks = {&AlarmsBlock(), &LifecycleHookBlock(), &LinearBlock(), &CanaryBlock()},
      .doc = "Deployment settings (deploymentConfiguration).",
  };
  return spec;
}

}  // namespace berth::schema
