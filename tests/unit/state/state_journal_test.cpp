// The journal apply writes beside the state: replayed by LoadState after a crash (a torn last
// line is an unconfirmed action and is ignored), folded into the file by the next SaveState.
#include "planner/state_journal.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "tests/unit/state/state_test_util.h"

namespace berth::state {
namespace {

const char kPutX[] =
    R"({"op":"put","resource":{"address":"log_group.x","attributes":{"name":"x"},)"
    R"("computed":{"arn":"arn:x"},"depends_on":["cluster.main"],"kind":"log_group"}})"
    "\n";
const char kRemoveTask[] = R"({"address":"task.api","op":"remove"})"
                           "\n";

class StateJournalTest : public ::testing::Test {
 protected:
  StateJournalTest() : path_(dir_.File("state.json")) {
    State base = SampleState();
    std::string error;
    EXPECT_TRUE(SaveState(path_, base, error)) << error;
    base_serial_ = base.serial;
  }

  void WriteJournal(const std::string& text) {
    std::ofstream(JournalPath(path_), std::ios::binary) << text;
  }

  State Load() {
    State state;
    std::string error;
    EXPECT_TRUE(LoadState(path_, state, error)) << error;
    return state;
  }

  std::vector<std::string> Addresses(const State& state) {
    std::vector<std::string> out;
    for (const Resource& r : state.resources) out.push_back(r.address);
    return out;
  }

  ScratchDir dir_;
  std::string path_;
  uint64_t base_serial_ = 0;
};

TEST_F(StateJournalTest, PutsAndRemovesAreReplayedInOrder) {
  WriteJournal(std::string(kPutX) + kRemoveTask);
  State state = Load();
  EXPECT_EQ(Addresses(state),
            (std::vector<std::string>{"cluster.main", "log_group.x", "service.api"}));
  const Resource* x = state.Find("log_group.x");
  ASSERT_NE(x, nullptr);
  EXPECT_EQ(x->kind, "log_group");
  EXPECT_EQ(x->attributes, Value::Map({{"name", Value::String("x")}}));
  EXPECT_EQ(x->computed.Get("arn")->str(), "arn:x");
  EXPECT_EQ(x->depends_on, (std::vector<std::string>{"cluster.main"}));
  EXPECT_EQ(state.serial, base_serial_ + 2);  // each line was a write
  EXPECT_EQ(state.journal_actions, 2u);
}

TEST_F(StateJournalTest, ATornLastLineIsIgnored) {
  std::string removal = kRemoveTask;
  WriteJournal(std::string(kPutX) + removal.substr(0, removal.size() - 1));  // no newline
  State state = Load();
  EXPECT_NE(state.Find("log_group.x"), nullptr);
  EXPECT_NE(state.Find("task.api"), nullptr);
  EXPECT_EQ(state.journal_actions, 1u);

  WriteJournal(std::string(kPutX) + "{\"op\":\"rem\n");  // a newline, but cut-off JSON
  EXPECT_EQ(Load().journal_actions, 1u);
}

TEST_F(StateJournalTest, ABadLineBeforeTheLastIsAnError) {
  WriteJournal(std::string("{\"op\":\"rem\n") + kPutX);
  State state;
  std::string error;
  EXPECT_FALSE(LoadState(path_, state, error));
  EXPECT_EQ(error, "the state journal " + JournalPath(path_) + " is not valid: line 1: not JSON");

  WriteJournal(R"({"op":"move","address":"a"})"
               "\n");
  EXPECT_FALSE(LoadState(path_, state, error));
  EXPECT_NE(error.find("line 1: unknown op \"move\""), std::string::npos) << error;
}

TEST_F(StateJournalTest, ACrashedApplyIsPickedUpAndCompactedByTheNextSave) {
  WriteJournal(std::string(kPutX) + kRemoveTask);  // as a killed apply leaves it
  State state = Load();
  ASSERT_EQ(state.journal_actions, 2u);
  std::string error;
  ASSERT_TRUE(SaveState(path_, state, error)) << error;
  EXPECT_FALSE(std::filesystem::exists(JournalPath(path_)));
  EXPECT_EQ(state.journal_actions, 0u);
  State again = Load();
  EXPECT_EQ(Addresses(again), Addresses(state));
  EXPECT_EQ(again.serial, base_serial_ + 3);  // the two replayed writes, then the compaction
  EXPECT_EQ(Fingerprint(again), Fingerprint(state));
}

TEST_F(StateJournalTest, ReplayingTwiceChangesNothingMore) {
  // A crash after the compaction's rename but before the journal's removal.
  WriteJournal(std::string(kPutX) + kRemoveTask);
  State state = Load();
  std::string error;
  ASSERT_TRUE(SaveState(path_, state, error)) << error;
  WriteJournal(std::string(kPutX) + kRemoveTask);
  EXPECT_EQ(Addresses(Load()), Addresses(state));
}

TEST_F(StateJournalTest, JournalLinesReadBackAsWrittenUntilCompacted) {
  State state = Load();
  std::string error;
  {
    Journal journal(path_, state);
    Resource x{"log_group.x",
               "log_group",
               Value::Map({{"name", Value::String("x\ny")}}),
               Value::Map({}),
               {}};
    state.Put(x);
    ASSERT_TRUE(journal.Put(x, error)) << error;
    state.Remove("task.api");
    ASSERT_TRUE(journal.Remove("task.api", error)) << error;

    std::string text = ReadAll(JournalPath(path_));
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 2);  // one line per action
    EXPECT_EQ(text.substr(text.find('\n') + 1), kRemoveTask);
    State seen = Load();
    EXPECT_EQ(Addresses(seen), Addresses(state));
    EXPECT_EQ(seen.Find("log_group.x")->attributes, x.attributes);
    EXPECT_EQ(seen.serial, state.serial);
  }  // compacts
  EXPECT_FALSE(std::filesystem::exists(JournalPath(path_)));
  State compacted = Load();
  EXPECT_EQ(Addresses(compacted), Addresses(state));
  EXPECT_EQ(compacted.serial, state.serial);
}

TEST_F(StateJournalTest, NothingRecordedMeansNothingWritten) {
  State state = Load();
  std::string before = ReadAll(path_);
  { Journal journal(path_, state); }
  EXPECT_EQ(ReadAll(path_), before);
  EXPECT_FALSE(std::filesystem::exists(JournalPath(path_)));
}

}  // namespace
}  // namespace berth::state
