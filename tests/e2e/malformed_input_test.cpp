// Malformed input of any size ends in a located diagnostic and exit code 1: never a crash, a
// signal, a hang or a raw exception text.
#include <gtest/gtest.h>

#include <random>
#include <regex>

#include "tests/e2e/run_berth.h"

namespace berth::e2e {
namespace {

// Every malformed case: exit 1, not a signal, at least one "file:line:col: error:" line, and no
// sign of an escaped C++ exception.
void ExpectLocatedError(const std::string& file, const RunResult& r) {
  EXPECT_EQ(r.exit_code, 1) << r.err.substr(0, 2000);
  EXPECT_TRUE(std::regex_search(r.err, std::regex(std::regex_replace(
                                           file, std::regex(R"([.^$|()\[\]{}*+?\\])"), R"(\$&)") +
                                       R"(:\d+:\d+: error: )")))
      << r.err.substr(0, 2000);
  EXPECT_EQ(r.err.find("internal error"), std::string::npos) << r.err.substr(0, 2000);
  EXPECT_EQ(r.err.find("terminate called"), std::string::npos);
}

TEST(MalformedInput, DeeplyNestedBrackets) {
  TempDir dir;
  std::string f = dir.Write("deep.berth", "let x = " + std::string(20000, '[') + "\n");
  ExpectLocatedError(f, RunBerth({"validate", f}));
}

TEST(MalformedInput, DeeplyNestedBraces) {
  TempDir dir;
  std::string f = dir.Write("deep.berth", "let x = " + std::string(20000, '{') + "\n");
  ExpectLocatedError(f, RunBerth({"validate", f}));
}

TEST(MalformedInput, DeeplyNestedParenthesesClosed) {
  TempDir dir;
  std::string f = dir.Write("deep.berth", "let x = " + std::string(20000, '(') + "1" +
                                              std::string(20000, ')') + "\n");
  ExpectLocatedError(f, RunBerth({"validate", f}));
}

TEST(MalformedInput, LongUnaryChain) {
  TempDir dir;
  std::string chain;
  for (int i = 0; i < 20000; ++i) chain += "- ";
  std::string f = dir.Write("unary.berth", "let x = " + chain + "1\n");
  RunResult r = RunBerth({"validate", f});
  EXPECT_LT(r.exit_code, 128);
  EXPECT_EQ(r.exit_code, 1) << r.err.substr(0, 500);
}

TEST(MalformedInput, TwoMegabyteStringIsFine) {
  TempDir dir;
  std::string f = dir.Write("big.berth", "let x = \"" + std::string(2 << 20, 'a') + "\"\n");
  RunResult r = RunBerth({"validate", f});
  EXPECT_EQ(r.exit_code, 0) << r.err.substr(0, 500);
}

TEST(MalformedInput, UnterminatedTwoMegabyteString) {
  TempDir dir;
  std::string f = dir.Write("big.berth", "let x = \"" + std::string(2 << 20, 'a'));
  RunResult r = RunBerth({"validate", f});
  ExpectLocatedError(f, r);
  // The quoted source line is cut, not two megabytes of output.
  EXPECT_LT(r.err.size(), 4000u);
}

TEST(MalformedInput, InvalidUtf8IsLocated) {
  TempDir dir;
  std::string f = dir.Write("bad.berth", "cluster \"main\" {\n  name = \"a\xff\xfe\"\n}\n");
  RunResult r = RunBerth({"validate", f});
  ExpectLocatedError(f, r);
  EXPECT_NE(r.err.find(f + ":2:"), std::string::npos) << r.err;
}

TEST(MalformedInput, NulByteIsLocated) {
  TempDir dir;
  std::string f = dir.Write("nul.berth", std::string("cluster \"main\" {\n  \0\n}\n", 21));
  RunResult r = RunBerth({"validate", f});
  ExpectLocatedError(f, r);
  EXPECT_NE(r.err.find(f + ":2:3:"), std::string::npos) << r.err;
}

TEST(MalformedInput, RandomBytes) {
  TempDir dir;
  for (unsigned seed = 1; seed <= 8; ++seed) {
    std::mt19937 rng(seed);
    std::string bytes(64 * 1024, '\0');
    for (char& c : bytes) c = static_cast<char>(rng() & 0xff);
    std::string f = dir.Write("random" + std::to_string(seed) + ".berth", bytes);
    ExpectLocatedError(f, RunBerth({"validate", f}));
  }
}

TEST(MalformedInput, RandomPrintableTokens) {
  // Plausible-looking garbage reaches the parser itself (random bytes stop at UTF-8 checks).
  const char* pieces[] = {"service", "\"a\"", "{", "}", "=", "[", "]", "(", ")", "1",   "30s",
                          "x",       ".",     ",", "?", ":", "+", "\"${", "for", "in", "if"};
  TempDir dir;
  for (unsigned seed = 1; seed <= 20; ++seed) {
    std::mt19937 rng(seed);
    std::string text;
    for (int i = 0; i < 400; ++i) text += std::string(pieces[rng() % std::size(pieces)]) + " ";
    std::string f = dir.Write("tokens" + std::to_string(seed) + ".berth", text);
    RunResult r = RunBerth({"validate", f});
    EXPECT_EQ(r.exit_code, 1) << "seed " << seed << "\n" << r.err.substr(0, 1000);
    EXPECT_EQ(r.err.find("internal error"), std::string::npos) << r.err.substr(0, 1000);
  }
}

TEST(MalformedInput, EmptyFileIsAnEmptyStack) {
  TempDir dir;
  std::string f = dir.Write("empty.berth", "");
  RunResult r = RunBerth({"validate", f});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "The stack is valid: 0 resources, 0 outputs.\n");
}

TEST(MalformedInput, HugeNumber) {
  TempDir dir;
  std::string f = dir.Write("num.berth", "let x = 99999999999999999999999999999\n");
  ExpectLocatedError(f, RunBerth({"validate", f}));
}

TEST(MalformedInput, MissingPath) {
  RunResult r = RunBerth({"validate", "/nonexistent/stack"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("/nonexistent/stack"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace berth::e2e
