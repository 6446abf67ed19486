// Apply records each action in the state's journal (one line, not a rewrite of the state) and
// compacts it into the state file however the apply ends; a crash's journal is picked up.
#include <filesystem>
#include <fstream>

#include "planner/state_journal.h"
#include "tests/unit/apply/apply_fixture.h"

namespace berth::planner {
namespace {

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

Plan Creates(std::initializer_list<const char*> addresses) {
  Plan plan;
  for (const char* a : addresses) plan.changes.push_back(Create(a));
  return plan;
}

TEST_F(ApplyTest, ActionsAreAppendedNotRewritten) {
  std::vector<std::string> state_files;
  std::vector<size_t> seen;
  backend_.SetHook([&](const ResourceChange&) {
    state_files.push_back(ReadAll(state_path_));
    seen.push_back(Saved().resources.size());
  });
  ASSERT_TRUE(Run(Creates({"log_group.a", "log_group.b", "log_group.c"}), 1).ok());
  EXPECT_EQ(seen, (std::vector<size_t>{0, 1, 2}));
  ASSERT_EQ(state_files.size(), 3u);
  EXPECT_EQ(state_files[1], state_files[2]);  // b went to the journal only
  EXPECT_FALSE(std::filesystem::exists(state::JournalPath(state_path_)));
  EXPECT_EQ(SavedAddresses(),
            (std::vector<std::string>{"log_group.a", "log_group.b", "log_group.c"}));
}

TEST_F(ApplyTest, AFailureHalfwayLeavesCompletedActionsDurableAndNoJournal) {
  state_.Put({"log_group.old", "log_group", Attributes("old"), Value::Map({}), {}});
  Plan plan = Creates({"log_group.a", "log_group.b", "log_group.c", "log_group.d"});
  plan.changes.insert(plan.changes.begin() + 1, Delete("log_group.old"));
  backend_.FailAddress("log_group.c", "Throttled");
  ApplyResult result = Run(plan, 1);
  EXPECT_EQ(result.succeeded, 3);
  EXPECT_EQ(result.failed, 1);
  EXPECT_FALSE(std::filesystem::exists(state::JournalPath(state_path_)));
  state::State saved = Saved();
  EXPECT_EQ(SavedAddresses(), (std::vector<std::string>{"log_group.a", "log_group.b"}));
  EXPECT_EQ(saved.serial, state_.serial);
  EXPECT_EQ(saved.journal_actions, 0u);
}

TEST_F(ApplyTest, AnInterruptedApplyIsCompactedToo) {
  std::atomic<bool> interrupted{false};
  backend_.SetHook([&](const ResourceChange&) { interrupted = true; });
  ApplyResult result = Run(Creates({"log_group.a", "log_group.b"}), 1, &interrupted);
  EXPECT_TRUE(result.interrupted);
  EXPECT_FALSE(std::filesystem::exists(state::JournalPath(state_path_)));
  EXPECT_EQ(SavedAddresses(), (std::vector<std::string>{"log_group.a"}));
}

TEST_F(ApplyTest, TheJournalOfACrashIsKeptByTheNextApply) {
  ASSERT_TRUE(Run(Creates({"log_group.a"})).ok());
  // A killed apply: its line is in the journal, the state file never saw it.
  std::ofstream(state::JournalPath(state_path_))
      << R"({"op":"put","resource":{"address":"log_group.b","attributes":{"name":"b"},)"
         R"("kind":"log_group"}})"
      << "\n";
  state::State loaded;
  std::string error;
  ASSERT_TRUE(state::LoadState(state_path_, loaded, error)) << error;
  EXPECT_EQ(loaded.journal_actions, 1u);
  state_ = loaded;
  ASSERT_TRUE(Run(Creates({"log_group.c"})).ok());
  EXPECT_FALSE(std::filesystem::exists(state::JournalPath(state_path_)));
  EXPECT_EQ(SavedAddresses(),
            (std::vector<std::string>{"log_group.a", "log_group.b", "log_group.c"}));
}

TEST_F(ApplyTest, NoActionsWritesNoState) {
  ASSERT_TRUE(Run(Plan{}).ok());
  EXPECT_FALSE(std::filesystem::exists(state_path_));
}

}  // namespace
}  // namespace berth::planner
