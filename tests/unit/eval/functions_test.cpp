// Built-in functions: each one's happy path and one error, plus arity and unknown names.
#include <algorithm>

#include "tests/unit/eval/fixture.h"

namespace berth::evaltest {
namespace {

TEST_F(EvalTest, FunctionNamesMatchTheLanguageReference) {
  std::vector<std::string> expected = {
      "coalesce", "concat", "contains",   "distinct", "endswith", "env",    "file",  "flatten",
      "format",   "join",   "jsonencode", "keys",     "length",   "lookup", "lower", "max",
      "merge",    "min",    "range",      "replace",  "secret",   "sort",   "split", "startswith",
      "substr",   "title",  "tonumber",   "tostring", "trim",     "upper",  "values"};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(BuiltinFunctionNames(), expected);
}

TEST_F(EvalTest, UnknownFunctionSuggests) {
  EXPECT_EQ(Err(Call("uper", Exprs(Str("a")))),
            "unknown function `uper`\nnote: did you mean `upper`?");
}

TEST_F(EvalTest, ArityErrors) {
  const Expr* extra;
  EXPECT_EQ(ErrAt(Call("upper", Exprs(Str("a"), At(Str("b"), &extra))), extra),
            "`upper` takes 1 argument, got 2\nnote: usage: upper(s)");
  diags = {};
  EXPECT_EQ(Err(Call("replace", Exprs(Str("a")))),
            "`replace` takes 3 arguments, got 1\nnote: usage: replace(s, old, new)");
  diags = {};
  EXPECT_EQ(Err(Call("range")),
            "`range` takes 1 or 2 arguments, got 0\nnote: usage: range(n) or range(a, b)");
  diags = {};
  EXPECT_EQ(Err(Call("concat")),
            "`concat` takes at least 1 argument, got 0\nnote: usage: concat(lists...)");
}

TEST_F(EvalTest, TypeErrorsPointAtTheArgument) {
  const Expr* bad;
  EXPECT_EQ(ErrAt(Call("upper", Exprs(At(Num(1), &bad))), bad),
            "`upper` expects a string, got a number");
}

TEST_F(EvalTest, CaseAndWhiteSpace) {
  EXPECT_EQ(Ok(Call("upper", Exprs(Str("api-é")))), "\"API-é\"");
  EXPECT_EQ(Ok(Call("lower", Exprs(Str("API")))), "\"api\"");
  EXPECT_EQ(Ok(Call("trim", Exprs(Str(" \t api \n")))), "\"api\"");
  EXPECT_EQ(Ok(Call("title", Exprs(Str("hello big world")))), "\"Hello Big World\"");
  EXPECT_EQ(Err(Call("lower", Exprs(List()))), "`lower` expects a string, got a list");
  diags = {};
  EXPECT_EQ(Err(Call("trim", Exprs(Null()))), "`trim` expects a string, got null");
  diags = {};
  EXPECT_EQ(Err(Call("title", Exprs(Bool(true)))), "`title` expects a string, got a bool");
}

TEST_F(EvalTest, Replace) {
  EXPECT_EQ(Ok(Call("replace", Exprs(Str("a-b-c"), Str("-"), Str("_")))), "\"a_b_c\"");
  const Expr* bad;
  EXPECT_EQ(ErrAt(Call("replace", Exprs(Str("abc"), At(Str(""), &bad), Str("x"))), bad),
            "`replace` needs a non-empty string to replace");
}

TEST_F(EvalTest, SplitAndJoin) {
  EXPECT_EQ(Ok(Call("split", Exprs(Str(","), Str("a,b,,c")))), "[\"a\", \"b\", \"\", \"c\"]");
  EXPECT_EQ(Err(Call("split", Exprs(Str(""), Str("abc")))), "`split` needs a non-empty separator");
  diags = {};
  EXPECT_EQ(Ok(Call("join", Exprs(Str(","), List(Exprs(Str("a"), Num(80), Dur(30000)))))),
            "\"a,80,30s\"");
  EXPECT_EQ(Err(Call("join", Exprs(Str(","), List(Exprs(Str("a"), List()))))),
            "`join` expects a list of strings, but element 1 is a list");
}

TEST_F(EvalTest, Substr) {
  EXPECT_EQ(Ok(Call("substr", Exprs(Str("héllo"), Num(1), Num(3)))), "\"éll\"");
  EXPECT_EQ(Ok(Call("substr", Exprs(Str("hello"), Num(2), Num(-1)))), "\"llo\"");
  EXPECT_EQ(Ok(Call("substr", Exprs(Str("hello"), Num(3), Num(10)))), "\"lo\"");
  EXPECT_EQ(Err(Call("substr", Exprs(Str("hello"), Num(6), Num(1)))),
            "`substr` offset 6 is outside a string of 5 characters");
  diags = {};
  EXPECT_EQ(Err(Call("substr", Exprs(Str("hello"), Num(1.5), Num(1)))),
            "`substr` expects a whole number, got 1.5");
}

TEST_F(EvalTest, StartsEndsContains) {
  EXPECT_EQ(Ok(Call("startswith", Exprs(Str("arn:aws"), Str("arn:")))), "true");
  EXPECT_EQ(Ok(Call("endswith", Exprs(Str("api.json"), Str(".yaml")))), "false");
  EXPECT_EQ(Ok(Call("contains", Exprs(List(Exprs(Str("prod"), Str("stg"))), Str("stg")))), "true");
  EXPECT_EQ(Ok(Call("contains", Exprs(List(Exprs(Dur(60000))), Dur(60000)))), "true");
  EXPECT_EQ(Ok(Call("contains", Exprs(Str("sample-api"), Str("api")))), "true");
  EXPECT_EQ(Err(Call("startswith", Exprs(Num(1), Str("a")))),
            "`startswith` expects a string, got a number");
  diags = {};
  EXPECT_EQ(Err(Call("endswith", Exprs(Str("a"), Num(1)))),
            "`endswith` expects a string, got a number");
  diags = {};
  EXPECT_EQ(Err(Call("contains", Exprs(Num(1), Num(1)))),
            "`contains` expects a list or a string, got a number");
}

TEST_F(EvalTest, Format) {
  EXPECT_EQ(Ok(Call("format", Exprs(Str("%s:%d (%s) 100%%"), Str("api"), Num(8080), Dur(30000)))),
            "\"api:8080 (30s) 100%\"");
  EXPECT_EQ(Err(Call("format", Exprs(Str("%d"), Str("x")))),
            "`format` expects a whole number, got a string");
  diags = {};
  EXPECT_EQ(Err(Call("format", Exprs(Str("%s %s"), Str("x")))),
            "`format` has more placeholders than the 1 values given");
  diags = {};
  EXPECT_EQ(Err(Call("format", Exprs(Str("%s"), Str("x"), Str("y")))),
            "`format` has 1 placeholders but 2 values");
  diags = {};
  EXPECT_EQ(Err(Call("format", Exprs(Str("%x"), Str("x")))),
            "`format` has no placeholder `%x`: use %s, %d or %% for a percent sign");
  diags = {};
  EXPECT_EQ(Err(Call("format", Exprs(Str("%s"), List()))), "`format` cannot format a list with %s");
}

TEST_F(EvalTest, Length) {
  EXPECT_EQ(Ok(Call("length", Exprs(Str("héllo")))), "5");
  EXPECT_EQ(Ok(Call("length", Exprs(List(Exprs(Num(1), Num(2)))))), "2");
  EXPECT_EQ(Ok(Call("length", Exprs(Id("tags")))), "1");
  EXPECT_EQ(Err(Call("length", Exprs(Num(3)))),
            "`length` expects a string, a list or a map, got a number");
}

TEST_F(EvalTest, ListFunctions) {
  EXPECT_EQ(Ok(Call("concat", Exprs(List(Exprs(Num(1))), List(), List(Exprs(Num(2), Num(3)))))),
            "[1, 2, 3]");
  EXPECT_EQ(Err(Call("concat", Exprs(List(), Str("x")))), "`concat` expects a list, got a string");
  diags = {};
  EXPECT_EQ(
      Ok(Call("flatten", Exprs(List(Exprs(Num(1), List(Exprs(Num(2), List(Exprs(Num(3)))))))))),
      "[1, 2, 3]");
  EXPECT_EQ(Err(Call("flatten", Exprs(Num(1)))), "`flatten` expects a list, got a number");
  diags = {};
  EXPECT_EQ(Ok(Call("distinct", Exprs(List(Exprs(Str("a"), Str("b"), Str("a")))))),
            "[\"a\", \"b\"]");
  EXPECT_EQ(Err(Call("distinct", Exprs(Map()))), "`distinct` expects a list, got a map");
  diags = {};
  EXPECT_EQ(Ok(Call("sort", Exprs(List(Exprs(Str("b"), Str("a")))))), "[\"a\", \"b\"]");
  EXPECT_EQ(Ok(Call("sort", Exprs(List(Exprs(Dur(60000), Dur(1000)))))), "[1s, 1m]");
  EXPECT_EQ(
      Err(Call("sort", Exprs(List(Exprs(Str("b"), Num(1)))))),
      "`sort` expects a list of strings or of numbers of one kind, got a string and a number");
}

TEST_F(EvalTest, Range) {
  EXPECT_EQ(Ok(Call("range", Exprs(Num(3)))), "[0, 1, 2]");
  EXPECT_EQ(Ok(Call("range", Exprs(Num(2), Num(4)))), "[2, 3]");
  EXPECT_EQ(Ok(Call("range", Exprs(Num(0)))), "[]");
  EXPECT_EQ(Err(Call("range", Exprs(Num(4), Num(2)))), "`range` end 2 is before its start 4");
  diags = {};
  EXPECT_EQ(Err(Call("range", Exprs(Num(-1)))), "`range` needs a count of at least 0");
  diags = {};
  EXPECT_EQ(Err(Call("range", Exprs(Num(1e300)))), "`range` expects a whole number, got 1e+300");
  diags = {};
  EXPECT_EQ(Err(Call("range", Exprs(Num(1e9)))),
            "`range` would make 1000000000 numbers; at most 1000000 are allowed");
}

TEST_F(EvalTest, MapFunctions) {
  EXPECT_EQ(Ok(Call("keys", Exprs(Map(Str("b"), Num(1), Str("a"), Num(2))))), "[\"a\", \"b\"]");
  EXPECT_EQ(Ok(Call("values", Exprs(Map(Str("b"), Num(1), Str("a"), Num(2))))), "[2, 1]");
  EXPECT_EQ(Err(Call("keys", Exprs(List()))), "`keys` expects a map, got a list");
  diags = {};
  EXPECT_EQ(Err(Call("values", Exprs(Str("x")))), "`values` expects a map, got a string");
  diags = {};
  EXPECT_EQ(
      Ok(Call("merge", Exprs(Map(Str("a"), Num(1), Str("b"), Num(1)), Map(Str("b"), Num(2))))),
      "{ a = 1, b = 2 }");
  EXPECT_EQ(Err(Call("merge", Exprs(Map(), Num(1)))), "`merge` expects a map, got a number");
  diags = {};
  EXPECT_EQ(Ok(Call("lookup", Exprs(Id("tags"), Str("team"), Str("none")))), "\"platform\"");
  EXPECT_EQ(Ok(Call("lookup", Exprs(Id("tags"), Str("owner"), Str("none")))), "\"none\"");
  EXPECT_EQ(Err(Call("lookup", Exprs(Id("tags"), Num(1), Str("none")))),
            "`lookup` expects a string, got a number");
}

TEST_F(EvalTest, MinMaxCoalesce) {
  EXPECT_EQ(Ok(Call("min", Exprs(Num(3), Num(1), Num(2)))), "1");
  EXPECT_EQ(Ok(Call("max", Exprs(Size(1024), Size(2048)))), "2KiB");
  const Expr* bad;
  EXPECT_EQ(ErrAt(Call("max", Exprs(Dur(1000), At(Size(1024), &bad))), bad),
            "`max` expects a duration like its first argument, got a size");
  diags = {};
  EXPECT_EQ(Err(Call("min", Exprs(Str("a")))), "`min` expects a number, got a string");
  diags = {};
  EXPECT_EQ(Ok(Call("coalesce", Exprs(Null(), Str(""), Str("x"), Str("y")))), "\"x\"");
  EXPECT_EQ(Err(Call("coalesce", Exprs(Null(), Str("")))),
            "`coalesce` has no argument that is not null or empty");
}

TEST_F(EvalTest, Conversions) {
  EXPECT_EQ(Ok(Call("tostring", Exprs(Size(536870912)))), "\"512MiB\"");
  EXPECT_EQ(Ok(Call("tostring", Exprs(Num(0.5)))), "\"0.5\"");
  EXPECT_EQ(Err(Call("tostring", Exprs(List()))),
            "`tostring` expects a string, a number, a bool or a unit value, got a list");
  diags = {};
  EXPECT_EQ(Ok(Call("tonumber", Exprs(Str("8080")))), "8080");
  EXPECT_EQ(Ok(Call("tonumber", Exprs(Str("-1.5e2")))), "-150");
  EXPECT_EQ(Err(Call("tonumber", Exprs(Str("80a")))), "`tonumber` cannot read \"80a\" as a number");
}

TEST_F(EvalTest, JsonEncode) {
  EXPECT_EQ(Ok(Call("jsonencode", Exprs(Map(Str("name"), Str("api"), Str("port"), Num(8080),
                                            Str("timeout"), Dur(30000), Str("mem"), Size(536870912),
                                            Str("ratio"), Num(0.5), Str("on"), Bool(true),
                                            Str("none"), Null(), Str("list"), List(Exprs(Pct(70))),
                                            Str("arn"), Attr(Attr(Id("role"), "exec"), "arn"))))),
            "\"{\\\"arn\\\":\\\"(known after apply)\\\",\\\"list\\\":[\\\"70%\\\"],\\\"mem\\\":"
            "\\\"512MiB\\\",\\\"name\\\":\\\"api\\\",\\\"none\\\":null,\\\"on\\\":true,"
            "\\\"port\\\":8080,\\\"ratio\\\":0.5,\\\"timeout\\\":\\\"30s\\\"}\"");
  EXPECT_EQ(Err(Call("jsonencode", Exprs(Call("secret", Exprs(Str("arn:aws:sm:x")))))),
            "`jsonencode` cannot encode this value: a secret is injected at run time and has no "
            "JSON form");
}

TEST_F(EvalTest, JsonEncodeRawText) {
  auto v = Eval(Call("jsonencode", Exprs(List(Exprs(Str("a\"b"), Num(1))))));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->str(), R"(["a\"b",1])");
}

TEST_F(EvalTest, Secret) {
  auto v = Eval(Call("secret", Exprs(Str("arn:aws:secretsmanager:ap-northeast-1:1:secret:db"))));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->kind(), ValueKind::kSecret);
  EXPECT_EQ(v->str(), "arn:aws:secretsmanager:ap-northeast-1:1:secret:db");
  EXPECT_TRUE(v->sensitive());
  EXPECT_EQ(Err(Call("secret", Exprs(Str("db-password")))),
            "`secret` expects an ARN (\"arn:...\"), got \"db-password\"");
}

TEST_F(EvalTest, FunctionErrorsInArgumentsAreAllReported) {
  options.allow_symbols = false;
  EXPECT_EQ(Err(Call("concat", Exprs(Id("qqqqq1"), Id("qqqqq2")))),
            "undefined name `qqqqq1`\nundefined name `qqqqq2`");
}

}  // namespace
}  // namespace berth::evaltest
