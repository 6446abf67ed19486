// The parser's UTF-8 character stream must answer as the runtime's ANTLRInputStream does for the
// same text: tokens' indices, and the text diagnostics quote, depend on it.
#include "compiler/parse/utf8_stream.h"

#include <gtest/gtest.h>

#include "antlr4-runtime.h"

namespace berth::parse_test {
namespace {

void ExpectSameStream(const std::string& content) {
  antlr4::ANTLRInputStream expected(content);
  parse::SourceText text(content);
  parse::Utf8Stream actual(text);
  ASSERT_EQ(actual.size(), expected.size()) << content;
  EXPECT_EQ(actual.toString(), expected.toString()) << content;
  EXPECT_EQ(actual.getSourceName(), expected.getSourceName());
  ssize_t n = static_cast<ssize_t>(expected.size());
  for (ssize_t a = -1; a <= n + 1; ++a) {
    for (ssize_t b = a - 1; b <= n + 1; ++b) {
      antlr4::misc::Interval interval(a, b);
      EXPECT_EQ(actual.getText(interval), expected.getText(interval))
          << content << " [" << a << ", " << b << "]";
    }
  }
  for (size_t at = 0; at <= expected.size(); ++at) {
    expected.seek(at);
    actual.seek(at);
    ASSERT_EQ(actual.index(), expected.index());
    for (ssize_t i = -2; i <= 2; ++i) EXPECT_EQ(actual.LA(i), expected.LA(i)) << at << " " << i;
  }
  actual.seek(0);
  expected.seek(0);
  while (expected.LA(1) != antlr4::IntStream::EOF) {
    expected.consume();
    actual.consume();
    EXPECT_EQ(actual.index(), expected.index());
  }
  EXPECT_THROW(actual.consume(), antlr4::IllegalStateException);
}

TEST(Utf8StreamTest, AnswersAsTheRuntimesInputStream) {
  ExpectSameStream("");
  ExpectSameStream("x");
  ExpectSameStream("service \"api\" {\n  cpu = 256\n}\n");
  ExpectSameStream("a = \"日本語\" # é\n b = \"𝄞x\"");
  ExpectSameStream(
      "\xEF\xBB\xBF"
      "bom = 1");
  ExpectSameStream(
      "\xEF\xBB\xBF"
      "é");
}

}  // namespace
}  // namespace berth::parse_test
