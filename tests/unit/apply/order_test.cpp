// Apply follows the dependency graph: creates after their dependencies finished, deletes after
// their dependents are gone, start order among ready actions is plan order.
#include <algorithm>
#include <mutex>

#include "planner/apply_graph.h"
#include "tests/unit/apply/apply_fixture.h"

namespace berth::planner {
namespace {

bool IsLive(const backends::FakeBackend& backend, const std::string& address) {
  for (const LiveResource& r : backend.live()) {
    if (r.address == address) return true;
  }
  return false;
}

TEST_F(ApplyTest, CreatesStartOnlyAfterTheirDependenciesFinished) {
  Plan plan;
  plan.changes = {Create("role.exec"), Create("cluster.main"), Create("log_group.api"),
                  Create("task.api", {"log_group.api", "role.exec"}),
                  Create("service.api", {"cluster.main", "task.api"})};
  std::mutex mu;
  std::vector<std::string> violations;
  backend_.SetDelay(std::chrono::milliseconds(20));
  backend_.SetHook([&](const ResourceChange& change) {
    for (const std::string& d : change.depends_on) {
      if (!IsLive(backend_, d)) {
        std::lock_guard<std::mutex> lock(mu);
        violations.push_back(change.address + " started before " + d);
      }
    }
  });
  ApplyResult result = Run(plan, 10);
  EXPECT_TRUE(result.ok());
  EXPECT_EQ(result.succeeded, 5);
  EXPECT_TRUE(violations.empty()) << violations.front();
  std::vector<std::string> called = backend_.CalledAddresses();
  ASSERT_EQ(called.size(), 5u);
  // The three independent ones start first. They start together, so the order in which the
  // backend sees them is the scheduler's; plan order is checked with parallelism 1 elsewhere.
  std::vector<std::string> first(called.begin(), called.begin() + 3);
  std::sort(first.begin(), first.end());
  EXPECT_EQ(first, (std::vector<std::string>{"cluster.main", "log_group.api", "role.exec"}));
  EXPECT_EQ(called[3], "task.api");
  EXPECT_EQ(called[4], "service.api");
}

TEST_F(ApplyTest, DeletesWaitForTheirDependentsToBeDeleted) {
  for (const char* address : {"cluster.main", "task.api"}) {
    state_.Put({address, "log_group", Attributes(address), Value::Null(), {}});
  }
  state_.Put({"service.api",
              "log_group",
              Attributes("service.api"),
              Value::Null(),
              {"cluster.main", "task.api"}});
  for (const LiveResource& r : state_.AsLive()) backend_.AddLive(r);
  // Listed in an order that would be wrong if apply just followed the list.
  Plan plan;
  plan.changes = {Delete("cluster.main"), Delete("task.api"),
                  Delete("service.api", {"cluster.main", "task.api"})};
  std::vector<std::string> violations;
  std::mutex mu;
  backend_.SetDelay(std::chrono::milliseconds(10));
  backend_.SetHook([&](const ResourceChange& change) {
    for (const LiveResource& r : backend_.live()) {
      if (std::count(r.depends_on.begin(), r.depends_on.end(), change.address)) {
        std::lock_guard<std::mutex> lock(mu);
        violations.push_back(change.address + " deleted while " + r.address + " needs it");
      }
    }
  });
  ApplyResult result = Run(plan, 10);
  EXPECT_TRUE(result.ok());
  EXPECT_TRUE(violations.empty()) << violations.front();
  EXPECT_EQ(backend_.CalledAddresses().front(), "service.api");
  EXPECT_TRUE(state_.resources.empty());
  EXPECT_TRUE(SavedAddresses().empty());
  EXPECT_NE(progress_.str().find("Apply complete: 0 added, 0 changed, 0 replaced, 3 destroyed."),
            std::string::npos)
      << progress_.str();
}

TEST_F(ApplyTest, DeleteWaitsForAnUpdateThatMovesADependentOffIt) {
  state_.Put({"target_group.old", "log_group", Attributes("old"), Value::Null(), {}});
  state_.Put({"service.api", "log_group", Attributes("api"), Value::Null(), {"target_group.old"}});
  ResourceChange update{"service.api",      "log_group", Action::kUpdate,     Attributes("api"),
                        Attributes("api2"), {},          {"target_group.new"}};
  Plan plan;
  plan.changes = {Create("target_group.new"), update, Delete("target_group.old")};
  ApplyGraph graph = BuildApplyGraph(plan, state_);
  EXPECT_EQ(graph.waits_for[0], 0);
  EXPECT_EQ(graph.waits_for[1], 1);  // the new target group
  EXPECT_EQ(graph.waits_for[2], 1);  // the service, moved off it
  ASSERT_TRUE(Run(plan, 10).ok());
  EXPECT_EQ(backend_.CalledAddresses(),
            (std::vector<std::string>{"target_group.new", "service.api", "target_group.old"}));
}

TEST_F(ApplyTest, NoOpsAreSkippedAndDoNotBlock) {
  ResourceChange same{
      "cluster.main", "log_group", Action::kNoOp, Attributes("c"), Attributes("c"), {}, {}};
  Plan plan;
  plan.changes = {same, Create("service.api", {"cluster.main"})};
  ApplyResult result = Run(plan);
  EXPECT_TRUE(result.ok());
  EXPECT_EQ(backend_.CalledAddresses(), (std::vector<std::string>{"service.api"}));
  EXPECT_EQ(progress_.str().find("cluster.main"), std::string::npos) << progress_.str();
}

// A backend's own orderings (the aws-api backend: an ECS service after the listener rule that
// attaches its target group) hold beside the plan's edges; one that would close a cycle is left
// out rather than leave the apply waiting forever.
TEST_F(ApplyTest, BackendOrderingEdgesHoldAndCyclesAreLeftOut) {
  Plan plan;
  plan.changes = {Create("target_group.api"), Create("service.api", {"target_group.api"}),
                  Create("listener_rule.api", {"target_group.api"})};
  ApplyResult result = Run(plan, 1);
  ASSERT_TRUE(result.ok());
  // Plan order among the ready ones, without the backend's edge.
  EXPECT_EQ(backend_.CalledAddresses(),
            (std::vector<std::string>{"target_group.api", "service.api", "listener_rule.api"}));

  backends::FakeBackend ordered;
  ordered.SetOrderingEdges({{"service.api", {"listener_rule.api", "load_balancer.gone"}},
                            {"target_group.api", {"service.api"}}});  // closes a cycle
  ApplyOptions options;
  options.parallelism = 1;
  state::State state;
  result = Apply(options, plan, ordered, state);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(ordered.CalledAddresses(),
            (std::vector<std::string>{"target_group.api", "listener_rule.api", "service.api"}));
}

TEST_F(ApplyTest, AnEmptyPlanDoesNothing) {
  ApplyResult result = Run(Plan{});
  EXPECT_TRUE(result.ok());
  EXPECT_TRUE(backend_.calls().empty());
  EXPECT_EQ(progress_.str(), "Apply complete: 0 added, 0 changed, 0 replaced, 0 destroyed.\n");
}

}  // namespace
}  // namespace berth::planner
