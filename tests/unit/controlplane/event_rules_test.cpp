// EventBridge schedules (controlplane/schedules/event_rules.h) over a real store: when a rule
// fires, what RunTask is asked for, and that disabled rules and rules without ECS targets run
// nothing. RunTask itself is the API's (tests/controlplane/timed.py runs it for real); here the
// requests it is given are recorded.
#include "controlplane/schedules/event_rules.h"
#include "tests/unit/controlplane/temp_store.h"

#include <gtest/gtest.h>

namespace berth::controlplane::schedules {
namespace {

class EventRulesTest : public test_support::TempStoreTest {
 protected:
  void PutRule(const std::string& name, const std::string& expression, const json& targets,
               const std::string& state = "ENABLED") {
    store_->Transaction([&](store::Tx& tx) {
      json rule = tx.Get(store::kEventRule, name)
                      .value_or(json{{"Name", name}, {"x-berth", {{"targets", targets}}}});
      rule["ScheduleExpression"] = expression;
      rule["State"] = state;
      tx.Put(store::kEventRule, name, "", rule);
    });
  }

  // Fires at `now`; the RunTask requests made.
  std::vector<json> Fire(double now) {
    std::vector<json> requests;
    store_->Transaction([&](store::Tx& tx) {
      FireDueRules(tx, now, [&](store::Tx&, const json& input) {
        requests.push_back(input);
        return json{{"tasks", {{{"taskArn", "arn:task/" + std::to_string(requests.size())}}}},
                    {"failures", json::array()}};
      });
    });
    return requests;
  }
};

const json kEcsTarget = {
    {"Id", "job"},
    {"Arn", "arn:aws:ecs:us-east-1:000000000000:cluster/jobs"},
    {"EcsParameters",
     {{"TaskDefinitionArn", "arn:aws:ecs:us-east-1:000000000000:task-definition/nightly"},
      {"TaskCount", 2},
      {"Group", "batch"}}},
    {"Input", R"({"containerOverrides":[{"name":"app","command":["run","--all"]}]})"}};

TEST_F(EventRulesTest, RateRulesRunTheirEcsTargetsEveryPeriod) {
  json lambda = {{"Id", "fn"}, {"Arn", "arn:aws:lambda:us-east-1:000000000000:function:f"}};
  PutRule("nightly", "rate(1 minute)", {kEcsTarget, lambda});
  EXPECT_TRUE(Fire(1000).empty());  // first seen at 1000: fires at 1060, 1120...
  EXPECT_TRUE(Fire(1059).empty());
  std::vector<json> runs = Fire(1060.5);
  ASSERT_EQ(runs.size(), 1u);  // the lambda target is not run
  EXPECT_EQ(runs[0], json::parse(R"({
    "cluster": "arn:aws:ecs:us-east-1:000000000000:cluster/jobs",
    "taskDefinition": "arn:aws:ecs:us-east-1:000000000000:task-definition/nightly",
    "count": 2, "group": "batch", "startedBy": "events-rule/nightly",
    "overrides": {"containerOverrides": [{"name": "app", "command": ["run", "--all"]}]}})"));
  EXPECT_TRUE(Fire(1061).empty());
  EXPECT_EQ(Fire(1120).size(), 1u);
  store_->Transaction([](store::Tx& tx) {
    json state = (*tx.Get(store::kEventRule, "nightly"))["x-berth"]["schedule"];
    EXPECT_EQ(state["next"], 1180);
    EXPECT_EQ(state["last"], 1120);
  });
}

TEST_F(EventRulesTest, DisabledRulesRestartTheirCountWithoutCatchingUp) {
  PutRule("nightly", "rate(1 minute)", json::array({kEcsTarget}));
  Fire(1000);
  PutRule("nightly", "rate(1 minute)", json::array({kEcsTarget}), "DISABLED");
  EXPECT_TRUE(Fire(1060).empty());
  EXPECT_TRUE(Fire(1200).empty());
  PutRule("nightly", "rate(1 minute)", json::array({kEcsTarget}), "ENABLED");
  EXPECT_TRUE(Fire(1300).empty());   // the fires missed while disabled are not run now
  EXPECT_EQ(Fire(1360).size(), 1u);  // the period still counts from the rule's origin
  // A changed expression starts a new count.
  PutRule("nightly", "cron(0/5 * * * ? *)", json::array({kEcsTarget}));
  EXPECT_TRUE(Fire(1361).empty());
  EXPECT_TRUE(Fire(1499).empty());
  EXPECT_EQ(Fire(1500).size(), 1u);  // 00:25:00 UTC on 1970-01-01
}

TEST_F(EventRulesTest, ARunTaskErrorIsToldNotThrown) {
  PutRule("broken", "rate(1 minute)", json::array({kEcsTarget}));
  std::vector<Fired> fired;
  for (double now : {0.0, 60.0}) {
    store_->Transaction([&](store::Tx& tx) {
      fired = FireDueRules(tx, now, [](store::Tx&, const json&) -> json {
        throw std::runtime_error("TaskDefinition not found.");
      });
    });
  }
  ASSERT_EQ(fired.size(), 1u);
  EXPECT_EQ(fired[0].rule, "broken");
  EXPECT_EQ(fired[0].target, "job");
  EXPECT_EQ(fired[0].error, "TaskDefinition not found.");
  EXPECT_TRUE(fired[0].tasks.empty());
}

}  // namespace
}  // namespace berth::controlplane::schedules
