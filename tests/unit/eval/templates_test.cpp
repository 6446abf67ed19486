// Interpolations of values known only after apply: the text around them is kept (issue 10,
// item 1), and every other operation on such a template is as unknown as a reference.
#include "tests/unit/eval/fixture.h"

namespace berth::evaltest {
namespace {

ExprPtr TaskArn() { return Attr(Attr(Id("role"), "task"), "arn"); }
// "${role.exec.arn}:*"
ExprPtr ExecArnStar() { return Template(Exprs(ExecArn(), Str(":*"))); }

TEST_F(EvalTest, TextAroundAnUnknownIsKept) {
  EXPECT_EQ(Ok(ExecArnStar()), "\"${role.exec.arn}:*\"");
  EXPECT_EQ(Ok(Template(Exprs(Str("https://"), ExecArn(), Str("/api")))),
            "\"https://${role.exec.arn}/api\"");
  // Known parts are interpolated as always.
  EXPECT_EQ(Ok(Template(Exprs(Str("https://"), ExecArn(), Str(":"), Attr(Id("var"), "port")))),
            "\"https://${role.exec.arn}:8080\"");
  EXPECT_EQ(Ok(Template(Exprs(ExecArn(), Str("|"), TaskArn()))),
            "\"${role.exec.arn}|${role.task.arn}\"");
}

TEST_F(EvalTest, ATemplateHoldsItsPartsInOrder) {
  auto v = Eval(Template(Exprs(Str("a"), Attr(Id("var"), "env"), ExecArn(), Str("/api"))));
  ASSERT_TRUE(v) << Errors();
  ASSERT_EQ(v->kind(), ValueKind::kTemplate);
  EXPECT_TRUE(v->is_unknown());
  EXPECT_TRUE(v->ContainsRef());
  ASSERT_EQ(v->parts().size(), 3u);
  EXPECT_EQ(v->parts()[0], Value::String("aprod"));  // adjacent text merged
  EXPECT_EQ(v->parts()[1], Value::Ref("role.exec", "arn"));
  EXPECT_EQ(v->parts()[2], Value::String("/api"));
}

TEST_F(EvalTest, AReferenceAloneStaysAReference) {
  auto v = Eval(Template(Exprs(ExecArn())));
  ASSERT_TRUE(v) << Errors();
  EXPECT_EQ(v->kind(), ValueKind::kRef);
  EXPECT_EQ(v->ToSource(), "role.exec.arn");
  // Empty text around it changes nothing either.
  EXPECT_EQ(Eval(Template(Exprs(Str(""), ExecArn(), Str(""))))->kind(), ValueKind::kRef);
}

TEST_F(EvalTest, NestedTemplatesFlatten) {
  auto v = Eval(Template(Exprs(Str("<"), ExecArnStar(), Str(">"))));
  ASSERT_TRUE(v) << Errors();
  EXPECT_EQ(v->ToSource(), "\"<${role.exec.arn}:*>\"");
  ASSERT_EQ(v->parts().size(), 3u);
  EXPECT_EQ(v->parts()[2], Value::String(":*>"));
}

TEST_F(EvalTest, TemplateTextIsEscapedAsSource) {
  EXPECT_EQ(Ok(Template(Exprs(Str("a$b\"c"), ExecArn()))), "\"a\\$b\\\"c${role.exec.arn}\"");
}

TEST_F(EvalTest, OtherOperationsOnTemplatesAreUnknown) {
  EXPECT_EQ(Ok(Call("upper", Exprs(ExecArnStar()))), "role.exec.arn");
  EXPECT_EQ(Ok(Call("replace", Exprs(ExecArnStar(), Str(":"), Str("/")))), "role.exec.arn");
  EXPECT_EQ(Ok(Bin(kEq, ExecArnStar(), Str("x"))), "role.exec.arn");
  EXPECT_EQ(Ok(Bin(kAdd, ExecArnStar(), Str("x"))), "role.exec.arn");
  EXPECT_EQ(Ok(Unary(kNot, ExecArnStar())), "role.exec.arn");
  EXPECT_EQ(Ok(Call("length", Exprs(ExecArnStar()))), "role.exec.arn");
  EXPECT_EQ(Ok(Call("join", Exprs(Str(","), List(Exprs(ExecArnStar()))))), "role.exec.arn");
  auto v = Eval(Call("upper", Exprs(ExecArnStar())));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->kind(), ValueKind::kRef);
  // Structure around a template stays known.
  EXPECT_EQ(Ok(List(Exprs(ExecArnStar(), Str("x")))), "[\"${role.exec.arn}:*\", \"x\"]");
  EXPECT_EQ(Ok(Call("coalesce", Exprs(Null(), ExecArnStar()))), "\"${role.exec.arn}:*\"");
}

TEST_F(EvalTest, TemplatesMustBeKnownWhereValuesAreNeededWhenCompiling) {
  const char* expected =
      "value is known only after apply\n"
      "note: it depends on `role.exec.arn`, which is known only after apply";
  EXPECT_EQ(Err(Cond(ExecArnStar(), Num(1), Num(2))), expected);
  diags = {};
  EXPECT_EQ(Err(Index(List(Exprs(Num(1))), ExecArnStar())), expected);
  diags = {};
  EXPECT_EQ(Err(Map(ExecArnStar(), Num(1))), expected);
  diags = {};
  EXPECT_EQ(Err(ForList("", "x", ExecArnStar(), Id("x"))), expected);
}

TEST_F(EvalTest, ATemplateIsAStringWithoutAttributes) {
  EXPECT_EQ(Err(Attr(ExecArnStar(), "x")), "this value is a string; it has no attribute `x`");
}

TEST_F(EvalTest, SensitiveTemplatesAreMaskedWhole) {
  auto v = Eval(Template(Exprs(Str("pw="), Password(), Str("@"), ExecArn())));
  ASSERT_TRUE(v) << Errors();
  EXPECT_EQ(v->kind(), ValueKind::kTemplate);
  EXPECT_TRUE(v->sensitive());
  EXPECT_TRUE(v->ContainsSensitive());
  EXPECT_EQ(v->ToSource(), "(sensitive)");
  EXPECT_EQ(v->ToSource(/*reveal=*/true), "\"pw=hunter2@${role.exec.arn}\"");
  // The unknown result of an operation on it stays sensitive.
  auto upper = Eval(Call("upper", Exprs(Template(Exprs(Password(), ExecArn())))));
  ASSERT_TRUE(upper);
  EXPECT_TRUE(upper->sensitive());
}

}  // namespace
}  // namespace berth::evaltest
