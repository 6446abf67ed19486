// Autoscaling, role trust and schedule expressions.
#include "tests/unit/schema/rules_fixture.h"

namespace berth::testing {
namespace {

class ServiceRulesTest : public RulesTest {
 protected:
  void SetUp() override { SetSource("service \"api\" {}\n"); }

  std::vector<ir::Resource> Base() {
    return {
        Resource("cluster", "main", {}),
        Resource("task", "api", {{"cpu", Value::Cpu(256)}, {"memory", Value::Size(512 * kMiB)}})};
  }
  std::string CheckScaling(ValueMap scaling, ValueMap service_extra = {}) {
    ValueMap attrs = {{"cluster", Value::Ref("cluster.main")},
                      {"task", Value::Ref("task.api")},
                      {"network", Block({{"subnets", Value::List({Value::String("subnet-a")})}})},
                      {"autoscaling", Block(scaling)}};
    for (auto& e : service_extra) attrs.push_back(e);
    std::vector<ir::Resource> resources = Base();
    resources.push_back(Resource("service", "api", attrs));
    return Headlines(Check(resources));
  }
  Value Target(std::string label, Value value, ValueMap extra = {}) {
    ValueMap entries = {{"name", Value::String(label)}, {"value", value}};
    for (auto& e : extra) entries.push_back(e);
    return Block(entries);
  }
};

TEST_F(ServiceRulesTest, ValidAutoscaling) {
  Value metric = Block({{"namespace", Value::String("AWS/SQS")},
                        {"name", Value::String("ApproximateNumberOfMessagesVisible")}});
  EXPECT_EQ(
      CheckScaling(
          {{"min", Value::Number(2)},
           {"max", Value::Number(10)},
           {"targets", Value::List({Target("cpu", Value::Percent(70)),
                                    Target("queue", Value::Number(100), {{"metric", metric}})})}},
          {{"desired_count", Value::Number(2)}}),
      "");
}

TEST_F(ServiceRulesTest, BoundsAndDesiredCount) {
  EXPECT_EQ(CheckScaling({{"min", Value::Number(5)}, {"max", Value::Number(3)}}),
            "main.berth:1:1: error: autoscaling min 5 of service.api is above max 3\n"
            "main.berth:1:1: note: max is set here\n");
  EXPECT_EQ(CheckScaling({{"min", Value::Number(2)}, {"max", Value::Number(4)}}),
            "main.berth:1:1: warning: desired_count 1 of service.api is outside autoscaling min 2 "
            "and max 4; the scaler will move it into that range\n");
}

TEST_F(ServiceRulesTest, TargetValues) {
  Value metric = Block({{"namespace", Value::String("AWS/SQS")}, {"name", Value::String("x")}});
  EXPECT_EQ(
      CheckScaling(
          {{"min", Value::Number(1)},
           {"max", Value::Number(4)},
           {"targets",
            Value::List({Target("cpu", Value::Number(70)), Target("memory", Value::Percent(150)),
                         Target("requests", Value::Number(1000)),
                         Target("queue", Value::Percent(5)),
                         Target("cpu", Value::Percent(50), {{"metric", metric}})})}}),
      "main.berth:1:1: error: target \"cpu\" of service.api needs a percentage, e.g. value = 70%, "
      "not 70\n"
      "main.berth:1:1: error: target \"memory\" of service.api holds memory at 150%; use a "
      "percentage above 0% and at most 100%\n"
      "main.berth:1:1: error: target \"requests\" of service.api tracks requests per target, but "
      "the service has no load_balancer block\n"
      "main.berth:1:1: error: target \"queue\" of service.api needs a metric block: only cpu, "
      "memory and requests have a predefined metric\n"
      "main.berth:1:1: error: target \"queue\" of service.api needs a number, not 5%\n"
      "main.berth:1:1: error: target \"cpu\" of service.api scales on its predefined metric; a "
      "metric block needs another label, e.g. target \"queue\"\n");
}

TEST_F(ServiceRulesTest, StepsAndScheduledActions) {
  Value step = Block({{"name", Value::String("depth")},
                      {"adjustments", Value::List({Block({{"lower", Value::Number(100)},
                                                          {"upper", Value::Number(50)},
                                                          {"change", Value::Number(2)}})})}});
  Value night =
      Block({{"name", Value::String("night")}, {"schedule", Value::String("cron(0 22 * * ? *)")}});
  Value day = Block({{"name", Value::String("day")},
                     {"schedule", Value::String("rate(1 days)")},
                     {"min", Value::Number(4)},
                     {"max", Value::Number(2)}});
  EXPECT_EQ(CheckScaling({{"min", Value::Number(1)},
                          {"max", Value::Number(4)},
                          {"steps", Value::List({step})},
                          {"scheduled", Value::List({night, day})}}),
            "main.berth:1:1: error: step \"depth\" of service.api has an adjustment whose lower "
            "bound 100 is not below its upper bound 50\n"
            "main.berth:1:1: error: scheduled \"night\" of service.api changes neither min nor "
            "max\n"
            "main.berth:1:1: error: scheduled \"day\" of service.api sets min 4 above max 2\n"
            "main.berth:1:1: error: scheduled \"day\" of service.api has an invalid schedule "
            "\"rate(1 days)\": write rate(1 day)\n");
}

TEST_F(ServiceRulesTest, DaemonServicesDoNotScale) {
  EXPECT_EQ(CheckScaling({{"min", Value::Number(1)}, {"max", Value::Number(4)}},
                         {{"scheduling_strategy", Value::String("DAEMON")},
                          {"desired_count", Value::Number(1)}}),
            "main.berth:1:1: error: service.api is a DAEMON service, which runs one task per "
            "instance and cannot autoscale\n");
}

class TrustAndScheduleTest : public RulesTest {};

TEST_F(TrustAndScheduleTest, TaskRolesTrustEcsTasks) {
  SetSource(
      "role \"exec\" {\n  trust = [\"ec2.amazonaws.com\"]\n}\ntask \"api\" {\n  execution_role = "
      "role.exec\n}\n");
  ir::Resource role = Resource("role", "exec",
                               {{"trust", Value::List({Value::String("ec2.amazonaws.com")},
                                                      Span("[\"ec2.amazonaws.com\"]"))}});
  ir::Resource task =
      Resource("task", "api",
               {{"cpu", Value::Cpu(256)},
                {"memory", Value::Size(512 * kMiB)},
                {"execution_role", Value::Ref("role.exec", "", Span("role.exec"))}});
  EXPECT_EQ(Check({role, task}),
            "main.berth:5:20: error: task.api uses role.exec as its execution_role, but role.exec "
            "does not trust ecs-tasks.amazonaws.com\n"
            "    5 |   execution_role = role.exec\n"
            "      |                    ^~~~~~~~~\n"
            "main.berth:2:11: note: role.exec trusts [\"ec2.amazonaws.com\"]; add "
            "\"ecs-tasks.amazonaws.com\" to its trust\n"
            "    2 |   trust = [\"ec2.amazonaws.com\"]\n"
            "      |           ^~~~~~~~~~~~~~~~~~~~~\n");
}

TEST_F(TrustAndScheduleTest, ScheduleRoleTrustsEventsAndExpressionsParse) {
  SetSource("schedule \"etl\" {}\n");
  auto check = [&](std::string expression, std::vector<std::string> trust) {
    ValueList trust_values;
    for (const std::string& t : trust) trust_values.push_back(Value::String(t));
    return Headlines(Check(
        {Resource("cluster", "main", {}),
         Resource("task", "etl", {{"cpu", Value::Cpu(256)}, {"memory", Value::Size(512 * kMiB)}}),
         Resource("role", "events", {{"trust", Value::List(trust_values)}}),
         Resource("schedule", "etl",
                  {{"cluster", Value::Ref("cluster.main")},
                   {"task", Value::Ref("task.etl")},
                   {"role", Value::Ref("role.events")},
                   {"expression", Value::String(expression)},
                   {"network", Block({{"subnets", Value::List({Value::String("subnet-a")})}})}})}));
  };
  EXPECT_EQ(check("rate(1 hour)", {"events.amazonaws.com"}), "");
  EXPECT_EQ(check("rate(15 minutes)", {"events.amazonaws.com"}), "");
  EXPECT_EQ(check("cron(0 3 * * ? *)", {"events.amazonaws.com"}), "");
  EXPECT_EQ(check("cron(0 3 ? * MON-FRI *)", {"events.amazonaws.com"}), "");
  EXPECT_EQ(check("rate(1 hour)", {"ecs-tasks.amazonaws.com"}),
            "main.berth:1:1: error: schedule.etl uses role.events as its role, but role.events "
            "does not trust events.amazonaws.com\n"
            "note: role.events trusts only [\"ecs-tasks.amazonaws.com\"] by default; add "
            "\"events.amazonaws.com\" to its trust\n");
  EXPECT_EQ(check("rate(2 hour)", {"events.amazonaws.com"}),
            "main.berth:1:1: error: schedule.etl has an invalid schedule \"rate(2 hour)\": write "
            "rate(2 hours)\n");
  EXPECT_EQ(check("rate(0 hours)", {"events.amazonaws.com"}),
            "main.berth:1:1: error: schedule.etl has an invalid schedule \"rate(0 hours)\": a rate "
            "is rate(N minutes|hours|days) with N a positive whole number\n");
  EXPECT_EQ(check("cron(0 3 * * *)", {"events.amazonaws.com"}),
            "main.berth:1:1: error: schedule.etl has an invalid schedule \"cron(0 3 * * *)\": a "
            "cron expression has six fields (minutes hours day-of-month month day-of-week year), "
            "not 5\n");
  EXPECT_EQ(check("cron(0 3 * * * *)", {"events.amazonaws.com"}),
            "main.berth:1:1: error: schedule.etl has an invalid schedule \"cron(0 3 * * * *)\": "
            "exactly one of day-of-month and day-of-week must be ?\n");
  EXPECT_EQ(check("every hour", {"events.amazonaws.com"}),
            "main.berth:1:1: error: schedule.etl has an invalid schedule \"every hour\": use "
            "rate(...) or cron(...)\n");
}

// Each field of the six-field cron, at() of scheduled scaling, and the examples of the AWS docs
// ("Schedule expressions for rules", "Scheduled scaling for Application Auto Scaling") that must
// keep passing.
TEST_F(TrustAndScheduleTest, CronFieldsAreCheckedAgainstTheirRanges) {
  SetSource("service \"web\" {}\n");
  auto check = [&](std::string schedule) {
    Value scheduled = Block({{"name", Value::String("s")},
                             {"schedule", Value::String(schedule)},
                             {"min", Value::Number(1)}});
    std::string out = Headlines(Check(
        {Resource("cluster", "main", {}),
         Resource("task", "web", {{"cpu", Value::Cpu(256)}, {"memory", Value::Size(512 * kMiB)}}),
         Resource("service", "web",
                  {{"cluster", Value::Ref("cluster.main")},
                   {"task", Value::Ref("task.web")},
                   {"network", Block({{"subnets", Value::List({Value::String("subnet-a")})}})},
                   {"autoscaling", Block({{"min", Value::Number(1)},
                                          {"max", Value::Number(2)},
                                          {"scheduled", Value::List({scheduled})}})}})}));
    std::string prefix =
        "main.berth:1:1: error: scheduled \"s\" of service.web has an invalid "
        "schedule \"" +
        schedule + "\": ";
    return out.starts_with(prefix) ? out.substr(prefix.size()) : out;
  };
  for (const char* valid :
       {"cron(0 10 * * ? *)", "cron(15 12 * * ? *)", "cron(0 18 ? * MON-FRI *)",
        "cron(0 8 1 * ? *)", "cron(0/15 * * * ? *)", "cron(0/10 * ? * MON-FRI *)",
        "cron(0/5 8-17 ? * MON-FRI *)", "cron(0 9 ? * 2#1 *)", "cron(0 0 L * ? *)",
        "cron(0 0 ? * 6L *)", "cron(0 12 15W * ? *)", "cron(0 12 LW * ? *)",
        "cron(*/5 * * JAN,jul,12 ? 2030-2199)", "cron(0 0 1,15 * ? *)", "rate(1 minute)",
        "rate(5 minutes)", "rate(1 hour)", "rate(7 days)", "at(2024-02-29T23:59:59)"}) {
    EXPECT_EQ(check(valid), "") << valid;
  }
  EXPECT_EQ(check("cron(0 25 * * ? *)"), "the hours field has 25, outside 0 to 23\n");
  EXPECT_EQ(check("cron(61 3 * * ? *)"), "the minutes field has 61, outside 0 to 59\n");
  EXPECT_EQ(check("cron(0 3 0 * ? *)"), "the day-of-month field has 0, outside 1 to 31\n");
  EXPECT_EQ(check("cron(0 3 1 0 ? *)"), "the month field has 0, outside 1 to 12 or JAN to DEC\n");
  EXPECT_EQ(check("cron(0 3 ? * 0 *)"),
            "the day-of-week field has 0, outside 1 to 7 or SUN to SAT\n");
  EXPECT_EQ(check("cron(0 3 * * ? 2200)"), "the year field has 2200, outside 1970 to 2199\n");
  EXPECT_EQ(check("cron(0 3 ? FEBRUARY * *)"),
            "the month field has \"FEBRUARY\", which is not one of its values, 1 to 12 or JAN "
            "to DEC\n");
  EXPECT_EQ(check("cron(0 1-24 * * ? *)"), "the hours field has 24, outside 0 to 23\n");
  EXPECT_EQ(check("cron(0/0 * * * ? *)"),
            "the minutes field has step \"0\"; a step is a positive whole number, e.g. */5\n");
  EXPECT_EQ(check("cron(0 3 ? * 2#0 *)"),
            "the day-of-week field has \"2#0\"; the week of the month after # is 1 to 5\n");
  EXPECT_EQ(check("cron(0 3 L * 2 *)"), "exactly one of day-of-month and day-of-week must be ?\n");
  EXPECT_EQ(check("cron(0 ? * * ? *)"),
            "? is allowed only in day-of-month and day-of-week, not in hours\n");
  EXPECT_EQ(check("cron(0 3 ? * MON#2,? *)"), "? stands alone in the day-of-week field\n");
  EXPECT_EQ(check("cron(0 3 15W * ? 20W)"),
            "the year field has \"20W\", which is not one of its values, 1970 to 2199\n");
  EXPECT_EQ(check("cron(0 3 1 * ? *"), "use rate(...), cron(...) or at(...)\n");
  EXPECT_EQ(check("at(2025-02-29T00:00:00)"), "2025-02-29 is not a date\n");
  EXPECT_EQ(check("at(2025-01-01T24:00:00)"), "24:00:00 is not a time of day\n");
  EXPECT_EQ(check("at(2025-01-01 00:00:00)"), "a one-time schedule is at(yyyy-mm-ddThh:mm:ss)\n");
}

}  // namespace
}  // namespace berth::testing
