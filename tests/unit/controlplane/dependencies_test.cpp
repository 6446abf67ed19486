// dependsOn conditions as the ECS agent resolves them (controlplane/engines/dependencies.h),
// over what an engine shows of a task's containers.
#include "controlplane/engines/dependencies.h"

#include <gtest/gtest.h>

namespace berth::controlplane::engines {
namespace {

json Spec(const std::string& condition) {
  return {{"name", "app"}, {"dependsOn", {{{"containerName", "init"}, {"condition", condition}}}}};
}

Observed Init(const std::string& state, int exit_code = -1, const std::string& health = "") {
  Observed o;
  o.container = "init";
  o.state = state;
  o.exit_code = exit_code;
  o.health = health;
  return o;
}

Readiness Check(const std::string& condition, const Observed& init, std::string* why = nullptr) {
  std::string message;
  Readiness readiness = DependenciesMet(Spec(condition), {init}, message);
  if (why) *why = message;
  return readiness;
}

TEST(Dependencies, EachConditionAsTheAgentResolvesIt) {
  EXPECT_EQ(Check("START", Init("created")), Readiness::kWaiting);
  EXPECT_EQ(Check("START", Init("running")), Readiness::kReady);
  EXPECT_EQ(Check("COMPLETE", Init("running")), Readiness::kWaiting);
  EXPECT_EQ(Check("COMPLETE", Init("exited", 3)), Readiness::kReady);
  EXPECT_EQ(Check("SUCCESS", Init("running")), Readiness::kWaiting);
  EXPECT_EQ(Check("SUCCESS", Init("exited", 0)), Readiness::kReady);
  EXPECT_EQ(Check("HEALTHY", Init("running", -1, "starting")), Readiness::kWaiting);
  EXPECT_EQ(Check("HEALTHY", Init("running", -1, "healthy")), Readiness::kReady);
}

TEST(Dependencies, UnmeetableConditionsSayWhy) {
  std::string why;
  EXPECT_EQ(Check("SUCCESS", Init("exited", 1), &why), Readiness::kNever);
  EXPECT_EQ(why,
            "dependency graph: failed to resolve container ordering dependency [init] for target "
            "[app] as dependency did not exit successfully.");
  EXPECT_EQ(Check("HEALTHY", Init("exited", 0), &why), Readiness::kNever);
  EXPECT_NE(why.find("because dependency will never start"), std::string::npos) << why;
}

TEST(Dependencies, AStartTimeoutRunsOutAsTheAgentCountsIt) {
  // init started at 100 with startTimeout 5: app gives up after 105 while init neither
  // succeeded nor stopped (graph.go hasDependencyTimedOut).
  DependencyClock clock;
  clock.started_at["init"] = 100;
  clock.start_timeout["init"] = 5;
  std::string why;
  clock.now = 104;
  EXPECT_EQ(DependenciesMet(Spec("SUCCESS"), {Init("running")}, why, &clock), Readiness::kWaiting);
  clock.now = 106;
  EXPECT_EQ(DependenciesMet(Spec("SUCCESS"), {Init("running")}, why, &clock), Readiness::kNever);
  EXPECT_EQ(why,
            "dependency graph: container ordering dependency [init] for target [app] has timed "
            "out.");
  EXPECT_EQ(DependenciesMet(Spec("HEALTHY"), {Init("running", -1, "starting")}, why, &clock),
            Readiness::kNever);
  EXPECT_EQ(DependenciesMet(Spec("COMPLETE"), {Init("running")}, why, &clock), Readiness::kNever);
  // Met in time, or a START condition: no timeout applies.
  EXPECT_EQ(DependenciesMet(Spec("SUCCESS"), {Init("exited", 0)}, why, &clock), Readiness::kReady);
  EXPECT_EQ(DependenciesMet(Spec("START"), {Init("running")}, why, &clock), Readiness::kReady);
  // A dependency that stopped cannot time out: COMPLETE is met by it.
  EXPECT_EQ(DependenciesMet(Spec("COMPLETE"), {Init("exited", 2)}, why, &clock), Readiness::kReady);
  // Not started yet, or no startTimeout: it waits.
  clock.started_at.clear();
  EXPECT_EQ(DependenciesMet(Spec("SUCCESS"), {Init("created")}, why, &clock), Readiness::kWaiting);
  clock.started_at["init"] = 100;
  clock.start_timeout.clear();
  EXPECT_EQ(DependenciesMet(Spec("SUCCESS"), {Init("running")}, why, &clock), Readiness::kWaiting);
}

TEST(Dependencies, ALaunchDefersWhatWaitsForAConditionAndItsDependents) {
  json definitions = {
      {{"name", "init"}},
      {{"name", "app"}, {"dependsOn", {{{"containerName", "init"}, {"condition", "SUCCESS"}}}}},
      {{"name", "sidecar"}, {"dependsOn", {{{"containerName", "app"}, {"condition", "START"}}}}},
      {{"name", "log"}, {"dependsOn", {{{"containerName", "init"}, {"condition", "START"}}}}}};
  EXPECT_EQ(DeferredContainers(definitions), (std::set<std::string>{"app", "sidecar"}));
}

}  // namespace
}  // namespace berth::controlplane::engines
