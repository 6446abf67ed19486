// Application Auto Scaling's decisions (controlplane/scaling/): the target tracking formula and
// how several policies, cooldowns and deployments combine; step adjustments and alarm states;
// ECS's utilization from Docker stats answers.
#include <gtest/gtest.h>

#include "controlplane/scaling/step_scaling.h"
#include "controlplane/scaling/target_tracking.h"
#include "controlplane/scaling/usage.h"

namespace berth::controlplane::scaling {
namespace {

TEST(TargetTrackingTest, ProportionalOutGradualInWithinTolerance) {
  // Above the target: ceil(current × metric / target), at least one more.
  EXPECT_EQ(TrackedCapacity(2, 90, 50), 4);   // 3.6 -> 4
  EXPECT_EQ(TrackedCapacity(2, 100, 50), 4);  // exactly twice: 4, not 5
  EXPECT_EQ(TrackedCapacity(4, 51, 50), 5);   // 4.08 -> 5
  EXPECT_EQ(TrackedCapacity(1, 400, 50), 8);
  // Within 10 % below: nothing.
  EXPECT_EQ(TrackedCapacity(4, 50, 50), 4);
  EXPECT_EQ(TrackedCapacity(4, 45.5, 50), 4);
  // Further below: ceil, at least one less.
  EXPECT_EQ(TrackedCapacity(4, 44, 50), 3);  // 3.52 -> 4, but one less
  EXPECT_EQ(TrackedCapacity(4, 20, 50), 2);  // 1.6 -> 2
  EXPECT_EQ(TrackedCapacity(4, 0, 50), 0);
  EXPECT_EQ(TrackedCapacity(0, 90, 50), 0);  // no tasks, no proportion
}

PolicyView Policy(const std::string& name, double target, std::optional<double> metric,
                  int below = 0) {
  PolicyView p;
  p.name = name;
  p.target = target;
  p.metric = metric;
  p.below = below;
  p.scale_out_cooldown = 60;
  p.scale_in_cooldown = 120;
  return p;
}

TEST(TargetTrackingTest, AnyPolicyScalesOutAllMustAgreeToScaleIn) {
  double now = 10000;
  // cpu wants 4, memory 3: the largest wins.
  Decision d = Decide(2, 1, 10, {Policy("cpu", 50, 90), Policy("mem", 50, 70)}, now, 0, 0, false);
  EXPECT_EQ(d.direction, Decision::kOut);
  EXPECT_EQ(d.desired, 4);
  EXPECT_EQ(d.policy, "cpu");
  // Clamped to the maximum.
  EXPECT_EQ(Decide(2, 1, 3, {Policy("cpu", 50, 90)}, now, 0, 0, false).desired, 3);
  // Scale-in only when every policy is low enough for long enough.
  EXPECT_EQ(Decide(4, 1, 10, {Policy("cpu", 50, 10, 3), Policy("mem", 50, 48, 0)}, now, 0, 0, false)
                .direction,
            Decision::kNone);
  EXPECT_EQ(Decide(4, 1, 10, {Policy("cpu", 50, 10, 2)}, now, 0, 0, false).direction,
            Decision::kNone);
  d = Decide(4, 1, 10, {Policy("cpu", 50, 10, 3), Policy("mem", 50, 30, 3)}, now, 0, 0, false);
  EXPECT_EQ(d.direction, Decision::kIn);
  EXPECT_EQ(d.desired, 3);  // cpu asks for 1, memory for 3: the largest
  EXPECT_EQ(d.policy, "mem");
  // Never below the minimum.
  EXPECT_EQ(Decide(4, 2, 10, {Policy("cpu", 50, 0, 5)}, now, 0, 0, false).desired, 2);
  // A policy without data (INSUFFICIENT_DATA) holds scale-in back, not scale-out.
  EXPECT_EQ(Decide(4, 1, 10, {Policy("cpu", 50, 10, 3), Policy("mem", 50, std::nullopt)}, now, 0, 0,
                   false)
                .direction,
            Decision::kNone);
  EXPECT_EQ(
      Decide(2, 1, 10, {Policy("cpu", 50, 90), Policy("mem", 50, std::nullopt)}, now, 0, 0, false)
          .desired,
      4);
}

TEST(TargetTrackingTest, CooldownsAndDeployments) {
  double now = 10000;
  // Scale-out waits for its cooldown since the last scale-out only.
  EXPECT_EQ(Decide(2, 1, 10, {Policy("cpu", 50, 90)}, now, now - 30, 0, false).direction,
            Decision::kNone);
  EXPECT_EQ(Decide(2, 1, 10, {Policy("cpu", 50, 90)}, now, now - 60, now - 1, false).direction,
            Decision::kOut);
  // Scale-in waits for its cooldown since any scaling activity.
  EXPECT_EQ(Decide(4, 1, 10, {Policy("cpu", 50, 10, 3)}, now, now - 100, 0, false).direction,
            Decision::kNone);
  EXPECT_EQ(Decide(4, 1, 10, {Policy("cpu", 50, 10, 3)}, now, 0, now - 100, false).direction,
            Decision::kNone);
  EXPECT_EQ(Decide(4, 1, 10, {Policy("cpu", 50, 10, 3)}, now, now - 120, 0, false).direction,
            Decision::kIn);
  // No scale-in during a deployment; scale-out goes on.
  EXPECT_EQ(Decide(4, 1, 10, {Policy("cpu", 50, 10, 3)}, now, 0, 0, true).direction,
            Decision::kNone);
  EXPECT_EQ(Decide(2, 1, 10, {Policy("cpu", 50, 90)}, now, 0, 0, true).direction, Decision::kOut);
  // DisableScaleIn.
  PolicyView keep = Policy("cpu", 50, 10, 3);
  keep.disable_scale_in = true;
  EXPECT_EQ(Decide(4, 1, 10, {keep}, now, 0, 0, false).direction, Decision::kNone);
}

TEST(StepScalingTest, StepsByBreachAndAdjustmentType) {
  json config = nlohmann::json::parse(R"({
    "AdjustmentType": "ChangeInCapacity",
    "StepAdjustments": [
      {"MetricIntervalUpperBound": 0, "ScalingAdjustment": -1},
      {"MetricIntervalLowerBound": 0, "MetricIntervalUpperBound": 20, "ScalingAdjustment": 1},
      {"MetricIntervalLowerBound": 20, "ScalingAdjustment": 3}]})");
  EXPECT_EQ(StepCapacity(config, 2, -5), 1);
  EXPECT_EQ(StepCapacity(config, 2, 0), 3);  // lower bound inclusive
  EXPECT_EQ(StepCapacity(config, 2, 19.9), 3);
  EXPECT_EQ(StepCapacity(config, 2, 20), 5);
  config["AdjustmentType"] = "ExactCapacity";
  EXPECT_EQ(StepCapacity(config, 2, 25), 3);
  config["AdjustmentType"] = "PercentChangeInCapacity";
  config["StepAdjustments"] =
      nlohmann::json::parse(R"([{"MetricIntervalLowerBound": 0, "ScalingAdjustment": 50}])");
  EXPECT_EQ(StepCapacity(config, 10, 1), 15);
  EXPECT_EQ(StepCapacity(config, 1, 1), 2);  // 0.5 is at least one task
  config["MinAdjustmentMagnitude"] = 3;
  EXPECT_EQ(StepCapacity(config, 4, 1), 7);
  EXPECT_EQ(StepCapacity(config, 4, -1), 4);  // no step holds a negative breach
}

TEST(StepScalingTest, AlarmStatesFromDatapoints) {
  json alarm = {
      {"AlarmName", "cpu-high"},
      {"Namespace", "AWS/ECS"},
      {"MetricName", "CPUUtilization"},
      {"Dimensions",
       {{{"Name", "ClusterName"}, {"Value", "main"}}, {{"Name", "ServiceName"}, {"Value", "web"}}}},
      {"ComparisonOperator", "GreaterThanThreshold"},
      {"Threshold", 70},
      {"EvaluationPeriods", 2},
      {"StateValue", "INSUFFICIENT_DATA"}};
  EXPECT_EQ(AlarmService(alarm), "main/web");
  EXPECT_FALSE(EvaluateAlarm(alarm, {90.0}, 1));
  EXPECT_EQ(alarm["StateValue"], "INSUFFICIENT_DATA");
  EXPECT_TRUE(EvaluateAlarm(alarm, {90.0, 50.0}, 2));
  EXPECT_EQ(alarm["StateValue"], "OK");
  EXPECT_TRUE(EvaluateAlarm(alarm, {90.0, 50.0, 80.0, 95.0}, 3));
  EXPECT_EQ(alarm["StateValue"], "ALARM");
  EXPECT_EQ(alarm["StateUpdatedTimestamp"], 3);
  EXPECT_FALSE(EvaluateAlarm(alarm, {80.0, 95.0, 71.0}, 4));
  alarm["DatapointsToAlarm"] = 1;
  alarm["EvaluationPeriods"] = 3;
  EXPECT_TRUE(EvaluateAlarm(alarm, {10.0, 20.0, std::nullopt}, 5));
  EXPECT_EQ(alarm["StateValue"], "OK");
  alarm["Namespace"] = "Custom";
  EXPECT_EQ(AlarmService(alarm), "");
}

TEST(UsageTest, CpuUnitsAndMemoryAsDockerAndEcsCountThem) {
  // Two one-shot stats answers 1 s apart on a 2-CPU host: the container used 0.5 s of CPU out
  // of the host's 2 s, a quarter of the host = half a CPU = 512 units.
  json first = {{"cpu_stats",
                 {{"cpu_usage", {{"total_usage", 1000000000}}},
                  {"system_cpu_usage", 50000000000},
                  {"online_cpus", 2}}},
                {"memory_stats", {{"usage", 64 * 1048576}, {"stats", {{"inactive_file", 0}}}}}};
  json second = first;
  second["cpu_stats"]["cpu_usage"]["total_usage"] = 1500000000;
  second["cpu_stats"]["system_cpu_usage"] = 52000000000;
  second["memory_stats"] = {{"usage", 80 * 1048576}, {"stats", {{"inactive_file", 16 * 1048576}}}};
  auto a = SampleOf(first), b = SampleOf(second);
  ASSERT_TRUE(a && b);
  EXPECT_DOUBLE_EQ(CpuUnits(*a, *b), 512);
  EXPECT_DOUBLE_EQ(b->memory_mib, 64);
  // A stopped container's answer has no CPU figures.
  EXPECT_FALSE(SampleOf(json{{"cpu_stats", json::object()}}).has_value());
  // What a task reserves: the task level (a string in ECS), else its containers.
  json definition = {{"cpu", "256"},
                     {"memory", "512"},
                     {"containerDefinitions", {{{"cpu", 100}, {"memory", 128}}}}};
  EXPECT_EQ(ReservedCpu(definition), 256);
  EXPECT_EQ(ReservedMemory(definition), 512);
  definition.erase("cpu");
  definition.erase("memory");
  definition["containerDefinitions"].push_back({{"cpu", 28}, {"memoryReservation", 64}});
  EXPECT_EQ(ReservedCpu(definition), 128);
  EXPECT_EQ(ReservedMemory(definition), 192);
}

TEST(UsageTest, RequestCountPerTargetPerMinute) {
  // 300 requests in 30 s over 2 targets: 300 a minute each.
  EXPECT_DOUBLE_EQ(*RequestsPerTarget(1000, 1300, 30, 2), 300);
  EXPECT_DOUBLE_EQ(*RequestsPerTarget(0, 0, 60, 1), 0);
  EXPECT_FALSE(RequestsPerTarget(0, 10, 60, 0).has_value());
  EXPECT_FALSE(RequestsPerTarget(10, 5, 60, 1).has_value());
  EXPECT_EQ(TargetGroupOfLabel("app/web/50dc6c495c0c9188/targetgroup/web-tg/943f017f100becff"),
            "targetgroup/web-tg/943f017f100becff");
  EXPECT_EQ(TargetGroupOfLabel("app/web/50dc6c495c0c9188"), "");
}

}  // namespace
}  // namespace berth::controlplane::scaling
