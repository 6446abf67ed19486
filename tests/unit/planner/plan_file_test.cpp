// Saved plans: an exact round trip (sensitive values as the state's keyed hashes, which apply
// puts back from the stack) and the refusal of a plan whose state moved.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>

#include "planner/plan_file.h"
#include "planner/state_digest.h"
#include "planner/value_json.h"
#include "tests/unit/planner/plan_fixture.h"

namespace berth::planner::testing {
namespace {

PlanFile Sample(const state::State& state) {
  PlanFile file;
  ir::Program desired = Stack("prod", 3, true);
  std::vector<LiveResource> live;
  for (const ir::Resource& r : Stack("stg").resources) live.push_back(Live(r));
  live.push_back(Live("log_group.old", "log_group",
                      Value::Map({{"retention", Value::Duration(500)},
                                  {"size", Value::Size(1536)},
                                  {"pct", Value::Percent(70)},
                                  {"mode", Value::Symbol("rollback")}})));
  file.plan = Diff({}, desired, live);
  file.stack_path = "examples/fargate_web_api";
  file.state_path = "examples/fargate_web_api/.berth/state.json";
  file.variables = {{"image_tag", "1.4.3"}};
  file.sensitive_variables = {"db_password"};
  file.digest_key = "plan-test-key";
  file.variable_files = {"prod.vars"};
  RecordState(state, file);
  return file;
}

state::State SomeState(uint64_t serial) {
  state::State state;
  state.serial = serial;
  state.lineage = "0123456789abcdef";
  state.resources.push_back({"cluster.main", "cluster", Value::Map({}), Value::Map({}), {}});
  return state;
}

TEST(PlanFile, RoundTripsExactly) {
  PlanFile file = Sample(SomeState(3));
  std::string text = EncodePlanFile(file);
  PlanFile back;
  std::string error;
  ASSERT_TRUE(DecodePlanFile(text, back, error)) << error;
  EXPECT_EQ(EncodePlanFile(back), text);
  ASSERT_EQ(back.plan.changes.size(), file.plan.changes.size());
  for (size_t i = 0; i < file.plan.changes.size(); ++i) {
    const ResourceChange& a = file.plan.changes[i];
    const ResourceChange& b = back.plan.changes[i];
    EXPECT_EQ(a.address, b.address);
    EXPECT_EQ(a.action, b.action);
    // Equal as written: sensitive values are their hashes on both sides.
    EXPECT_EQ(planner::ValueToJson(a.before, planner::Secrets::kHash, file.digest_key),
              planner::ValueToJson(b.before, planner::Secrets::kHash, file.digest_key))
        << a.address;
    EXPECT_EQ(planner::ValueToJson(a.after, planner::Secrets::kHash, file.digest_key),
              planner::ValueToJson(b.after, planner::Secrets::kHash, file.digest_key))
        << a.address;
    EXPECT_EQ(a.replace_reasons, b.replace_reasons);
    EXPECT_EQ(a.sensitive_paths, b.sensitive_paths);
  }
  // The secret is its keyed hash, still marked (renderers mask it); apply puts the value back
  // from the stack (issue 10 item 13).
  EXPECT_EQ(text.find(kSecretValue), std::string::npos);
  const ResourceChange* task = Find(back.plan, "task.api");
  const Value& pass = *task->after.Get("containers")->list()[0].Get("env")->Get("DB_PASS");
  EXPECT_TRUE(state::IsDigest(pass));
  EXPECT_EQ(pass.str(), state::Digest("plan-test-key", Value::String(kSecretValue)));
  Value desired = Find(file.plan, "task.api")->after;
  Value revealed = task->after;
  state::RevealDigests(revealed, desired, "plan-test-key");
  EXPECT_EQ(revealed, desired);
  EXPECT_EQ(back.variables, file.variables);
  EXPECT_EQ(back.sensitive_variables, file.sensitive_variables);
  EXPECT_EQ(back.state_serial, 3u);
}

TEST(PlanFile, WriteAndReadAFile) {
  // A directory of its own: two test processes at once (a developer's run beside CI's) must not
  // write one file.
  std::string dir = ::testing::TempDir() + "/berth-plan-file-XXXXXX";
  ASSERT_NE(mkdtemp(dir.data()), nullptr);
  std::string path = dir + "/plan.json";
  PlanFile file = Sample(SomeState(1));
  std::string error;
  mode_t old_mask = ::umask(0);
  ASSERT_TRUE(WritePlanFile(path, file, error)) << error;
  ::umask(old_mask);
  // Only its owner reads it, whatever the umask (issue 10 item 13).
  EXPECT_EQ(std::filesystem::status(path).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  PlanFile back;
  ASSERT_TRUE(ReadPlanFile(path, back, error)) << error;
  EXPECT_EQ(EncodePlanFile(back), EncodePlanFile(file));
  std::filesystem::remove(path);
  EXPECT_FALSE(ReadPlanFile(path, back, error));
  std::filesystem::remove_all(dir);
}

TEST(PlanFile, RejectsWhatIsNotAPlan) {
  PlanFile back;
  std::string error;
  EXPECT_FALSE(DecodePlanFile("{\"serial\": 1}", back, error));
  EXPECT_EQ(error, "not a berth plan file");
  EXPECT_FALSE(DecodePlanFile("not json", back, error));
  EXPECT_FALSE(DecodePlanFile("{\"kind\": \"berth-plan\", \"format_version\": 1}", back, error));
  EXPECT_EQ(error, "the plan file is incomplete or malformed");
}

// A plan file edited or damaged elsewhere: a value of another type anywhere is an error that
// says so, not an exception out of nlohmann's getters (found by tests/fuzz/mutate.py's JSON
// mutations: `berth show` printed "internal error: [json.exception.type_error.302] ...").
TEST(PlanFile, AValueOfAnotherTypeIsAnError) {
  const nlohmann::json good = nlohmann::json::parse(EncodePlanFile(Sample(SomeState(3))));
  size_t updated = 0;  // a change with attribute changes (an update)
  while (updated < good["plan"]["resource_changes"].size() &&
         good["plan"]["resource_changes"][updated]["changes"].empty()) {
    ++updated;
  }
  ASSERT_LT(updated, good["plan"]["resource_changes"].size());
  std::vector<nlohmann::json> damaged(4, good);
  damaged[0]["kind"] = 5;
  damaged[1]["format_version"] = "1";
  damaged[2]["plan"]["resource_changes"][updated]["changes"][0] = "x";
  damaged[3]["plan"]["resource_changes"][updated]["changes"][0]["forces_replacement"] = "yes";
  for (const nlohmann::json& j : damaged) {
    PlanFile back;
    std::string error;
    EXPECT_FALSE(DecodePlanFile(j.dump(), back, error)) << j.dump();
    EXPECT_EQ(error,
              "the plan file is malformed: a value is not of the type berth writes there; save "
              "the plan again with `berth plan --out`");
  }
  PlanFile back;
  std::string error;
  EXPECT_TRUE(DecodePlanFile(good.dump(), back, error)) << error;
}

TEST(PlanFile, StalePlanIsRefused) {
  PlanFile file = Sample(SomeState(3));
  std::string error;
  EXPECT_TRUE(PlanFileIsCurrent(file, SomeState(3), error)) << error;
  state::State moved = SomeState(3);
  moved.serial = 4;
  moved.resources.push_back({"role.exec", "role", Value::Map({}), Value::Map({}), {}});
  EXPECT_FALSE(PlanFileIsCurrent(file, moved, error));
  EXPECT_EQ(error,
            "the state changed since this plan was made (serial 3 -> 4): run `berth plan` again");
}

TEST(PlanFile, AnUnbornStateIsTheSameWhateverItsLineage) {
  state::State a, b;
  a.lineage = "aaaa";
  b.lineage = "bbbb";
  PlanFile file = Sample(a);
  std::string error;
  EXPECT_TRUE(PlanFileIsCurrent(file, b, error)) << error;
  b.serial = 1;
  EXPECT_FALSE(PlanFileIsCurrent(file, b, error));
}

}  // namespace
}  // namespace berth::planner::testing
