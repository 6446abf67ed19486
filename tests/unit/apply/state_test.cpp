// The state is updated and saved after every completed action, with the backend's computed
// values; updates keep what was known, replacements are one backend call.
#include <map>

#include "planner/apply_progress.h"
#include "tests/unit/apply/apply_fixture.h"

namespace berth::planner {
namespace {

TEST_F(ApplyTest, StateIsSavedAfterEveryAction) {
  std::vector<size_t> saved_before_each;
  std::vector<uint64_t> serials;
  backend_.SetHook([&](const ResourceChange& change) {
    state::State on_disk;
    std::string error;
    ASSERT_TRUE(state::LoadState(state_path_, on_disk, error)) << error;
    saved_before_each.push_back(on_disk.resources.size());
    serials.push_back(on_disk.serial);
  });
  Plan plan;
  plan.changes = {Create("log_group.a"), Create("log_group.b", {"log_group.a"}),
                  Create("log_group.c", {"log_group.b"})};
  ASSERT_TRUE(Run(plan, 4).ok());
  EXPECT_EQ(saved_before_each, (std::vector<size_t>{0, 1, 2}));
  EXPECT_LT(serials[1], serials[2]);
  state::State saved = Saved();
  ASSERT_EQ(saved.resources.size(), 3u);
  const state::Resource* b = saved.Find("log_group.b");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->attributes, Attributes("log_group.b"));
  EXPECT_EQ(b->depends_on, (std::vector<std::string>{"log_group.a"}));
  ASSERT_NE(b->computed.Get("arn"), nullptr);
  EXPECT_EQ(b->computed.Get("arn")->str(), "arn:fake:log_group.b");
}

TEST_F(ApplyTest, UpdateAndReplaceRecordTheirOutcome) {
  Value known = Value::Map({{"arn", Value::String("arn:old")}});
  state_.Put({"log_group.u", "log_group", Attributes("u"), known, {}});
  state_.Put({"log_group.r", "log_group", Attributes("r"), known, {}});
  ResourceChange update{
      "log_group.u", "log_group", Action::kUpdate, Attributes("u"), Attributes("u2"), {}, {}};
  ResourceChange replace{
      "log_group.r", "log_group", Action::kReplace, Attributes("r"), Attributes("r2"), {}, {}};
  Plan plan;
  plan.changes = {update, replace};
  ApplyResult result = Run(plan, 2);
  ASSERT_TRUE(result.ok());
  auto calls = backend_.calls();
  ASSERT_EQ(calls.size(), 2u);
  // One call each, the replace too (the backend orders the swap), in either order: with two
  // workers the update and the replace run side by side (calls[1] was the replace 27 times in 30).
  std::map<std::string, Action> by_address;
  for (const auto& call : calls) by_address[call.address] = call.action;
  EXPECT_EQ(by_address, (std::map<std::string, Action>{{"log_group.u", Action::kUpdate},
                                                       {"log_group.r", Action::kReplace}}));
  state::State saved = Saved();
  EXPECT_EQ(saved.Find("log_group.u")->attributes, Attributes("u2"));
  EXPECT_EQ(saved.Find("log_group.r")->computed.Get("arn")->str(), "arn:fake:log_group.r");
  EXPECT_NE(progress_.str().find("log_group.r: replacing...\n"), std::string::npos);
  EXPECT_NE(progress_.str().find("Apply complete: 0 added, 1 changed, 1 replaced, 0 destroyed."),
            std::string::npos)
      << progress_.str();
}

TEST_F(ApplyTest, AnUpdateWithNothingComputedKeepsWhatWasKnown) {
  class NothingComputed : public backends::FakeBackend {
    backends::ActionResult Apply(const ResourceChange& change) override {
      backends::ActionResult r = FakeBackend::Apply(change);
      r.computed = Value::Null();
      return r;
    }
  } backend;
  state_.Put({"log_group.u",
              "log_group",
              Attributes("u"),
              Value::Map({{"arn", Value::String("arn:old")}}),
              {}});
  Plan plan;
  plan.changes = {
      {"log_group.u", "log_group", Action::kUpdate, Attributes("u"), Attributes("u2"), {}, {}}};
  ApplyOptions options;
  options.state_path = state_path_;
  ASSERT_TRUE(Apply(options, plan, backend, state_).ok());
  EXPECT_EQ(Saved().Find("log_group.u")->computed.Get("arn")->str(), "arn:old");
}

TEST_F(ApplyTest, ProgressLinesNameTheActionAndItsTime) {
  Plan plan;
  plan.changes = {Create("service.api")};
  ASSERT_TRUE(Run(plan).ok());
  EXPECT_EQ(progress_.str(),
            "service.api: creating...\n"
            "service.api: created after 0.0s\n"
            "Apply complete: 1 added, 0 changed, 0 replaced, 0 destroyed.\n");
}

TEST_F(ApplyTest, SensitiveValuesNeverReachProgressOrErrors) {
  const std::string secret = "hunter2-db-password";
  Value attributes =
      Value::Map({{"name", Value::String("api")},
                  {"env", Value::Map({{"DB_PASSWORD", Value::String(secret).MarkSensitive()}})}});
  Plan plan;
  plan.changes = {{"task.api", "task", Action::kCreate, Value::Null(), attributes, {}, {}}};
  backend_.FailAddress("task.api", "ValidationError: bad value '" + secret + "' for env");
  ApplyResult result = Run(plan);
  EXPECT_EQ(result.failed, 1);
  EXPECT_EQ(progress_.str().find(secret), std::string::npos) << progress_.str();
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(result.errors[0], "task.api: ValidationError: bad value '(sensitive value)' for env");
  // The state keeps the value itself: it is not output.
  EXPECT_TRUE(state_.resources.empty());
}

// A change whose `env` holds each of `secrets` as a sensitive value.
ResourceChange WithSecrets(const std::vector<std::string>& secrets) {
  ValueMap env;
  for (size_t i = 0; i < secrets.size(); ++i)
    env.push_back({"S" + std::to_string(i), Value::String(secrets[i]).MarkSensitive()});
  Value attributes = Value::Map({{"name", Value::String("api")}, {"env", Value::Map(env)}});
  return {"task.api", "task", Action::kCreate, Value::Null(), attributes, {}, {}};
}

// Issue 10 item 12: searching for a secret `e` turned "ValidationError" into
// "Validation(sensitive value)rror" and the mask's own text into `s(s(sensitive value)nsitiv(...`.
TEST(MaskEchoedSensitive, AShortSecretIsMaskedOnlyAsAWholeWord) {
  ResourceChange change = WithSecrets({"e", "api"});
  EXPECT_EQ(MaskEchoedSensitive(change, "ValidationError: the value e is not allowed for rapid"),
            "ValidationError: the value (sensitive value) is not allowed for rapid");
  EXPECT_EQ(MaskEchoedSensitive(change, "env=e,name=api"),
            "env=(sensitive value),name=(sensitive value)");
  EXPECT_EQ(MaskEchoedSensitive(change, "nothing sensitive here"), "nothing sensitive here");
}

TEST(MaskEchoedSensitive, ALongSecretIsMaskedWhereverItOccurs) {
  ResourceChange change = WithSecrets({"hunter2-db-password", "db-password-rotated"});
  EXPECT_EQ(MaskEchoedSensitive(change, "got xhunter2-db-passwordx and hunter2-db-password"),
            "got x(sensitive value)x and (sensitive value)");
  // Overlapping secrets are one masked stretch, never a mask with a secret's tail after it.
  EXPECT_EQ(MaskEchoedSensitive(change, "[hunter2-db-password-rotated]"), "[(sensitive value)]");
}

TEST(MaskEchoedSensitive, TheMaskIsNeverSearchedAgain) {
  // "sensitive value" contains secrets `s`, `value`, `sensitive`: none may be found in a mask.
  ResourceChange change = WithSecrets({"sensitive", "value", "s", "hunter2-db-password"});
  EXPECT_EQ(MaskEchoedSensitive(change, "bad hunter2-db-password"), "bad (sensitive value)");
}

TEST_F(ApplyTest, AShortSecretLeavesTheBackendsMessageReadable) {
  Plan plan;
  plan.changes = {WithSecrets({"e"})};
  backend_.FailAddress("task.api", "ValidationError: bad value 'e' for env");
  ApplyResult result = Run(plan);
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(result.errors[0], "task.api: ValidationError: bad value '(sensitive value)' for env");
  EXPECT_NE(progress_.str().find("failed after 0.0s: ValidationError: bad value "
                                 "'(sensitive value)' for env\n"),
            std::string::npos)
      << progress_.str();
}

}  // namespace
}  // namespace berth::planner
