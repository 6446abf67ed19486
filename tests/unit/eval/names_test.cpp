// Identifiers, symbols, `.attr`, `[index]`, lists, maps and templates.
#include "tests/unit/eval/fixture.h"

namespace berth::evaltest {
namespace {

TEST_F(EvalTest, LiteralsKeepTheirRange) {
  ExprPtr e = Num(3);
  auto v = Eval(e);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->range().col, e->range.col);
  EXPECT_EQ(v->range().file, 1u);
}

TEST_F(EvalTest, LooksUpNames) {
  EXPECT_EQ(Ok(Attr(Id("var"), "env")), "\"prod\"");
  EXPECT_EQ(Ok(Attr(Id("role"), "exec")), "role.exec");
  EXPECT_EQ(Ok(Attr(Attr(Id("role"), "exec"), "name")), "\"exec\"");
}

TEST_F(EvalTest, LookedUpValuesTakeTheRangeOfTheExpression) {
  ExprPtr e = Attr(Id("var"), "env");
  auto v = Eval(e);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->range().col, e->range.col);
}

TEST_F(EvalTest, UndefinedNameSuggests) {
  const Expr* at;
  EXPECT_EQ(ErrAt(Attr(At(Id("vra"), &at), "env"), at),
            "undefined name `vra`\nnote: did you mean `var`?");
}

TEST_F(EvalTest, UndefinedNameWithoutSuggestion) {
  EXPECT_EQ(Err(Bin(kAdd, Id("zzzzzz"), Num(1))), "undefined name `zzzzzz`");
}

TEST_F(EvalTest, SymbolsInSymbolPositions) {
  EXPECT_EQ(Ok(Id("rollback")), "rollback");
  EXPECT_EQ(Ok(List(Exprs(Id("FARGATE"), Id("EC2")))), "[FARGATE, EC2]");
  EXPECT_EQ(Ok(Map(Str("mode"), Id("rollback"))), "{ mode = rollback }");
  EXPECT_EQ(Ok(Cond(Bool(true), Id("rollback"), Id("none"))), "rollback");
  auto v = Eval(Id("rollback"));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->kind(), ValueKind::kSymbol);
}

TEST_F(EvalTest, NoSymbolsElsewhere) {
  EXPECT_EQ(Err(Call("upper", Exprs(Id("rollback")))), "undefined name `rollback`");
  diags = {};
  EXPECT_EQ(Err(Bin(kEq, Id("rollback"), Str("x"))), "undefined name `rollback`");
  diags = {};
  EXPECT_EQ(Err(Cond(Id("enabled"), Num(1), Num(2))), "undefined name `enabled`");
  diags = {};
  EXPECT_EQ(Err(Template(Exprs(Str("a-"), Id("b")))), "undefined name `b`");
}

TEST_F(EvalTest, NoSymbolsWhenDisabled) {
  options.allow_symbols = false;
  EXPECT_EQ(Err(Id("rollback")), "undefined name `rollback`");
}

TEST_F(EvalTest, MissingMapEntryNamesThePath) {
  const Expr* at;
  EXPECT_EQ(ErrAt(At(Attr(Id("var"), "evn"), &at), at),
            "`var` has no `evn`\nnote: did you mean `env`?");
  diags = {};
  EXPECT_EQ(Err(Index(Id("tags"), Str("tema"))),
            "`tags` has no `tema`\nnote: did you mean `team`?");
  diags = {};
  EXPECT_EQ(Err(Attr(Map(Str("a"), Num(1)), "zzz")), "the map has no `zzz`");
}

TEST_F(EvalTest, AttributeOfAScalar) {
  EXPECT_EQ(Err(Attr(Attr(Id("var"), "env"), "length")),
            "`var.env` is a string; it has no attribute `length`");
}

TEST_F(EvalTest, RefAttributesComeFromTheContext) {
  EXPECT_EQ(Ok(Attr(Attr(Id("role"), "exec"), "arn")), "role.exec.arn");
  EXPECT_EQ(Err(Attr(Attr(Id("role"), "exec"), "arm")), "`role.exec` has no attribute `arm`");
}

