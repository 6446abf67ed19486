// `berth refresh`'s core (planner/state_refresh.h): the state takes the live attributes, a gone
// resource leaves, and sensitive values read back in plain text are marked so the file hashes
// them, to the same digest when unchanged.
#include "planner/state_refresh.h"

#include <gtest/gtest.h>

#include <sstream>

#include "planner/state_digest.h"

namespace berth::state {
namespace {

constexpr char kKey[] = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

// A task's attributes with `token` at containers["app"].env.TOKEN.
Value TaskWith(Value token, double cpu) {
  Value env = Value::Map({});
  env.Set("TOKEN", std::move(token));
  env.Set("MODE", Value::String("fast"));
  Value container = Value::Map({});
  container.Set("name", Value::String("app"));
  container.Set("env", env);
  Value attributes = Value::Map({});
  attributes.Set("family", Value::String("app"));
  attributes.Set("cpu", Value::Number(cpu));
  attributes.Set("containers", Value::List({container}));
  return attributes;
}

// What a live read returns: the secret in plain text, not marked sensitive.
Value Plain(const std::string& token, double cpu) { return TaskWith(Value::String(token), cpu); }

// A state as SaveState leaves it: the sensitive value as its digest.
State Recorded(const std::string& token, double cpu) {
  State state;
  state.digest_key = kKey;
  state.Put({"task.app",
             "task",
             TaskWith(DigestValue(Digest(kKey, Value::String(token))), cpu),
             Value::Map({}),
             {}});
  state.Put({"log_group.gone", "log_group", Value::Map({}), Value::Map({}), {}});
  return state;
}

const Value& LiveToken(const State& state) {
  const Value& containers = *state.Find("task.app")->attributes.Get("containers");
  return *containers.list()[0].Get("env")->Get("TOKEN");
}

TEST(StateRefresh, TakesLiveValuesAndForgetsWhatIsGone) {
  State state = Recorded("s3cret", 256);
  std::vector<planner::LiveResource> live = {{"task.app", "task", Plain("s3cret", 512), {}}};
  RefreshResult result = Refresh(state, live, ir::Program{});
  ASSERT_EQ(result.drift.changes.size(), 2u);  // by address
  EXPECT_EQ(result.drift.changes[0].address, "log_group.gone");
  EXPECT_EQ(result.drift.changes[0].action, planner::Action::kDelete);
  EXPECT_EQ(result.drift.changes[1].address, "task.app");
  EXPECT_EQ(result.drift.changes[1].action, planner::Action::kUpdate);
  ASSERT_EQ(result.drift.changes[1].changes.size(), 1u) << "an unchanged secret is no drift";
  EXPECT_EQ(result.drift.changes[1].changes[0].path, "cpu");
  EXPECT_EQ(state.Find("log_group.gone"), nullptr);
  EXPECT_EQ(state.Find("task.app")->attributes.Get("cpu")->number(), 512);
  // The plain value read live is marked, so it is saved as its digest: the one it had.
  const Value& token = LiveToken(state);
  EXPECT_TRUE(token.sensitive());
  EXPECT_EQ(Digest(kKey, token), Digest(kKey, Value::String("s3cret")));

  std::ostringstream out;
  RenderDrift(result.drift, false, out);
  EXPECT_NE(out.str().find("# task.app has changed"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("~ cpu = 256 -> 512"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("# log_group.gone has been deleted"), std::string::npos) << out.str();
  EXPECT_EQ(out.str().find("s3cret"), std::string::npos) << out.str();
}

TEST(StateRefresh, AChangedSecretIsDriftButStaysMasked) {
  State state = Recorded("s3cret", 256);
  std::vector<planner::LiveResource> live = {
      {"task.app", "task", Plain("changed-by-hand", 256), {}},
      {"log_group.gone", "log_group", Value::Map({}), {}}};
  RefreshResult result = Refresh(state, live, ir::Program{});
  EXPECT_EQ(result.unchanged, 1);
  ASSERT_EQ(result.drift.changes.size(), 1u);
  std::ostringstream out;
  RenderDrift(result.drift, false, out);
  EXPECT_NE(out.str().find("(sensitive value)"), std::string::npos) << out.str();
  EXPECT_EQ(out.str().find("changed-by-hand"), std::string::npos) << out.str();
  EXPECT_TRUE(LiveToken(state).sensitive());
}

TEST(StateRefresh, NoDriftLeavesTheStateAsItWas) {
  State state = Recorded("s3cret", 256);
  Value before = state.Find("task.app")->attributes;
  std::vector<planner::LiveResource> live = {{"task.app", "task", Plain("s3cret", 256), {}},
                                             {"log_group.gone", "log_group", Value::Map({}), {}}};
  RefreshResult result = Refresh(state, live, ir::Program{});
  EXPECT_TRUE(result.drift.changes.empty());
  EXPECT_EQ(result.unchanged, 2);
  EXPECT_TRUE(IsDigest(LiveToken(state))) << "the recorded digest stays";
  EXPECT_EQ(state.Find("task.app")->attributes, before);
}

TEST(StateRefresh, MarkSensitiveLikeFollowsKeysAndLabels) {
  Value secret = Value::String("x");
  Value like =
      Value::List({Value::Map({{"name", Value::String("b")}}),
                   Value::Map({{"name", Value::String("a")}, {"key", secret.MarkSensitive()}})});
  Value live = Value::List({Value::Map({{"name", Value::String("a")}, {"key", Value::String("y")}}),
                            Value::Map({{"name", Value::String("b")}})});
  MarkSensitiveLike(live, like);
  EXPECT_TRUE(live.list()[0].Get("key")->sensitive()) << "matched by label, not position";
  EXPECT_FALSE(live.list()[1].ContainsSensitive());
}

}  // namespace
}  // namespace berth::state
