#include "controlplane/targets/target_health.h"

#include <gtest/gtest.h>

namespace berth::controlplane::targets {
namespace {

TEST(TargetHealthTest, MatcherTakesCodesListsAndRanges) {
  EXPECT_TRUE(CodeMatches("200", 200));
  EXPECT_FALSE(CodeMatches("200", 201));
  EXPECT_TRUE(CodeMatches("200,202", 202));
  EXPECT_FALSE(CodeMatches("200,202", 201));
  EXPECT_TRUE(CodeMatches("200-299", 204));
  EXPECT_FALSE(CodeMatches("200-299", 301));
  EXPECT_TRUE(CodeMatches("200,300-399", 302));
  EXPECT_FALSE(CodeMatches("abc", 200));
  EXPECT_FALSE(CodeMatches("", 200));
}

json Group() {
  return {{"TargetGroupArn", "arn:tg"},
          {"HealthyThresholdCount", 3},
          {"UnhealthyThresholdCount", 2},
          {"x-berth",
           {{"attributes",
             json::array({{{"Key", "deregistration_delay.timeout_seconds"}, {"Value", "7"}}})}}}};
}

TEST(TargetHealthTest, NewTargetIsHealthyAfterOnePass) {
  json target = NewTarget("arn:tg", "127.0.0.1", 8080, 100);
  EXPECT_EQ(target["State"], "initial");
  EXPECT_EQ(target["Reason"], "Elb.RegistrationInProgress");
  EXPECT_TRUE(ApplyCheck(target, Group(), {true, "", 200}, 1));
  EXPECT_EQ(target["State"], "healthy");
  EXPECT_EQ(target["Reason"], "");
}

TEST(TargetHealthTest, ThresholdsMoveBetweenHealthyAndUnhealthy) {
  json target = NewTarget("arn:tg", "127.0.0.1", 8080, 100);
  CheckResult fail{false, "Target.ResponseCodeMismatch", 500};
  EXPECT_TRUE(ApplyCheck(target, Group(), fail, 1));
  EXPECT_EQ(target["State"], "initial");
  EXPECT_EQ(target["Reason"], "Elb.InitialHealthChecking");
  EXPECT_TRUE(ApplyCheck(target, Group(), fail, 2));
  EXPECT_EQ(target["State"], "unhealthy");
  EXPECT_EQ(target["Description"], "Health checks failed with these codes: [500]");
  // Back to healthy only after HealthyThresholdCount (3) passes in a row.
  EXPECT_FALSE(ApplyCheck(target, Group(), {true, "", 200}, 1));
  EXPECT_FALSE(ApplyCheck(target, Group(), {true, "", 200}, 2));
  EXPECT_TRUE(ApplyCheck(target, Group(), {true, "", 200}, 3));
  EXPECT_EQ(target["State"], "healthy");
  // One failure below the threshold leaves a healthy target healthy.
  EXPECT_FALSE(ApplyCheck(target, Group(), {false, "Target.Timeout", 0}, 1));
  EXPECT_TRUE(ApplyCheck(target, Group(), {false, "Target.Timeout", 0}, 2));
  EXPECT_EQ(target["Reason"], "Target.Timeout");
  EXPECT_EQ(target["Description"], "Request timed out");
}

TEST(TargetHealthTest, DrainingTargetDoesNotMove) {
  json target = NewTarget("arn:tg", "127.0.0.1", 8080, 100);
  SetState(target, "draining", "Target.DeregistrationInProgress");
  EXPECT_FALSE(ApplyCheck(target, Group(), {true, "", 200}, 5));
  EXPECT_EQ(target["State"], "draining");
}

TEST(TargetHealthTest, DescriptionAndPorts) {
  json target = NewTarget("arn:tg", "127.0.0.1", 8080, 100);
  json group = Group();
  EXPECT_EQ(Attribute(group, "deregistration_delay.timeout_seconds", "300"), "7");
  EXPECT_EQ(Attribute(group, "slow_start.duration_seconds", "0"), "0");
  group["HealthCheckPort"] = "traffic-port";
  EXPECT_EQ(HealthCheckPort(group, target), 8080);
  group["HealthCheckPort"] = "9000";
  json description = HealthDescription(group, target);
  EXPECT_EQ(description["HealthCheckPort"], "9000");
  EXPECT_EQ(description["Target"], (json{{"Id", "127.0.0.1"}, {"Port", 8080}}));
  EXPECT_EQ(description["TargetHealth"]["State"], "initial");
  SetState(target, "healthy", "");
  EXPECT_FALSE(HealthDescription(group, target)["TargetHealth"].contains("Reason"));
}

}  // namespace
}  // namespace berth::controlplane::targets
