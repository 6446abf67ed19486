// Operators: units, precedence (as the tree shapes it), comparisons, logic, conditionals.
#include "tests/unit/eval/fixture.h"

namespace berth::evaltest {
namespace {

constexpr double kSec = 1000;
constexpr double kMiB = 1024 * 1024;
constexpr double kGiB = 1024 * kMiB;

TEST_F(EvalTest, AddsSameUnits) {
  EXPECT_EQ(Ok(Bin(kAdd, Dur(30 * kSec), Dur(60 * kSec))), "90s");
  EXPECT_EQ(Ok(Bin(kAdd, Size(512 * kMiB), Size(512 * kMiB))), "1GiB");
  EXPECT_EQ(Ok(Bin(kAdd, Pct(50), Pct(20))), "70%");
  EXPECT_EQ(Ok(Bin(kAdd, Num(1), Num(2))), "3");
  EXPECT_EQ(Ok(Bin(kAdd, Cpu(256), Cpu(256))), "512");
  EXPECT_EQ(Ok(Bin(kAdd, Cpu(256), Num(256))), "512");
  EXPECT_EQ(Ok(Bin(kSub, Num(256), Cpu(1024))), "-768");
  EXPECT_EQ(Ok(Bin(kSub, Dur(60 * kSec), Dur(500))), "59500ms");
}

TEST_F(EvalTest, AdditionKeepsTheUnitKind) {
  auto v = Eval(Bin(kAdd, Cpu(256), Num(256)));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->kind(), ValueKind::kCpu);
  v = Eval(Bin(kMul, Num(2), Size(256 * kMiB)));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->kind(), ValueKind::kSize);
}

TEST_F(EvalTest, MultipliesAndDividesUnitsByNumbers) {
  EXPECT_EQ(Ok(Bin(kMul, Num(2), Size(256 * kMiB))), "512MiB");
  EXPECT_EQ(Ok(Bin(kMul, Dur(30 * kSec), Num(4))), "2m");
  EXPECT_EQ(Ok(Bin(kDiv, Size(kGiB), Num(2))), "512MiB");
  EXPECT_EQ(Ok(Bin(kDiv, Size(kGiB), Size(256 * kMiB))), "4");
  EXPECT_EQ(Ok(Bin(kDiv, Pct(70), Pct(10))), "7");
  EXPECT_EQ(Ok(Bin(kDiv, Num(1), Num(4))), "0.25");
  EXPECT_EQ(Ok(Bin(kDiv, Cpu(1024), Num(4))), "256");
}

TEST_F(EvalTest, MixingUnitsNamesBothKinds) {
  EXPECT_EQ(Err(Bin(kAdd, Dur(30 * kSec), Size(kGiB))), "cannot add a duration and a size");
}

TEST_F(EvalTest, UnitMismatchMessages) {
  EXPECT_EQ(Err(Bin(kSub, Size(kGiB), Dur(1))), "cannot subtract a duration from a size");
  diags = {};
  EXPECT_EQ(Err(Bin(kMul, Dur(1), Dur(1))), "cannot multiply a duration by a duration");
  diags = {};
  EXPECT_EQ(Err(Bin(kDiv, Num(1), Dur(1))), "cannot divide a number by a duration");
  diags = {};
  EXPECT_EQ(Err(Bin(kAdd, Pct(1), Num(1))), "cannot add a percentage and a number");
  diags = {};
  EXPECT_EQ(Err(Bin(kAdd, Bool(true), Null())), "cannot add a bool and null");
  diags = {};
  EXPECT_EQ(Err(Bin(kSub, Str("a"), Str("b"))), "cannot subtract a string from a string");
}

TEST_F(EvalTest, ErrorPointsAtTheOperation) {
  const Expr* at;
  EXPECT_EQ(ErrAt(At(Bin(kAdd, Dur(1), Size(1)), &at), at), "cannot add a duration and a size");
}

TEST_F(EvalTest, ConcatenatesStringsListsAndMerges) {
  EXPECT_EQ(Ok(Bin(kAdd, Str("sample-"), Str("api"))), "\"sample-api\"");
  EXPECT_EQ(Ok(Bin(kAdd, List(Exprs(Num(1))), List(Exprs(Num(2), Num(3))))), "[1, 2, 3]");
  EXPECT_EQ(Ok(Bin(kAdd, Map(Str("a"), Num(1), Str("b"), Num(2)),
                   Map(Str("b"), Num(3), Str("c"), Num(4)))),
            "{ a = 1, b = 3, c = 4 }");
}

TEST_F(EvalTest, StringPlusNumberSuggestsInterpolation) {
  EXPECT_EQ(Err(Bin(kAdd, Str("port-"), Num(80))),
            "cannot add a string and a number\n"
            "note: to build a string, use interpolation: \"...${value}...\"");
}

TEST_F(EvalTest, DivisionByZeroPointsAtTheDivisor) {
  const Expr* zero;
  EXPECT_EQ(ErrAt(Bin(kDiv, Size(kGiB), At(Num(0), &zero)), zero), "division by zero");
}

