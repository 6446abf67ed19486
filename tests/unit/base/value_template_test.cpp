// Value::Template, the value of text around references known only after apply: one normal form
// (strings merged, templates flattened, no empty text), equality by parts, source text as it is
// written, and sensitivity carried by the whole.
#include <gtest/gtest.h>

#include <variant>

#include "compiler/base/value.h"

namespace berth {
namespace {

Value Arn() { return Value::Ref("log_group.api", "arn"); }

TEST(ValueTemplate, KeepsTextAroundReferences) {
  Value t = Value::Template({Arn(), Value::String(":*")});
  ASSERT_EQ(t.kind(), ValueKind::kTemplate);
  EXPECT_TRUE(t.is_unknown());
  EXPECT_TRUE(t.ContainsRef());
  EXPECT_FALSE(t.ContainsSensitive());
  EXPECT_EQ(t.ToSource(), "\"${log_group.api.arn}:*\"");
  EXPECT_EQ(std::string(ValueKindName(t.kind())), "string");
}

TEST(ValueTemplate, HasOneNormalForm) {
  Value a = Value::Template({Value::String("a"), Value::String(""), Value::String("b"), Arn(),
                             Value::Template({Value::String("c"), Arn()})});
  ASSERT_EQ(a.parts().size(), 4u);
  EXPECT_EQ(a.parts()[0], Value::String("ab"));
  EXPECT_EQ(a.parts()[1], Arn());
  EXPECT_EQ(a.parts()[2], Value::String("c"));
  EXPECT_EQ(a.parts()[3], Arn());
  EXPECT_EQ(a, Value::Template({Value::String("ab"), Arn(), Value::String("c"), Arn()}));
  EXPECT_FALSE(a == Value::Template({Value::String("ab"), Arn(), Value::String("d"), Arn()}));
  EXPECT_FALSE(Value::Template({Arn(), Value::String(":*")}) == Arn());
}

TEST(ValueTemplate, WithoutTextOrReferencesItIsWhatRemains) {
  Value text = Value::Template({Value::String("a"), Value::String("b")});
  EXPECT_EQ(text.kind(), ValueKind::kString);
  EXPECT_EQ(text.str(), "ab");
  EXPECT_EQ(Value::Template({}).kind(), ValueKind::kString);
  Value ref = Value::Template({Value::String(""), Arn()}, SourceRange{1, 3, 4, 3, 9});
  EXPECT_EQ(ref.kind(), ValueKind::kRef);
  EXPECT_EQ(ref, Arn());
  EXPECT_EQ(ref.range().line, 3u);
}

TEST(ValueTemplate, ASensitivePartMakesItSensitive) {
  Value secret = Value::String("hunter2");
  secret.MarkSensitive();
  Value t = Value::Template({secret, Arn()});
  EXPECT_TRUE(t.sensitive());
  EXPECT_EQ(t.ToSource(), "(sensitive)");
  EXPECT_EQ(t.ToSource(/*reveal=*/true), "\"hunter2${log_group.api.arn}\"");
  for (const Value& part : t.parts()) EXPECT_FALSE(part.sensitive());
}

TEST(ValueTemplate, PartsOfAnotherKindIsAProgrammingError) {
  EXPECT_THROW(Value::String("x").parts(), std::bad_variant_access);
}

}  // namespace
}  // namespace berth