TEST_F(EvalTest, IndexesLists) {
  EXPECT_EQ(Ok(Index(List(Exprs(Str("a"), Str("b"))), Num(1))), "\"b\"");
  const Expr* at;
  EXPECT_EQ(ErrAt(Index(List(Exprs(Str("a"), Str("b"))), At(Num(2), &at)), at),
            "index 2 is out of range: the list has 2 items");
  diags = {};
  EXPECT_EQ(Err(Index(List(Exprs(Str("a"))), Num(-1))),
            "index -1 is out of range: the list has 1 item");
  diags = {};
  EXPECT_EQ(Err(Index(List(Exprs(Str("a"))), Num(0.5))),
            "a list index must be a whole number, got 0.5");
  diags = {};
  EXPECT_EQ(Err(Index(List(Exprs(Str("a"))), Str("0"))),
            "a list index must be a number, got a string");
}

TEST_F(EvalTest, IndexesMaps) {
  EXPECT_EQ(Ok(Index(Id("tags"), Str("team"))), "\"platform\"");
  EXPECT_EQ(Err(Index(Id("tags"), Num(0))), "a map key must be a string, got a number");
}

TEST_F(EvalTest, IndexesResourceInstances) {
  EXPECT_EQ(Ok(Index(Attr(Id("service"), "api"), Str("blue"))), "service.api[\"blue\"]");
}

TEST_F(EvalTest, CannotIndexAScalar) {
  const Expr* at;
  EXPECT_EQ(ErrAt(Index(At(Attr(Id("var"), "port"), &at), Num(0)), at),
            "`var.port` is a number; it cannot be indexed");
}

TEST_F(EvalTest, BuildsListsAndMaps) {
  EXPECT_EQ(Ok(List()), "[]");
  EXPECT_EQ(Ok(Map()), "{}");
  EXPECT_EQ(Ok(Map(Str("b"), Num(2), Str("a"), List(Exprs(Num(1))))), "{ a = [1], b = 2 }");
  // `(expr)` keys.
  EXPECT_EQ(Ok(Map(Attr(Id("var"), "env"), Bool(true), Num(1), Str("one"))),
            "{ \"1\" = \"one\", prod = true }");
}

TEST_F(EvalTest, DuplicateMapKeys) {
  EXPECT_EQ(Err(Map(Str("a"), Num(1), Str("a"), Num(2))),
            "duplicate map key `a`\nnote: first given here");
}

TEST_F(EvalTest, ReportsEveryErrorOfAList) {
  Err(List(Exprs(Id("nope1"), Bin(kAdd, Num(1), Str("x")), Num(3))));
  EXPECT_EQ(diags.error_count(), 1u);  // nope1 is a symbol here; the addition fails
  diags = {};
  options.allow_symbols = false;
  EXPECT_EQ(Err(List(Exprs(Id("nope1"), Id("nope2")))),
            "undefined name `nope1`\nundefined name `nope2`");
}

TEST_F(EvalTest, MapKeyMustBeAString) {
  EXPECT_EQ(Err(Map(List(), Num(1))), "a map key must be a string, got a list");
}

TEST_F(EvalTest, InterpolatesCanonicalText) {
  EXPECT_EQ(Ok(Template(Exprs(Str("sample-api-"), Attr(Id("var"), "env")))), "\"sample-api-prod\"");
  EXPECT_EQ(Ok(Template(Exprs(Str("t="), Dur(30000), Str(" m="), Lit(Value::Size(536870912)),
                              Str(" p="), Pct(70), Str(" n="), Num(1.5), Str(" b="), Bool(true),
                              Str(" c="), Cpu(256)))),
            "\"t=30s m=512MiB p=70% n=1.5 b=true c=256\"");
}

TEST_F(EvalTest, CannotInterpolateCollections) {
  const Expr* at;
  EXPECT_EQ(ErrAt(Template(Exprs(Str("x"), At(List(Exprs(Num(1))), &at))), at),
            "cannot interpolate a list");
  diags = {};
  EXPECT_EQ(Err(Template(Exprs(Str("x"), Map()))), "cannot interpolate a map");
  diags = {};
  EXPECT_EQ(Err(Template(Exprs(Str("x"), Null()))), "cannot interpolate null");
  diags = {};
  EXPECT_EQ(Err(Template(Exprs(Call("secret", Exprs(Str("arn:aws:sm:x")))))),
            "cannot interpolate a secret\nnote: a secret's value exists only at run time: give "
            "it to a container's `secrets`");
}

}  // namespace
}  // namespace berth::evaltest
