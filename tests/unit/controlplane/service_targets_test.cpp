// A service's tasks and its target group (controlplane/targets/service_targets.h), over a real
// store: registration when RUNNING, target health as the task's, the grace period before an
// unhealthy target fails its task, and deregistration with its delay before the stop.
#include "controlplane/targets/service_targets.h"

#include <gtest/gtest.h>

#include "controlplane/lb/request_counts.h"
#include "controlplane/lb/targets_store.h"
#include "controlplane/targets/target_health.h"
#include "tests/unit/controlplane/temp_store.h"

namespace berth::controlplane::targets {
namespace {

const char* kGroup = "arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/web/1";

class ServiceTargetsTest : public test_support::TempStoreTest {
 protected:
  void SetUp() override {
    TempStoreTest::SetUp();
    if (HasFatalFailure()) return;
    store_->Transaction([](store::Tx& tx) {
      tx.Put(store::kTargetGroup, kGroup, "",
             {{"TargetGroupArn", kGroup},
              {"Port", 80},
              {"x-berth",
               {{"attributes", json::array({{{"Key", "deregistration_delay.timeout_seconds"},
                                             {"Value", "30"}}})}}}});
    });
    service_ = {
        {"serviceName", "web"},
        {"healthCheckGracePeriodSeconds", 60},
        {"loadBalancers",
         json::array(
             {{{"targetGroupArn", kGroup}, {"containerName", "app"}, {"containerPort", 8080}}})},
        {"events", json::array()}};
    task_ = {{"taskArn", "arn:aws:ecs:us-east-1:000000000000:task/main/abc"},
             {"lastStatus", "RUNNING"},
             {"desiredStatus", "RUNNING"},
             {"startedAt", 1000.0},
             {"containers",
              json::array({{{"name", "app"},
                            {"networkBindings",
                             json::array({{{"containerPort", 8080}, {"hostPort", 32001}}})}}})},
             {"x-berth", {{"service", "web"}}}};
  }

  void Update(double now) {
    std::vector<json*> tasks = {&task_};
    store_->Transaction([&](store::Tx& tx) { UpdateServiceTargets(tx, service_, tasks, now); });
  }
  std::optional<json> Target() {
    std::optional<json> target;
    store_->Transaction(
        [&](store::Tx& tx) { target = lb::GetTarget(tx, kGroup, "127.0.0.1", 32001); });
    return target;
  }
  void SetTargetState(const std::string& state, const std::string& reason) {
    json target = *Target();
    SetState(target, state, reason);
    store_->Transaction([&](store::Tx& tx) { lb::PutTarget(tx, target); });
  }

