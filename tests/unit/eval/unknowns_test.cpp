// Values known only after apply, and sensitive values: how they flow and what messages show.
#include "tests/unit/eval/fixture.h"

namespace berth::evaltest {
namespace {

TEST_F(EvalTest, OperationsOnUnknownsAreUnknown) {
  EXPECT_EQ(Ok(Bin(kAdd, ExecArn(), Str("x"))), "role.exec.arn");
  EXPECT_EQ(Ok(Bin(kEq, ExecArn(), Str("x"))), "role.exec.arn");
  EXPECT_EQ(Ok(Bin(kEq, List(Exprs(ExecArn())), List())), "role.exec.arn");
  EXPECT_EQ(Ok(Unary(kNot, ExecArn())), "role.exec.arn");
  EXPECT_EQ(Ok(Bin(kAnd, Bool(true), ExecArn())), "role.exec.arn");
  EXPECT_EQ(Ok(Template(Exprs(Str("arn is "), ExecArn()))), "\"arn is ${role.exec.arn}\"");
  EXPECT_EQ(Ok(Call("upper", Exprs(ExecArn()))), "role.exec.arn");
  EXPECT_EQ(Ok(Call("join", Exprs(Str(","), List(Exprs(Str("a"), ExecArn()))))), "role.exec.arn");
  EXPECT_EQ(Ok(Index(ExecArn(), Str("x"))), "role.exec.arn");
  EXPECT_EQ(Ok(Call("coalesce", Exprs(Null(), ExecArn(), Str("x")))), "role.exec.arn");
}

TEST_F(EvalTest, UnknownResultIsARefAtTheOperation) {
  ExprPtr e = Bin(kAdd, Str("x"), ExecArn());
  auto v = Eval(e);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->kind(), ValueKind::kRef);
  EXPECT_EQ(v->range().col, e->range.col);
}

TEST_F(EvalTest, StructureAroundUnknownsStaysKnown) {
  EXPECT_EQ(Ok(List(Exprs(ExecArn(), Str("x")))), "[role.exec.arn, \"x\"]");
  EXPECT_EQ(Ok(Call("length", Exprs(List(Exprs(ExecArn()))))), "1");
  EXPECT_EQ(Ok(Call("concat", Exprs(List(Exprs(ExecArn())), List(Exprs(Num(1)))))),
            "[role.exec.arn, 1]");
  EXPECT_EQ(Ok(Bin(kOr, Bool(true), ExecArn())), "true");
}

TEST_F(EvalTest, ConditionMustBeKnown) {
  const Expr* at;
  EXPECT_EQ(ErrAt(Cond(At(Bin(kEq, ExecArn(), Str("x")), &at), Num(1), Num(2)), at),
            "value is known only after apply\n"
            "note: it depends on `role.exec.arn`, which is known only after apply");
}

TEST_F(EvalTest, ForCollectionMustBeKnown) {
  EXPECT_EQ(Err(ForList("", "x", ExecArn(), Id("x"))),
            "value is known only after apply\n"
            "note: it depends on `role.exec.arn`, which is known only after apply");
}

TEST_F(EvalTest, ListIndexMustBeKnown) {
  const Expr* at;
  EXPECT_EQ(ErrAt(Index(List(Exprs(Num(1))), At(ExecArn(), &at)), at),
            "value is known only after apply\n"
            "note: it depends on `role.exec.arn`, which is known only after apply");
}

TEST_F(EvalTest, ComputedMapKeyMustBeKnown) {
  EXPECT_EQ(Err(Map(ExecArn(), Num(1))),
            "value is known only after apply\n"
            "note: it depends on `role.exec.arn`, which is known only after apply");
}

TEST_F(EvalTest, SensitivityPropagates) {
  struct Case {
    const char* name;
    ExprPtr expr;
  };
  Case cases[] = {
      {"template", Template(Exprs(Str("pw="), Password()))},
      {"concat", Bin(kAdd, Password(), Str("!"))},
      {"equality", Bin(kEq, Password(), Str("x"))},
      {"function", Call("upper", Exprs(Password()))},
      {"length", Call("length", Exprs(Password()))},
      {"deep function", Call("join", Exprs(Str(","), List(Exprs(Password()))))},
      {"index", Index(Id("secrets"), Num(0))},
      {"for element", Index(ForList("", "s", Id("secrets"), Id("s")), Num(0))},
      {"conditional", Cond(Bin(kEq, Password(), Str("x")), Num(1), Num(2))},
      {"jsonencode", Call("jsonencode", Exprs(Map(Str("pw"), Password())))},
      {"unknown", Bin(kAdd, Password(), ExecArn())},
  };
  for (Case& c : cases) {
    auto v = Eval(c.expr);
    ASSERT_TRUE(v) << c.name << ": " << Errors();
    EXPECT_TRUE(v->sensitive()) << c.name;
    EXPECT_EQ(v->ToSource(), "(sensitive)") << c.name;
  }
}

TEST_F(EvalTest, SensitiveElementsStayWhereTheyAre) {
  auto v = Eval(List(Exprs(Password(), Str("public"))));
  ASSERT_TRUE(v);
  EXPECT_FALSE(v->sensitive());
  EXPECT_EQ(v->ToSource(), "[(sensitive), \"public\"]");
  v = Eval(Call("merge", Exprs(Map(Str("pw"), Password()), Map(Str("x"), Num(1)))));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->ToSource(), "{ pw = (sensitive), x = 1 }");
}

