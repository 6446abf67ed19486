// Templates (text around values known only after apply) in the value JSON of the IR, the state
// file, the journal and saved plans: written as {"$template": [...]}, read back exactly, by the
// document reader and the state file's streaming reader alike (issue 10, item 1).
#include <gtest/gtest.h>

#include "planner/state.h"
#include "planner/state_journal.h"
#include "planner/state_value_json.h"
#include "tests/unit/state/state_test_util.h"

namespace berth::state {
namespace {

Value LogStreams() {
  return Value::Template({Value::Ref("log_group.api", "arn"), Value::String(":*")});
}

Value PublicUrl() {
  return Value::Template({Value::String("https://"), Value::Ref("load_balancer.public", "dns_name"),
                          Value::String("/api")});
}

TEST(TemplateJson, WrittenAsPartsInOrder) {
  EXPECT_EQ(ValueToJson(LogStreams()),
            R"({"$template":[{"$ref":"log_group.api","attribute":"arn"},":*"]})");
  EXPECT_EQ(ValueToJson(PublicUrl()),
            R"({"$template":["https://",{"$ref":"load_balancer.public","attribute":"dns_name"},)"
            R"("/api"]})");
}

TEST(TemplateJson, ReadsBackExactly) {
  for (const Value& v : {LogStreams(), PublicUrl()}) {
    std::string error;
    auto back = ValueFromJson(ValueToJson(v), error);
    ASSERT_TRUE(back) << error;
    EXPECT_EQ(back->kind(), ValueKind::kTemplate);
    EXPECT_EQ(*back, v);
    EXPECT_EQ(back->ToSource(), v.ToSource());
  }
  Value secret = PublicUrl();
  secret.MarkSensitive();
  EXPECT_EQ(ValueToJson(secret), R"({"$sensitive":)" + ValueToJson(PublicUrl()) + "}");
  std::string error;
  auto back = ValueFromJson(ValueToJson(secret), error);
  ASSERT_TRUE(back) << error;
  EXPECT_TRUE(back->sensitive());
  EXPECT_EQ(*back, PublicUrl());
}

TEST(TemplateJson, MalformedTemplatesAreErrors) {
  const char* malformed =
      "value is a malformed template: expected {\"$template\": [...]} of strings and at least "
      "one {\"$ref\": ...}";
  struct Case {
    const char* json;
    std::string message;
  };
  const Case cases[] = {
      {R"({"$template": "x"})", malformed},
      {R"({"$template": ["only text"]})", malformed},
      {R"({"$template": [{"$ref": "a.b"}, 3]})", malformed},
      {R"({"$template": [{"$ref": "a.b"}, {"$duration": "3s"}]})", malformed},
      {R"({"$template": [{"$ref": "a.b"}, ["x"]]})", malformed},
      {R"({"$template": [{"$ref": 3}]})",
       "value[0] is a malformed reference: expected {\"$ref\": ADDRESS} with an optional string "
       "\"attribute\""},
  };
  for (const Case& c : cases) {
    std::string error;
    EXPECT_FALSE(ValueFromJson(c.json, error)) << c.json;
    EXPECT_EQ(error, c.message) << c.json;
  }
}

State StateWithTemplates() {
  State s;
  s.lineage = "0123456789abcdef0123456789abcdef";
  Value attributes = Value::Map({
      {"env", Value::Map({{"PUBLIC_URL", PublicUrl()}})},
      {"resources", Value::List({LogStreams(), Value::String("arn:aws:s3:::x/*")})},
  });
  s.Put({"task.api", "task", attributes, Value::Map({}), {"load_balancer.public"}});
  return s;
}

TEST(TemplateJson, StateFileRoundTripsThroughBothReaders) {
  ScratchDir dir;
  std::string path = dir.File("state.json");
  State saved = StateWithTemplates();
  std::string error;
  ASSERT_TRUE(SaveState(path, saved, error)) << error;
  std::string text = ReadAll(path);
  EXPECT_NE(text.find(R"("$template")"), std::string::npos) << text;

  // The streaming reader (what LoadState tries first on a large state)...
  State fast;
  ASSERT_TRUE(ReadStateFast(text, fast)) << "the streaming reader gave up on a template";
  ASSERT_EQ(fast.resources.size(), 1u);
  EXPECT_EQ(fast.resources[0].attributes, saved.resources[0].attributes);
  // ...and the document reader agree.
  State loaded;
  ASSERT_TRUE(LoadState(path, loaded, error)) << error;
  ASSERT_EQ(loaded.resources.size(), 1u);
  const Value* url = loaded.resources[0].attributes.Get("env")->Get("PUBLIC_URL");
  ASSERT_NE(url, nullptr);
  EXPECT_EQ(url->kind(), ValueKind::kTemplate);
  EXPECT_EQ(*url, PublicUrl());
  EXPECT_EQ(loaded.resources[0].attributes, saved.resources[0].attributes);
}

TEST(TemplateJson, JournalLinesRoundTrip) {
  ScratchDir dir;
  std::string state_path = dir.File("state.json");
  State state = StateWithTemplates();
  std::string error;
  ASSERT_TRUE(SaveState(state_path, state, error)) << error;
  std::string journal_text;
  {
    Journal journal(state_path, state);
    Resource r = state.resources[0];
    r.address = "task.web";
    state.Put(r);
    ASSERT_TRUE(journal.Put(r, error)) << error;
    // As a crash would leave it: the journal line, not yet folded into the state file.
    journal_text = ReadAll(JournalPath(state_path));
  }
  EXPECT_NE(journal_text.find(R"("$template")"), std::string::npos) << journal_text;
  ScratchDir crashed;
  std::string crashed_state = crashed.File("state.json");
  State before = StateWithTemplates();
  ASSERT_TRUE(SaveState(crashed_state, before, error)) << error;
  crashed.Write("state.json.journal", journal_text);
  ASSERT_EQ(JournalPath(crashed_state), crashed.File("state.json.journal"));
  State recovered;
  ASSERT_TRUE(LoadState(crashed_state, recovered, error)) << error;
  const Resource* web = recovered.Find("task.web");
  ASSERT_NE(web, nullptr) << "the journal line was not replayed";
  EXPECT_EQ(*web->attributes.Get("env")->Get("PUBLIC_URL"), PublicUrl());
}

}  // namespace
}  // namespace berth::state
