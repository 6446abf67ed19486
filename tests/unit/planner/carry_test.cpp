// A replacement carries its dependents (issue 10, item 2): whatever references a replaced
// resource's identity is planned to move to the new one, updated or replaced as the schema says,
// with the reason shown; apply order is the new resource, then its users, then the old one.
#include <gtest/gtest.h>

#include <sstream>

#include "planner/plan.h"
#include "tests/unit/planner/plan_fixture.h"

namespace berth::planner::testing {
namespace {

Value TargetGroup(const std::string& name) {
  return Value::Map({{"name", Value::String(name)},
                     {"port", Value::Number(8080)},
                     {"protocol", Value::String("HTTP")},
                     {"vpc", Value::String("vpc-1")}});
}

Value LoadBalancer() {
  Value forward = Value::Map({{"target_group", Value::Ref("target_group.api")}});
  Value listener = Value::Map({{"name", Value::String("http")},
                               {"port", Value::Number(80)},
                               {"protocol", Value::String("HTTP")},
                               {"forward", forward}});
  return Value::Map(
      {{"name", Value::String("public")},
       {"subnets", Value::List({Value::String("subnet-a"), Value::String("subnet-b")})},
       {"listeners", Value::List({listener})}});
}

Value WebService(const std::string& cluster = "cluster.main") {
  Value service = ServiceAttributes(2, false, cluster);
  service.Set("load_balancers",
              Value::List({Value::Map({{"target_group", Value::Ref("target_group.api")},
                                       {"container", Value::String("app")},
                                       {"port", Value::Number(8080)}})}));
  return service;
}

// cluster.main, target_group.api (named `tg_name`), load_balancer.public forwarding to it,
// task.api and service.api registering in it.
ir::Program WebStack(const std::string& tg_name, const std::string& cluster_name = "main") {
  return Program({
      Resource("cluster.main", "cluster", Value::Map({{"name", Value::String(cluster_name)}})),
      Resource("target_group.api", "target_group", TargetGroup(tg_name)),
      Resource("load_balancer.public", "load_balancer", LoadBalancer(), {"target_group.api"}),
      Resource("task.api", "task", TaskAttributes(), {}),
      Resource("service.api", "service", WebService(),
               {"cluster.main", "target_group.api", "task.api"}),
  });
}

std::vector<std::string> Order(const Plan& plan) {
  std::vector<std::string> order;
  for (const ResourceChange& c : plan.changes) {
    if (c.action != Action::kNoOp) order.push_back(c.address);
  }
  return order;
}

TEST(CarryReplacements, ARenamedTargetGroupMovesItsListenerAndService) {
  Plan plan = Diff({}, WebStack("api-v2"), LiveOf(WebStack("api")));
  const ResourceChange* tg = Find(plan, "target_group.api");
  ASSERT_NE(tg, nullptr);
  EXPECT_EQ(tg->action, Action::kReplace);

  // The listener forwards to the new target group: an update in place, the reference shown.
  const ResourceChange* lb = Find(plan, "load_balancer.public");
  ASSERT_NE(lb, nullptr);
  EXPECT_EQ(lb->action, Action::kUpdate);
  ASSERT_EQ(lb->changes.size(), 1u);
  EXPECT_EQ(lb->changes[0].path, "listeners[\"http\"].forward.target_group");
  EXPECT_EQ(lb->changes[0].before, Value::Ref("target_group.api"));
  EXPECT_EQ(lb->changes[0].after, Value::Ref("target_group.api"));
  EXPECT_FALSE(lb->changes[0].forces_replacement);

  // ECS UpdateService can move a service to another target group (the schema's
  // load_balancer.target_group does not force replacement): an update.
  const ResourceChange* service = Find(plan, "service.api");
  ASSERT_NE(service, nullptr);
  EXPECT_EQ(service->action, Action::kUpdate);
  ASSERT_EQ(service->changes.size(), 1u);
  EXPECT_EQ(service->changes[0].path, "load_balancers[0].target_group");

  // The task does not reference the target group: untouched.
  EXPECT_EQ(Find(plan, "task.api")->action, Action::kNoOp);
  // New target group first, then its users.
  EXPECT_EQ(Order(plan),
            (std::vector<std::string>{"target_group.api", "load_balancer.public", "service.api"}));
  EXPECT_EQ(SummaryLine(plan), "Plan: 0 to add, 2 to change, 1 to replace, 0 to destroy.");
}

TEST(CarryReplacements, TheReasonIsShownInEveryRenderer) {
  Plan plan = Diff({}, WebStack("api-v2"), LiveOf(WebStack("api")));
  std::ostringstream text;
  RenderText(plan, {}, text);
  EXPECT_NE(text.str().find("      ~ load_balancers[0].target_group = target_group.api -> (known "
                            "after apply: target_group.api is replaced)\n"),
            std::string::npos)
      << text.str();
  EXPECT_NE(text.str().find("# service.api will be updated in place"), std::string::npos);
  std::ostringstream markdown;
  RenderMarkdown(plan, markdown);
  EXPECT_NE(markdown.str().find("+ load_balancers[0].target_group = (known after apply: "
                                "target_group.api is replaced)"),
            std::string::npos)
      << markdown.str();
}

TEST(CarryReplacements, AnAttributeThatForcesReplacementReplacesTheUserAndCarriesOn) {
  // A renamed cluster is a new cluster; a service cannot move to another cluster.
  ir::Program desired = WebStack("api", "main-v2");
  // Something that references the service: its replacement carries on to it.
  desired.resources.push_back(Resource("schedule.report", "schedule",
                                       Value::Map({{"name", Value::String("report")},
                                                   {"service", Value::Ref("service.api", "arn")}}),
                                       {"service.api"}));
  ir::Program live = WebStack("api", "main");
  live.resources.push_back(desired.resources.back());
  Plan plan = Diff({}, Program(desired.resources), LiveOf(Program(live.resources)));
  EXPECT_EQ(Find(plan, "cluster.main")->action, Action::kReplace);
  const ResourceChange* service = Find(plan, "service.api");
  ASSERT_NE(service, nullptr);
  EXPECT_EQ(service->action, Action::kReplace);
  EXPECT_EQ(service->replace_reasons,
            std::vector<std::string>{"`cluster` forces replacement (cluster.main is replaced)"});
  ASSERT_EQ(service->changes.size(), 1u);
  EXPECT_TRUE(service->changes[0].forces_replacement);
  const ResourceChange* schedule = Find(plan, "schedule.report");
  ASSERT_NE(schedule, nullptr);
  EXPECT_NE(schedule->action, Action::kNoOp) << "the service's new ARN reaches what uses it";
}

TEST(CarryReplacements, ANewRevisionKeepsTheFamilyItsServicesRun) {
  // A task's bare reference is its family, which a new revision keeps: the backend rolls the
  // services out (an update-service), the plan does not replace them.
  Plan plan = Diff({}, Stack("prod"), LiveOf(Stack("stg")));
  EXPECT_EQ(Find(plan, "task.api")->action, Action::kReplace);
  EXPECT_EQ(Find(plan, "service.api")->action, Action::kNoOp);
}

TEST(CarryReplacements, AReferenceAlreadyChangingIsShownOnce) {
  // The service moves from one target group to another that is also replaced: one change.
  ir::Program live = WebStack("api");
  Value service = WebService();
  service.Set("load_balancers",
              Value::List({Value::Map({{"target_group", Value::Ref("target_group.old")},
                                       {"container", Value::String("app")},
                                       {"port", Value::Number(8080)}})}));
  for (ir::Resource& r : live.resources) {
    if (r.address == "service.api") r.attributes = service;
  }
  Plan plan = Diff({}, WebStack("api-v2"), LiveOf(live));
  const ResourceChange* changed = Find(plan, "service.api");
  ASSERT_EQ(changed->changes.size(), 1u);
  EXPECT_EQ(changed->changes[0].before, Value::Ref("target_group.old"));
}

}  // namespace
}  // namespace berth::planner::testing