TEST_F(EvalTest, ErrorsNeverShowSensitiveContent) {
  EXPECT_EQ(Err(Call("tonumber", Exprs(Password()))),
            "`tonumber` cannot read (sensitive) as a number");
  diags = {};
  EXPECT_EQ(Err(Call("secret", Exprs(Password()))),
            "`secret` expects an ARN (\"arn:...\"), got (sensitive)");
  diags = {};
  EXPECT_EQ(Err(Index(Id("tags"), Password())), "`tags` has no (sensitive)");
  diags = {};
  EXPECT_EQ(Err(Index(Id("secrets"), Call("length", Exprs(Password())))),
            "index (sensitive) is out of range: the list has 2 items");
  diags = {};
  EXPECT_EQ(Err(ForMap("", "s", List(Exprs(Password(), Password())), Id("s"), Num(1))),
            "duplicate key (sensitive) in for expression");
  diags = {};
  EXPECT_EQ(Err(Map(Password(), Num(1), Password(), Num(2))),
            "duplicate map key (sensitive)\nnote: first given here");
  for (const Diagnostic& d : diags.all()) EXPECT_EQ(d.message.find("hunter2"), std::string::npos);
}

TEST_F(EvalTest, EntriesOfASensitiveMapAreSensitive) {
  Value inner = Value::Map({{"user", Value::String("admin")}});
  ctx.names["creds"] = Value::Map({{"db", inner}, {"list", Value::List({inner})}}).MarkSensitive();
  for (const ExprPtr& e : Exprs(Attr(Id("creds"), "db"), Attr(Attr(Id("creds"), "db"), "user"),
                                Index(Attr(Id("creds"), "db"), Str("user")),
                                Attr(Index(Attr(Id("creds"), "list"), Num(0)), "user"))) {
    auto v = Eval(e);
    ASSERT_TRUE(v) << Errors();
    EXPECT_EQ(v->ToSource(), "(sensitive)");
  }
}

TEST_F(EvalTest, SensitiveMapKeysAreNotSuggested) {
  ctx.names["creds"] = Value::Map({{"token", Value::String("x")}}).MarkSensitive();
  EXPECT_EQ(Err(Attr(Id("creds"), "tokne")), "`creds` has no `tokne`");
}

}  // namespace
}  // namespace berth::evaltest
