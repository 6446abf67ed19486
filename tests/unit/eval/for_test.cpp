// for expressions over lists and maps, with filters and scoping.
#include "tests/unit/eval/fixture.h"

namespace berth::evaltest {
namespace {

TEST_F(EvalTest, ForOverAList) {
  EXPECT_EQ(Ok(ForList("", "p", List(Exprs(Num(80), Num(443))), Bin(kAdd, Id("p"), Num(8000)))),
            "[8080, 8443]");
}

TEST_F(EvalTest, ForWithIndex) {
  EXPECT_EQ(Ok(ForList("i", "x", List(Exprs(Str("a"), Str("b"))),
                       Template(Exprs(Id("x"), Str("-"), Id("i"))))),
            "[\"a-0\", \"b-1\"]");
}

TEST_F(EvalTest, ForOverAMapGivesValuesInKeyOrder) {
  EXPECT_EQ(Ok(ForList("", "v", Map(Str("b"), Num(2), Str("a"), Num(1)), Id("v"))), "[1, 2]");
  EXPECT_EQ(Ok(ForList("k", "v", Map(Str("b"), Num(2), Str("a"), Num(1)), Id("k"))),
            "[\"a\", \"b\"]");
}

TEST_F(EvalTest, ForBuildsAMapWithAFilter) {
  // {for name, port in {api = 80, admin = 9000, web = 443} : upper(name) => port if port < 1024}
  EXPECT_EQ(
      Ok(ForMap("name", "port",
                Map(Str("api"), Num(80), Str("admin"), Num(9000), Str("web"), Num(443)),
                Call("upper", Exprs(Id("name"))), Id("port"), Bin(kLt, Id("port"), Num(1024)))),
      "{ API = 80, WEB = 443 }");
}

TEST_F(EvalTest, ForFilterOnAList) {
  EXPECT_EQ(Ok(ForList("", "x", List(Exprs(Num(1), Num(2), Num(3), Num(4))), Id("x"),
                       Bin(kGt, Id("x"), Num(2)))),
            "[3, 4]");
}

TEST_F(EvalTest, LoopVariablesShadowOuterNames) {
  EXPECT_EQ(Ok(ForList("", "var", List(Exprs(Num(1))), Id("var"))), "[1]");
  // ...and only inside the loop.
  EXPECT_EQ(
      Ok(List(Exprs(ForList("", "var", List(Exprs(Num(1))), Id("var")), Attr(Id("var"), "env")))),
      "[[1], \"prod\"]");
}

TEST_F(EvalTest, NestedForSeesBothVariables) {
  EXPECT_EQ(Ok(ForList("", "a", List(Exprs(Num(1), Num(2))),
                       ForList("", "b", List(Exprs(Num(10))), Bin(kAdd, Id("a"), Id("b"))))),
            "[[11], [12]]");
}

TEST_F(EvalTest, UndefinedNameInsideAForSuggestsTheLoopVariable) {
  EXPECT_EQ(Err(ForList("", "port", List(Exprs(Num(1))), Bin(kAdd, Id("prot"), Num(1)))),
            "undefined name `prot`\nnote: did you mean `port`?");
}

TEST_F(EvalTest, ForReportsABodyErrorOnce) {
  Err(ForList("", "x", List(Exprs(Num(1), Num(2), Num(3))), Bin(kAdd, Id("x"), Str("s"))));
  EXPECT_EQ(diags.error_count(), 1u);
}

TEST_F(EvalTest, ForMapDuplicateKey) {
  EXPECT_EQ(Err(ForMap("", "x", List(Exprs(Str("a"), Str("b"), Str("a"))), Id("x"), Num(1))),
            "duplicate key `a` in for expression");
}

TEST_F(EvalTest, ForOverAScalar) {
  const Expr* at;
  EXPECT_EQ(ErrAt(ForList("", "x", At(Str("abc"), &at), Id("x")), at),
            "a for expression iterates over a list or a map, got a string");
}

TEST_F(EvalTest, ForFilterMustBeABool) {
  EXPECT_EQ(Err(ForList("", "x", List(Exprs(Num(1))), Id("x"), Id("x"))),
            "the `if` filter must be a bool, got a number");
}

}  // namespace
}  // namespace berth::evaltest