TEST_F(EvalTest, ResultsMustStayExact) {
  EXPECT_EQ(Err(Bin(kMul, Num(1e200), Num(1e200))), "the result is not a finite number");
  diags = {};
  EXPECT_EQ(Err(Bin(kAdd, Num(9007199254740992.0), Num(2))),
            "the result is too large: integers must fit in 2^53");
  diags = {};
  EXPECT_EQ(Ok(Bin(kAdd, Num(9007199254740990.0), Num(2))), "9007199254740992");
}

TEST_F(EvalTest, PrecedenceIsTheTreeShape) {
  // 1 + 2 * 3 and (1 + 2) * 3
  EXPECT_EQ(Ok(Bin(kAdd, Num(1), Bin(kMul, Num(2), Num(3)))), "7");
  EXPECT_EQ(Ok(Bin(kMul, Bin(kAdd, Num(1), Num(2)), Num(3))), "9");
  // -2 * 30s + 1m
  EXPECT_EQ(Ok(Bin(kAdd, Bin(kMul, Unary(kNeg, Num(2)), Dur(30 * kSec)), Dur(60 * kSec))), "0s");
  // !true || 1 < 2 && "a" == "a"
  EXPECT_EQ(Ok(Bin(kOr, Unary(kNot, Bool(true)),
                   Bin(kAnd, Bin(kLt, Num(1), Num(2)), Bin(kEq, Str("a"), Str("a"))))),
            "true");
}

TEST_F(EvalTest, Compares) {
  EXPECT_EQ(Ok(Bin(kLt, Dur(500), Dur(kSec))), "true");
  EXPECT_EQ(Ok(Bin(kLe, Size(kGiB), Size(1024 * kMiB))), "true");
  EXPECT_EQ(Ok(Bin(kGt, Pct(70), Pct(80))), "false");
  EXPECT_EQ(Ok(Bin(kGe, Cpu(1024), Num(1024))), "true");
  EXPECT_EQ(Ok(Bin(kLt, Str("api"), Str("worker"))), "true");
  EXPECT_EQ(Err(Bin(kLt, Dur(1), Size(1))), "cannot compare a duration with a size");
  diags = {};
  EXPECT_EQ(Err(Bin(kGt, Str("1"), Num(1))), "cannot compare a string with a number");
}

TEST_F(EvalTest, EqualityIsStructural) {
  EXPECT_EQ(Ok(Bin(kEq, List(Exprs(Num(1), Str("a"))), List(Exprs(Num(1), Str("a"))))), "true");
  EXPECT_EQ(Ok(Bin(kNe, Map(Str("a"), Num(1)), Map(Str("a"), Num(2)))), "true");
  EXPECT_EQ(Ok(Bin(kEq, Num(1), Str("1"))), "false");
  EXPECT_EQ(Ok(Bin(kEq, Dur(60 * kSec), Dur(60 * kSec))), "true");
  EXPECT_EQ(Ok(Bin(kEq, Null(), Null())), "true");
  EXPECT_EQ(Ok(Bin(kEq, Cpu(1024), Num(1024))), "true");
}

TEST_F(EvalTest, LogicNeedsBools) {
  EXPECT_EQ(Ok(Bin(kAnd, Bool(true), Bool(false))), "false");
  EXPECT_EQ(Ok(Bin(kOr, Bool(false), Bool(true))), "true");
  EXPECT_EQ(Ok(Unary(kNot, Bool(false))), "true");
  const Expr* bad;
  EXPECT_EQ(ErrAt(Bin(kAnd, At(Num(1), &bad), Bool(true)), bad), "`&&` needs bools, got a number");
  diags = {};
  EXPECT_EQ(ErrAt(Bin(kOr, Bool(false), At(Str("x"), &bad)), bad),
            "`||` needs bools, got a string");
  diags = {};
  EXPECT_EQ(ErrAt(Unary(kNot, At(Str("x"), &bad)), bad), "`!` needs a bool, got a string");
}

TEST_F(EvalTest, LogicShortCircuits) {
  // The right side would be an error if it were evaluated.
  EXPECT_EQ(Ok(Bin(kAnd, Bool(false), Id("undefined_name"))), "false");
  EXPECT_EQ(Ok(Bin(kOr, Bool(true), Bin(kDiv, Num(1), Num(0)))), "true");
}

TEST_F(EvalTest, NegatesNumerics) {
  EXPECT_EQ(Ok(Unary(kNeg, Dur(30 * kSec))), "-30s");
  EXPECT_EQ(Ok(Unary(kNeg, Num(2.5))), "-2.5");
  const Expr* bad;
  EXPECT_EQ(ErrAt(Unary(kNeg, At(Str("x"), &bad)), bad), "`-` needs a number, got a string");
}

TEST_F(EvalTest, ConditionalEvaluatesOnlyTheChosenBranch) {
  EXPECT_EQ(Ok(Cond(Bin(kEq, Attr(Id("var"), "env"), Str("prod")), Num(4), Id("nope"))), "4");
  EXPECT_EQ(Ok(Cond(Bool(false), Bin(kDiv, Num(1), Num(0)), Str("small"))), "\"small\"");
}

TEST_F(EvalTest, ConditionMustBeABool) {
  const Expr* c;
  EXPECT_EQ(ErrAt(Cond(At(Str("yes"), &c), Num(1), Num(2)), c),
            "the condition must be a bool, got a string");
}

}  // namespace
}  // namespace berth::evaltest
