// A failure halfway loses nothing: completed (and in-flight) actions are saved, nothing new
// starts, and the next plan does only the rest. Ctrl-C (the interrupted flag) likewise.
#include <thread>

#include "compiler/ir/ir.h"
#include "tests/unit/apply/apply_fixture.h"

namespace berth::planner {
namespace {

Plan FourCreates() {
  Plan plan;
  plan.changes = {Create("log_group.a"), Create("log_group.b"), Create("log_group.c"),
                  Create("log_group.d")};
  return plan;
}

ir::Program DesiredFour() {
  ir::Program program;
  for (const char* address : {"log_group.a", "log_group.b", "log_group.c", "log_group.d"}) {
    ir::Resource r;
    r.address = address;
    r.kind = "log_group";
    r.name = std::string(address).substr(10);
    r.attributes = Attributes(address);
    program.resources.push_back(r);
  }
  return program;
}

TEST_F(ApplyTest, FailureStopsNewWorkAndSavesWhatCompleted) {
  backend_.FailAddress("log_group.b", "AccessDenied: not allowed");
  ApplyResult result = Run(FourCreates(), 1);
  EXPECT_FALSE(result.ok());
  EXPECT_EQ(result.succeeded, 1);
  EXPECT_EQ(result.failed, 1);
  EXPECT_EQ(result.not_started, 2);
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(result.errors[0], "log_group.b: AccessDenied: not allowed");
  EXPECT_EQ(backend_.CalledAddresses(), (std::vector<std::string>{"log_group.a", "log_group.b"}));
  EXPECT_EQ(SavedAddresses(), (std::vector<std::string>{"log_group.a"}));
  std::string out = progress_.str();
  EXPECT_NE(out.find("log_group.b: failed after "), std::string::npos) << out;
  EXPECT_NE(out.find("s: AccessDenied: not allowed\n"), std::string::npos) << out;
  EXPECT_NE(out.find("Apply failed: 1 added, 0 changed, 0 replaced, 0 destroyed; 1 failed, 2 "
                     "not started."),
            std::string::npos)
      << out;
}

TEST_F(ApplyTest, WorkInFlightAtAFailureFinishesAndIsSaved) {
  backend_.FailAddress("log_group.b", "boom");
  // a is slow, b fails at once while a is still running.
  backend_.SetHook([](const ResourceChange& change) {
    if (change.address == "log_group.a")
      std::this_thread::sleep_for(std::chrono::milliseconds(150));
  });
  ApplyResult result = Run(FourCreates(), 2);
  EXPECT_EQ(result.succeeded, 1);
  EXPECT_EQ(result.failed, 1);
  EXPECT_EQ(result.not_started, 2);
  EXPECT_EQ(backend_.CalledAddresses(), (std::vector<std::string>{"log_group.a", "log_group.b"}));
  EXPECT_EQ(SavedAddresses(), (std::vector<std::string>{"log_group.a"}));
}

TEST_F(ApplyTest, DependentsOfAFailureNeverStart) {
  backend_.FailAddress("log_group.a", "boom");
  Plan plan;
  plan.changes = {Create("log_group.a"), Create("service.x", {"log_group.a"})};
  ApplyResult result = Run(plan, 10);
  EXPECT_EQ(result.failed, 1);
  EXPECT_EQ(result.not_started, 1);
  EXPECT_EQ(backend_.CalledAddresses(), (std::vector<std::string>{"log_group.a"}));
}

TEST_F(ApplyTest, TheNextPlanResumesWhereApplyStopped) {
  backend_.FailAddress("log_group.c", "throttled");
  ir::Program desired = DesiredFour();
  Plan first = Diff({}, desired, state_.AsLive());
  ASSERT_EQ(first.Count(Action::kCreate), 4);
  EXPECT_FALSE(Run(first, 1).ok());

  // A fresh process: the state as saved, the failure gone.
  backend_.Heal("log_group.c");
  state_ = Saved();
  Plan second = Diff({}, desired, state_.AsLive());
  EXPECT_EQ(second.Count(Action::kCreate), 2);
  EXPECT_EQ(second.Count(Action::kNoOp), 2);
  int calls_before = static_cast<int>(backend_.calls().size());
  ApplyResult result = Run(second, 1);
  EXPECT_TRUE(result.ok());
  std::vector<std::string> called = backend_.CalledAddresses();
  EXPECT_EQ(std::vector<std::string>(called.begin() + calls_before, called.end()),
            (std::vector<std::string>{"log_group.c", "log_group.d"}));
  EXPECT_EQ(Saved().resources.size(), 4u);
  EXPECT_FALSE(Diff({}, desired, Saved().AsLive()).HasChanges());
}

TEST_F(ApplyTest, InterruptStartsNothingNewAndSavesInFlight) {
  std::atomic<bool> interrupted{false};
  backend_.SetHook([&](const ResourceChange& change) { interrupted = true; });
  ApplyResult result = Run(FourCreates(), 1, &interrupted);
  EXPECT_TRUE(result.interrupted);
  EXPECT_FALSE(result.ok());
  EXPECT_EQ(result.succeeded, 1);
  EXPECT_EQ(result.not_started, 3);
  EXPECT_EQ(SavedAddresses(), (std::vector<std::string>{"log_group.a"}));
  EXPECT_NE(progress_.str().find("Apply interrupted: 1 added, 0 changed, 0 replaced, 0 "
                                 "destroyed; 0 failed, 3 not started."),
            std::string::npos)
      << progress_.str();
}

TEST_F(ApplyTest, InterruptedBeforeStartDoesNothing) {
  std::atomic<bool> interrupted{true};
  ApplyResult result = Run(FourCreates(), 4, &interrupted);
  EXPECT_TRUE(result.interrupted);
  EXPECT_EQ(result.not_started, 4);
  EXPECT_TRUE(backend_.calls().empty());
}

}  // namespace
}  // namespace berth::planner
