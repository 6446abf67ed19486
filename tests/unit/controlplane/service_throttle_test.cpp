// The service throttle (controlplane/reconciler/service_throttle.h) through StepService: tasks
// that never reach RUNNING make the scheduler wait before it launches again; a new task
// definition ends the wait. The tasks' failures are written into their documents as the
// reconciler does when an engine cannot start a container (TaskFailedToStart).
#include "controlplane/reconciler/service_throttle.h"

#include <gtest/gtest.h>

#include "controlplane/reconciler/steps.h"
#include "controlplane/store/task_definitions.h"
#include "tests/unit/controlplane/temp_store.h"

namespace berth::controlplane::reconciler {
namespace {

const char* kClusterArn = "arn:aws:ecs:us-east-1:000000000000:cluster/main";

std::string DefinitionArn(int revision) {
  return "arn:aws:ecs:us-east-1:000000000000:task-definition/web:" + std::to_string(revision);
}

class ServiceThrottleTest : public test_support::TempStoreTest {
 protected:
  void SetUp() override {
    TempStoreTest::SetUp();
    if (HasFatalFailure()) return;
    store_->Transaction([](store::Tx& tx) {
      for (int revision : {1, 2}) {
        tx.Put(
            store::kTaskDef, store::TaskDefinitionKey("web", revision), "web",
            {{"taskDefinitionArn", DefinitionArn(revision)},
             {"family", "web"},
             {"revision", revision},
             {"status", "ACTIVE"},
             {"containerDefinitions",
              {{{"name", "web"}, {"image", "missing:1"}, {"memory", 64}, {"essential", true}}}}});
      }
    });
    instances_["engine-1"] = {
        {"id", "engine-1"}, {"connected", true}, {"cpu", 2048}, {"memory", 4096}};
    service_ = {{"serviceName", "web"},
                {"clusterArn", kClusterArn},
                {"status", "ACTIVE"},
                {"desiredCount", 1},
                {"taskDefinition", DefinitionArn(1)},
                {"deploymentConfiguration", model::DeploymentConfiguration(json::object())},
                {"deployments", {model::NewDeployment(DefinitionArn(1), 1)}},
                {"events", json::array()},
                {"x-berth", {{"completed", json::array()}}}};
  }

  // One scheduler step at `now`; returns how many tasks it started.
  int Step(double now) {
    size_t before = tasks_.size();
    store_->Transaction([&](store::Tx& tx) {
      Definitions definitions(tx);
      TickContext context{tx, origin_, options_, views_, instances_, in_flight_, definitions, now};
      StepService(context, service_, tasks_);
    });
    return static_cast<int>(tasks_.size() - before);
  }
  // Every live task fails to start, as the reconciler records it.
  void FailStartedTasks(double now) {
    for (json& task : tasks_) {
      if (task["desiredStatus"] == "STOPPED") continue;
      task["lastStatus"] = "STOPPED";
      task["desiredStatus"] = "STOPPED";
      task["stopCode"] = "TaskFailedToStart";
      task["stoppingAt"] = now;
      task["x-berth"]["failure"] = "start";
      task["x-berth"].erase("fresh");
    }
  }
  bool HasThrottleEvent() const {
    for (const json& event : service_["events"]) {
      if (event["message"] == "(service web) is unable to consistently start tasks successfully.")
        return true;
    }
    return false;
  }

  model::Origin origin_;
  Options options_;
  std::map<std::string, EngineView> views_;
  std::map<std::string, json> instances_;
  std::set<std::string> in_flight_;
  json service_;
  std::vector<json> tasks_;
};

TEST(ServiceThrottle, WaitsGrowFromThirtySecondsToTwentySevenMinutes) {
  EXPECT_EQ(ThrottleSeconds(0), 0);
  EXPECT_EQ(ThrottleSeconds(kStartFailuresBeforeThrottle - 1), 0);
  EXPECT_EQ(ThrottleSeconds(kStartFailuresBeforeThrottle), 30);
  EXPECT_EQ(ThrottleSeconds(kStartFailuresBeforeThrottle + 1), 60);
  EXPECT_EQ(ThrottleSeconds(kStartFailuresBeforeThrottle + 20), 27 * 60);
}

TEST_F(ServiceThrottleTest, TasksThatNeverRunMakeTheSchedulerWait) {
  double now = 1000;
  for (int i = 0; i < kStartFailuresBeforeThrottle; ++i) {
    ASSERT_EQ(Step(now), 1) << "failure " << i << " is not throttled yet";
    FailStartedTasks(now);
    now += 1;
    EXPECT_FALSE(HasThrottleEvent());
  }
  EXPECT_EQ(Step(now), 0);
  EXPECT_TRUE(HasThrottleEvent());
  EXPECT_EQ(Step(now + 28), 0) << "the first wait is 30 s after the last failure";
  EXPECT_EQ(Step(now + 30), 1);
  FailStartedTasks(now + 30);
  EXPECT_EQ(Step(now + 31), 0);
  EXPECT_EQ(Step(now + 30 + 59), 0) << "the second wait is 60 s";
  EXPECT_EQ(Step(now + 30 + 60), 1);
}

TEST_F(ServiceThrottleTest, ANewTaskDefinitionEndsTheWait) {
  double now = 1000;
  for (int i = 0; i < kStartFailuresBeforeThrottle; ++i) {
    ASSERT_EQ(Step(now), 1);
    FailStartedTasks(now);
  }
  EXPECT_EQ(Step(now + 1), 0);
  json& deployments = service_["deployments"];
  deployments[0]["status"] = "ACTIVE";
  deployments.insert(deployments.begin(), model::NewDeployment(DefinitionArn(2), 1));
  service_["taskDefinition"] = DefinitionArn(2);
  EXPECT_EQ(Step(now + 2), 1);
}

TEST_F(ServiceThrottleTest, TasksThatStopAfterRunningNeverThrottle) {
  double now = 1000;
  for (int i = 0; i < kStartFailuresBeforeThrottle + 2; ++i) {
    ASSERT_EQ(Step(now), 1) << "round " << i;
    for (json& task : tasks_) {
      if (task["desiredStatus"] == "STOPPED") continue;
      task["lastStatus"] = "STOPPED";
      task["desiredStatus"] = "STOPPED";
      task["startedAt"] = now;
      task["x-berth"]["failure"] = "exited";
      task["x-berth"].erase("fresh");
    }
    now += 1;
  }
  EXPECT_FALSE(HasThrottleEvent());
}

}  // namespace
}  // namespace berth::controlplane::reconciler