  json service_, task_;
};

TEST_F(ServiceTargetsTest, RunningTaskIsRegisteredAtItsHostPort) {
  Update(1001);
  auto target = Target();
  ASSERT_TRUE(target);
  EXPECT_EQ((*target)["State"], "initial");
  EXPECT_TRUE(HasTargets(task_));
  EXPECT_EQ(task_["x-berth"]["targetHealth"], "initial");
  EXPECT_EQ(service_["events"][0]["message"],
            std::string("(service web) registered 1 targets in (target-group ") + kGroup + ")");
  SetTargetState("healthy", "");
  Update(1002);
  EXPECT_EQ(task_["x-berth"]["targetHealth"], "healthy");
}

TEST_F(ServiceTargetsTest, PendingTaskIsNotRegistered) {
  task_["lastStatus"] = "PENDING";
  Update(1001);
  EXPECT_FALSE(Target());
  EXPECT_FALSE(HasTargets(task_));
}

TEST_F(ServiceTargetsTest, UnhealthyTargetFailsTheTaskAfterTheGracePeriod) {
  Update(1001);
  SetTargetState("unhealthy", "Target.ResponseCodeMismatch");
  Update(1059);  // 59 s after the start: within healthCheckGracePeriodSeconds (60)
  EXPECT_EQ(task_["desiredStatus"], "RUNNING");
  EXPECT_EQ(task_["x-berth"]["targetHealth"], "unhealthy");
  Update(1060);
  EXPECT_EQ(task_["desiredStatus"], "STOPPED");
  EXPECT_EQ(task_["stopCode"], "ServiceSchedulerInitiated");
  EXPECT_EQ(task_["stoppedReason"],
            std::string("Task failed ELB health checks in (target-group ") + kGroup + ")");
  EXPECT_EQ(task_["x-berth"]["failure"], "health");
}

TEST_F(ServiceTargetsTest, StoppingTaskDrainsForTheDeregistrationDelay) {
  Update(1001);
  task_["desiredStatus"] = "STOPPED";
  std::vector<json*> tasks = {&task_};
  store_->Transaction([&](store::Tx& tx) { DeregisterStoppingTasks(tx, service_, tasks, 2000); });
  auto target = Target();
  ASSERT_TRUE(target);
  EXPECT_EQ((*target)["State"], "draining");
  EXPECT_EQ((*target)["DrainingUntil"], 2030.0);
  EXPECT_EQ(service_["events"][0]["message"],
            "(service web) has begun draining connections on 1 tasks.");
  EXPECT_EQ(service_["events"][1]["message"],
            std::string("(service web) deregistered 1 targets in (target-group ") + kGroup + ")");
  // A request the proxies have in flight to it holds the task for the whole delay.
  std::atomic<int>& in_flight = lb::InFlightTo("127.0.0.1", 32001);
  ++in_flight;
  lb::RoutedTargetsGeneration() = lb::TargetsGeneration().load();
  bool held = false;
  store_->Transaction([&](store::Tx& tx) { held = HoldForDraining(tx, task_, 2029); });
  EXPECT_TRUE(held);
  store_->Transaction([&](store::Tx& tx) { held = HoldForDraining(tx, task_, 2030); });
  EXPECT_FALSE(held);
  --in_flight;
  // Reported once.
  size_t events = service_["events"].size();
  store_->Transaction([&](store::Tx& tx) { DeregisterStoppingTasks(tx, service_, tasks, 2031); });
  EXPECT_EQ(service_["events"].size(), events);
}

TEST_F(ServiceTargetsTest, DrainingEndsOnceNoRequestIsInFlightAsAlbDoes) {
  Update(1001);
  task_["desiredStatus"] = "STOPPED";
  std::vector<json*> tasks = {&task_};
  store_->Transaction([&](store::Tx& tx) { DeregisterStoppingTasks(tx, service_, tasks, 2000); });
  ASSERT_EQ(lb::InFlightTo("127.0.0.1", 32001).load(), 0);
  bool held = false;
  // Within a second of the deregistration the proxies may still route to it.
  store_->Transaction([&](store::Tx& tx) { held = HoldForDraining(tx, task_, 2000.5); });
  EXPECT_TRUE(held);
  // Nor before the proxies route by a table that has it draining.
  lb::RoutedTargetsGeneration() = 0;
  store_->Transaction([&](store::Tx& tx) { held = HoldForDraining(tx, task_, 2001); });
  EXPECT_TRUE(held);
  lb::RoutedTargetsGeneration() = lb::TargetsGeneration().load();
  store_->Transaction([&](store::Tx& tx) { held = HoldForDraining(tx, task_, 2001); });
  EXPECT_FALSE(held);
  // The target itself still shows draining until the delay is over (ALB's user guide).
  EXPECT_EQ((*Target())["State"], "draining");
}

TEST_F(ServiceTargetsTest, TaskStoppedOutsideTheSchedulerDeregistersItself) {
  Update(1001);
  task_["desiredStatus"] = "STOPPED";
  bool held = false;
  store_->Transaction([&](store::Tx& tx) { held = HoldForDraining(tx, task_, 2000); });
  EXPECT_TRUE(held);
  EXPECT_EQ((*Target())["State"], "draining");
}

}  // namespace
}  // namespace berth::controlplane::targets
