// Issue 10 item 13: the state, its journal and its key are 0600 and hold keyed hashes of
// sensitive values, never the values; the hashes still tell changed from unchanged, and a state
// written with plaintext by an older berth is read, then rewritten hashed.
#include "planner/state_digest.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "planner/state_journal.h"
#include "tests/unit/state/state_test_util.h"

namespace berth::state {
namespace {

Value Sensitive(Value v) { return std::move(v.MarkSensitive()); }

int Mode(const std::string& path) {
  struct stat info;
  if (::stat(path.c_str(), &info) != 0) return -1;
  return static_cast<int>(info.st_mode & 0777);
}

TEST(StateDigest, IsKeyedDeterministicAndTellsKindsApart) {
  Value secret = Sensitive(Value::String("hunter2"));
  std::string digest = Digest("key-a", secret);
  EXPECT_EQ(digest.rfind("hmac-sha256:", 0), 0u) << digest;
  EXPECT_EQ(digest.size(), std::string("hmac-sha256:").size() + 64);
  EXPECT_EQ(Digest("key-a", Value::String("hunter2")), digest) << "marks are not content";
  EXPECT_NE(Digest("key-b", secret), digest);
  EXPECT_NE(Digest("key-a", Value::String("hunter3")), digest);
  EXPECT_NE(Digest("key-a", Value::String("30")), Digest("key-a", Value::Number(30)));
  EXPECT_NE(Digest("key-a", Value::Number(30000)), Digest("key-a", Value::Duration(30000)));
  // A digest is its own digest: a state rewritten without its key keeps what it had.
  EXPECT_EQ(Digest("other", DigestValue(digest)), digest);
  EXPECT_TRUE(IsDigest(DigestValue(digest)));
  EXPECT_FALSE(IsDigest(Value::Symbol(digest)));  // only a sensitive one
  EXPECT_FALSE(IsDigest(secret));
}

TEST(StateDigest, RevealPutsBackOnlyWhatHashesAlike) {
  const std::string key = "k";
  Value desired = Value::Map({{"env", Value::Map({{"A", Sensitive(Value::String("same"))},
                                                  {"B", Sensitive(Value::String("new"))}})}});
  Value live =
      Value::Map({{"env", Value::Map({{"A", DigestValue(Digest(key, Value::String("same")))},
                                      {"B", DigestValue(Digest(key, Value::String("old")))}})}});
  Value without_key = live;
  RevealDigests(without_key, desired, "");
  EXPECT_TRUE(IsDigest(*without_key.Get("env")->Get("A")));
  RevealDigests(live, desired, key);
  const Value& a = *live.Get("env")->Get("A");
  EXPECT_EQ(a, Value::String("same"));
  EXPECT_TRUE(a.sensitive());
  EXPECT_TRUE(IsDigest(*live.Get("env")->Get("B"))) << "a changed secret stays a change";
}

TEST(StateDigest, StateJournalAndKeyAreOwnerOnlyAndHoldNoSecret) {
  ScratchDir dir;
  std::string path = dir.File(".berth/state.json");
  mode_t old_mask = ::umask(0);  // even a permissive umask gives 0600
  State state = SampleState();
  std::string error;
  ASSERT_TRUE(SaveState(path, state, error)) << error;
  {
    Journal journal(path, state);
    Resource r{"task.worker",
               "task",
               Value::Map({{"env", Value::Map({{"TOKEN", Sensitive(Value::String("tok-e"))}})}}),
               Value::Map({}),
               {}};
    state.Put(r);
    ASSERT_TRUE(journal.Put(r, error)) << error;
    EXPECT_EQ(Mode(JournalPath(path)), 0600);
    std::string line = ReadAll(JournalPath(path));
    EXPECT_EQ(line.find("tok-e"), std::string::npos) << line;
    EXPECT_NE(line.find(R"({"$sensitive":{"$digest":"hmac-sha256:)"), std::string::npos) << line;
  }  // compacts
  ::umask(old_mask);
  EXPECT_FALSE(std::filesystem::exists(JournalPath(path)));
  EXPECT_EQ(Mode(path), 0600);
  EXPECT_EQ(Mode(KeyPath(path)), 0600);
  std::string text = ReadAll(path);
  EXPECT_EQ(text.find("hunter2"), std::string::npos);
  EXPECT_EQ(text.find("tok-e"), std::string::npos);
  std::string key = ReadAll(KeyPath(path));
  EXPECT_EQ(key.size(), 65u) << "64 hex digits and a newline";
}

TEST(StateDigest, AStateWithoutSecretsNeedsNoKey) {
  ScratchDir dir;
  std::string path = dir.File("state.json");
  State state;
  state.Put({"cluster.main", "cluster", Value::Map({}), Value::Map({}), {}});
  std::string error;
  ASSERT_TRUE(SaveState(path, state, error)) << error;
  EXPECT_FALSE(std::filesystem::exists(KeyPath(path)));
  EXPECT_EQ(Mode(path), 0600);
}

TEST(StateDigest, PlaintextFromAnOlderBerthIsReadThenRewrittenHashed) {
  ScratchDir dir;
  std::string path = dir.Write("state.json", R"({
  "format_version": 1, "lineage": "0123456789abcdef0123456789abcdef", "serial": 3,
  "resources": [{"address": "task.api", "kind": "task",
                 "attributes": {"env": {"DB": {"$sensitive": "hunter2"}}}}]})");
  State state;
  std::string error;
  ASSERT_TRUE(LoadState(path, state, error)) << error;
  EXPECT_TRUE(HoldsPlaintextSensitive(state));
  EXPECT_EQ(*state.Find("task.api")->attributes.Get("env")->Get("DB"), Value::String("hunter2"));
  ASSERT_TRUE(SaveState(path, state, error)) << error;
  EXPECT_EQ(ReadAll(path).find("hunter2"), std::string::npos) << ReadAll(path);
  State again;
  ASSERT_TRUE(LoadState(path, again, error)) << error;
  EXPECT_FALSE(HoldsPlaintextSensitive(again));
  EXPECT_EQ(again.Find("task.api")->attributes.Get("env")->Get("DB")->str(),
            Digest(again.digest_key, Value::String("hunter2")));
}

TEST(StateDigest, TheEnvironmentKeyWinsAndNoFileIsMade) {
  ScratchDir dir;
  std::string path = dir.File("state.json");
  ::setenv(kStateKeyVariable, "from-the-environment", 1);
  State state = SampleState();
  std::string error;
  bool saved = SaveState(path, state, error);
  State loaded;
  bool loaded_ok = LoadState(path, loaded, error);
  ::unsetenv(kStateKeyVariable);
  ASSERT_TRUE(saved && loaded_ok) << error;
  EXPECT_FALSE(std::filesystem::exists(KeyPath(path)));
  EXPECT_EQ(loaded.digest_key, "from-the-environment");
}

TEST(StateDigest, AMalformedDigestIsAnErrorNamingWhere) {
  ScratchDir dir;
  std::string path = dir.Write("state.json", R"({
  "format_version": 1, "lineage": "ab", "serial": 1,
  "resources": [{"address": "task.api", "kind": "task",
                 "attributes": {"env": {"DB": {"$sensitive": {"$digest": "md5:00"}}}}}]})");
  State state;
  std::string error;
  EXPECT_FALSE(LoadState(path, state, error));
  EXPECT_NE(error.find("task.api.attributes.env.DB has a malformed \"$digest\""), std::string::npos)
      << error;
}

}  // namespace
}  // namespace berth::state
