// The state's value JSON reads back exactly what it wrote, sensitive content included.
#include <gtest/gtest.h>

#include "planner/state.h"

namespace berth::state {
namespace {

Value RoundTrip(const Value& v) {
  std::string error;
  auto back = ValueFromJson(ValueToJson(v), error);
  EXPECT_TRUE(back) << error << "\n" << ValueToJson(v);
  return back ? *back : Value();
}

TEST(ValueJson, EveryKindRoundTrips) {
  std::vector<Value> values = {
      Value::Null(),
      Value::Bool(true),
      Value::Bool(false),
      Value::Number(42),
      Value::Number(-0.125),
      Value::Number(1e300),
      Value::String("hello \"world\"\n\t\\ ünïcödé"),
      Value::Duration(30000),
      Value::Duration(1500),
      Value::Duration(0),
      Value::Duration(86400000 * 3),
      Value::Size(512.0 * 1048576),
      Value::Size(2.0 * 1073741824),
      Value::Size(1000),
      Value::Percent(70),
      Value::Percent(12.5),
      Value::Cpu(256),
      Value::Ref("role.exec"),
      Value::Ref("module.web.service.api", "arn"),
      Value::Secret("arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:db"),
      Value::Symbol("rollback"),
      Value::List({}),
      Value::Map({}),
      Value::List({Value::Number(1), Value::String("two"), Value::List({Value::Size(1024)})}),
      Value::Map({{"b", Value::Number(2)}, {"a", Value::Map({{"x", Value::Duration(60000)}})}}),
  };
  for (const Value& v : values) {
    Value back = RoundTrip(v);
    EXPECT_EQ(back, v) << ValueToJson(v);
    EXPECT_EQ(back.kind(), v.kind()) << ValueToJson(v);
    EXPECT_EQ(ValueToJson(back), ValueToJson(v));
  }
}

TEST(ValueJson, TaggedFormsMatchTheIr) {
  EXPECT_EQ(ValueToJson(Value::Duration(30000)), R"({"$duration":"30s"})");
  EXPECT_EQ(ValueToJson(Value::Size(536870912)), R"({"$size":"512MiB"})");
  EXPECT_EQ(ValueToJson(Value::Percent(70)), R"({"$percent":70})");
  EXPECT_EQ(ValueToJson(Value::Cpu(256)), R"({"$cpu":256})");
  EXPECT_EQ(ValueToJson(Value::Ref("role.exec", "arn")),
            R"({"$ref":"role.exec","attribute":"arn"})");
  EXPECT_EQ(ValueToJson(Value::Symbol("rollback")), R"({"$symbol":"rollback"})");
}

TEST(ValueJson, SensitiveKeepsItsContentAndFlag) {
  Value secret = Value::String("hunter2");
  secret.MarkSensitive();
  EXPECT_EQ(ValueToJson(secret), R"({"$sensitive":"hunter2"})");
  Value back = RoundTrip(secret);
  EXPECT_TRUE(back.sensitive());
  EXPECT_EQ(back.str(), "hunter2");

  Value nested =
      Value::Map({{"env", Value::Map({{"DB_PASSWORD", secret}})}, {"port", Value::Number(8080)}});
  Value nested_back = RoundTrip(nested);
  EXPECT_FALSE(nested_back.sensitive());
  EXPECT_TRUE(nested_back.Get("env")->Get("DB_PASSWORD")->sensitive());
  EXPECT_FALSE(nested_back.Get("port")->sensitive());

  Value whole = Value::Map({{"a", Value::Duration(5000)}});
  whole.MarkSensitive();
  Value whole_back = RoundTrip(whole);
  EXPECT_TRUE(whole_back.sensitive());
  EXPECT_EQ(whole_back.Get("a")->kind(), ValueKind::kDuration);
}

TEST(ValueJson, UserMapsWithDollarKeysAreNotTags) {
  Value tricky = Value::Map({{"$duration", Value::String("30s")}});
  EXPECT_EQ(ValueToJson(tricky), R"({"$map":{"$duration":"30s"}})");
  Value back = RoundTrip(tricky);
  ASSERT_TRUE(back.is(ValueKind::kMap));
  EXPECT_EQ(back.Get("$duration")->kind(), ValueKind::kString);
}

TEST(ValueJson, MalformedTagsAreErrorsNotCrashes) {
  struct Case {
    const char* json;
    const char* message;
  };
  const Case cases[] = {
      {R"({"$duration": "30 parsecs"})",
       "value has the duration \"30 parsecs\", which is not a "
       "number with a unit (ms, s, m, h, d)"},
      {R"({"$size": 12})", "value has a non-string \"$size\""},
      {R"({"$percent": "70"})", "value has a non-number \"$percent\""},
      {R"({"$nope": 1})", "value has the unknown tag \"$nope\""},
      {R"({"$secret": "a", "x": 1})", "value mixes the tag \"$secret\" with other keys"},
      {R"({"$ref": 3})",
       "value is a malformed reference: expected {\"$ref\": ADDRESS} with an "
       "optional string \"attribute\""},
      {R"({"a": [1, {"$cpu": true}]})", "value.a[1] has a non-number \"$cpu\""},
      {R"({"a": )", "not valid JSON"},
  };
  for (const Case& c : cases) {
    std::string error;
    EXPECT_FALSE(ValueFromJson(c.json, error)) << c.json;
    EXPECT_EQ(error, c.message) << c.json;
  }
}

}  // namespace
}  // namespace berth::state
