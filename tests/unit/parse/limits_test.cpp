// Hostile and huge inputs: every one ends in a diagnostic or a parse, never a crash, and each
// runs where the CLI runs the compile: on a large stack.
#include <gtest/gtest.h>

#include <random>

#include "compiler/base/large_stack.h"
#include "tests/unit/parse/parse_test_util.h"

namespace berth::parse_test {
namespace {

class LimitsTest : public ParseFixture {
 protected:
  ast::File ParseOnLargeStack(std::string text) {
    ast::File file;
    RunOnLargeStack([&] { file = ParseText(std::move(text)); });
    return file;
  }

  std::string Repeat(const std::string& s, size_t n) {
    std::string out;
    out.reserve(s.size() * n);
    for (size_t i = 0; i < n; ++i) out += s;
    return out;
  }

  void ExpectOnlyError(const std::string& message) {
    ASSERT_EQ(diags_.error_count(), 1u) << Rendered();
    EXPECT_EQ(diags_.all()[0].message, message);
  }
};

constexpr char kTooDeep[] = "nesting is deeper than 256 levels: split this expression into `let`s";

TEST_F(LimitsTest, DeepBracketsAreOneError) {
  ast::File f = ParseOnLargeStack("x { a = " + Repeat("[", 20000) + Repeat("]", 20000) + " }");
  ExpectOnlyError(kTooDeep);
  // The block's `{` is the first level, so the 255th `[` is the 257th level.
  EXPECT_EQ(RangeText(diags_.all()[0].range), "1:264-1:265");
  EXPECT_TRUE(f.items.empty());
}

TEST_F(LimitsTest, DeepBracesAreOneError) {
  ParseOnLargeStack(Repeat("a {", 20000) + Repeat("}", 20000));
  ExpectOnlyError(kTooDeep);
}

TEST_F(LimitsTest, DeepParenthesesAndInterpolationsAreOneError) {
  ParseOnLargeStack("x { a = " + Repeat("(", 20000) + "1" + Repeat(")", 20000) + " }");
  ExpectOnlyError(kTooDeep);
  diags_ = Diagnostics();
  ParseOnLargeStack("x { a = " + Repeat("\"${", 20000) + "1" + Repeat("}\"", 20000) + " }");
  ExpectOnlyError(kTooDeep);
}

TEST_F(LimitsTest, LongUnaryChainIsOneError) {
  ParseOnLargeStack("x { a = " + Repeat("- ", 20000) + "1 }");
  ExpectOnlyError(kTooDeep);
  diags_ = Diagnostics();
  ParseOnLargeStack("x { a = " + Repeat("!", 20000) + "true }");
  ExpectOnlyError(kTooDeep);
}

TEST_F(LimitsTest, LongConditionalChainsAreOneError) {
  ParseOnLargeStack("x { a = " + Repeat("c ? 1 : ", 20000) + "2 }");
  ExpectOnlyError(kTooDeep);
  diags_ = Diagnostics();
  ParseOnLargeStack("x { a = " + Repeat("if c then 1 else ", 20000) + "2 }");
  ExpectOnlyError(kTooDeep);
}

TEST_F(LimitsTest, NestingJustUnderTheLimitParses) {
  ast::File f = ParseOnLargeStack("x { a = " + Repeat("[", 250) + Repeat("]", 250) + " }");
  EXPECT_EQ(Rendered(), "");
  ASSERT_EQ(f.items.size(), 1u);
}

TEST_F(LimitsTest, LowerLimitFromOptions) {
  options_.max_nesting = 3;
  ParseText("x { a = [[1]] }");
  EXPECT_EQ(Rendered(), "");
  ParseText("x { a = [[[1]]] }");
  ExpectOnlyError("nesting is deeper than 3 levels: split this expression into `let`s");
}

TEST_F(LimitsTest, HundredThousandTermSumParses) {
  std::string text = "x { a = 1" + Repeat(" + 1", 99999) + " }";
  ast::File f = ParseOnLargeStack(text);
  ASSERT_EQ(Rendered(), "");
  const ast::Expr* e = &FirstValue(f);
  size_t depth = 0;
  while (e->kind == ast::ExprKind::kBinary) {
    EXPECT_EQ(e->operands[1]->kind, ast::ExprKind::kLiteral);
    e = e->operands[0].get();
    ++depth;
  }
  EXPECT_EQ(depth, 99999u);
  // `f` is destroyed here, on the test's ordinary stack.
}

TEST_F(LimitsTest, LongGetAttrAndIndexChainsParse) {
  ast::File f = ParseOnLargeStack("x { a = b" + Repeat(".c[0]", 50000) + " }");
  ASSERT_EQ(Rendered(), "");
  EXPECT_EQ(FirstValue(f).kind, ast::ExprKind::kIndex);
}

TEST_F(LimitsTest, DestroyingAVeryDeepTreeDoesNotRecurse) {
  // A million levels would need far more than an 8 MiB stack if freed recursively.
  auto root = std::make_unique<ast::Expr>();
  ast::Expr* cur = root.get();
  for (int i = 0; i < 1'000'000; ++i) {
    cur->kind = ast::ExprKind::kUnary;
    cur->operands.push_back(std::make_unique<ast::Expr>());
    cur = cur->operands.back().get();
  }
  root.reset();
  SUCCEED();
}

TEST_F(LimitsTest, TwoMegabyteStringParses) {
  std::string big(2 * 1024 * 1024, 'a');
  ast::File f = ParseOnLargeStack("x { a = \"" + big + "\" }");
  ASSERT_EQ(Rendered(), "");
  EXPECT_EQ(FirstValue(f).literal.str().size(), big.size());
}

TEST_F(LimitsTest, EmptyFileAndCommentsOnlyParse) {
  ast::File empty = ParseOnLargeStack("");
  EXPECT_TRUE(empty.items.empty());
  ast::File comments = ParseOnLargeStack("# a\n// b\n/* c */\n");
  EXPECT_TRUE(comments.items.empty());
  EXPECT_EQ(comments.comments.size(), 3u);
  EXPECT_EQ(Rendered(), "");
}

TEST_F(LimitsTest, InvalidUtf8AndNulOnLargeStack) {
  ast::File f = ParseOnLargeStack("x { a = \"\xfe\" }");
  ExpectOnlyError("invalid UTF-8 byte 0xfe: save the file as UTF-8");
  EXPECT_TRUE(f.items.empty());
  diags_ = Diagnostics();
  f = ParseOnLargeStack(std::string("\0", 1));
  ExpectOnlyError("NUL byte in source");
}

TEST_F(LimitsTest, RandomBytesEndInDiagnostics) {
  std::mt19937 rng(20240601);
  std::string bytes(64 * 1024, '\0');
  for (char& c : bytes) c = static_cast<char>(rng() & 0xff);
  ParseOnLargeStack(bytes);
  EXPECT_EQ(diags_.error_count(), 1u);  // the first NUL or invalid byte
}

TEST_F(LimitsTest, RandomPrintableTextEndsInABoundedReport) {
  // Valid UTF-8 but no program: the report stops after a readable number of errors.
  std::mt19937 rng(7);
  const std::string alphabet = "abc xyz{}[]()\"$=:?.,;!-+*/<>&|#@\n0123456789";
  for (int round = 0; round < 20; ++round) {
    std::string text(64 * 1024, ' ');
    for (char& c : text) c = alphabet[rng() % alphabet.size()];
    diags_ = Diagnostics();
    ParseOnLargeStack(text);
    EXPECT_TRUE(diags_.HasErrors());
    EXPECT_LE(diags_.error_count(), 21u);  // 20, then one saying the report stopped
  }
}

TEST_F(LimitsTest, TenThousandServicesParse) {
  std::string text;
  for (int i = 0; i < 10000; ++i) {
    text += "service \"api" + std::to_string(i) + "\" {\n";
    text += "  cluster       = cluster.main\n";
    text += "  task          = task.api\n";
    text += "  desired_count = var.env == \"prod\" ? 4 : 1\n";
    text += "  # a comment\n";
    text += "  network {\n";
    text += "    subnets         = [\"subnet-a\", \"subnet-b\"]\n";
    text += "    security_groups = [for s in local.groups : s.id if s.public]\n";
    text += "  }\n";
    text +=
        "  load_balancer { target_group = target_group.api  container = \"app\"  port = 8080 }\n";
    text += "  deployment {\n";
    text += "    max_percent = 200\n";
    text += "    min_healthy_percent = 100\n";
    text += "  }\n";
    text += "  tags = { name = \"svc-${var.env}-" + std::to_string(i) + "\", timeout = 30s }\n";
    text += "}\n";
  }
  // Speed is measured by bench/compile_bench.sh, not here: this checks the large file is whole.
  ast::File f = ParseOnLargeStack(text);
  ASSERT_EQ(Rendered(), "");
  EXPECT_EQ(f.items.size(), 10000u);
  EXPECT_EQ(f.comments.size(), 10000u);
}

}  // namespace
}  // namespace berth::parse_test
