// Syntax errors, asserted as whole rendered diagnostics (caret line included).
#include <gtest/gtest.h>

#include "tests/unit/parse/parse_test_util.h"

namespace berth::parse_test {
namespace {

class SyntaxErrorTest : public ParseFixture {
 protected:
  std::string Errors(std::string text) {
    diags_ = Diagnostics();
    ParseText(std::move(text));
    return Rendered();
  }
};

TEST_F(SyntaxErrorTest, MissingEqualsAfterAttributeName) {
  EXPECT_EQ(Errors("task \"api\" {\n  cpu 256\n  memory = 512MiB\n}\n"),
            "main.berth:2:7: error: expected `=` or `{` after `cpu`\n"
            "    2 |   cpu 256\n"
            "      |       ^~~\n");
}

TEST_F(SyntaxErrorTest, UnterminatedString) {
  EXPECT_EQ(Errors("x {\n  image = \"abc\n  port = 1\n}\n"),
            "main.berth:2:11: error: unterminated string: add a closing `\"`\n"
            "    2 |   image = \"abc\n"
            "      |           ^~~~\n");
}

TEST_F(SyntaxErrorTest, UnterminatedStringAtEndOfFile) {
  EXPECT_EQ(Errors("x { a = \"abc"),
            "main.berth:1:9: error: unterminated string: add a closing `\"`\n"
            "    1 | x { a = \"abc\n"
            "      |         ^~~~\n");
}

TEST_F(SyntaxErrorTest, UnexpectedCharacter) {
  EXPECT_EQ(Errors("x {\n  a = @1\n}\n"),
            "main.berth:2:7: error: unexpected character `@`\n"
            "    2 |   a = @1\n"
            "      |       ^\n");
}

TEST_F(SyntaxErrorTest, UnexpectedControlCharacterIsShownByCodePoint) {
  EXPECT_EQ(Errors("x { a = \x01 1 }"),
            "main.berth:1:9: error: unexpected character U+0001\n"
            "    1 | x { a = ? 1 }\n"
            "      |         ^\n");
}

TEST_F(SyntaxErrorTest, UnmatchedClosingBrace) {
  EXPECT_EQ(Errors("x {\n  a = 1\n}\n}\n"),
            "main.berth:4:1: error: unmatched `}`: nothing open here to close; remove it or add "
            "the missing opening bracket\n"
            "    4 | }\n"
            "      | ^\n");
}

TEST_F(SyntaxErrorTest, MismatchedBracket) {
  EXPECT_EQ(Errors("x { a = (1 ] }"),
            "main.berth:1:12: error: unmatched `]`: the `(` opened at line 1 must be closed first "
            "with `)`\n"
            "    1 | x { a = (1 ] }\n"
            "      |            ^\n"
            "main.berth:1:9: note: `(` opened here\n"
            "    1 | x { a = (1 ] }\n"
            "      |         ^\n");
}

TEST_F(SyntaxErrorTest, UnclosedBraceAtEndOfFileNamesTheOpener) {
  EXPECT_EQ(Errors("a {\n  b {\n    c = 1\n"),
            "main.berth:4:1: error: unexpected end of file: `{` opened at line 2 is not closed\n"
            "    4 | \n"
            "      | ^\n"
            "main.berth:2:5: note: `{` opened here; add a matching `}`\n"
            "    2 |   b {\n"
            "      |     ^\n");
}

TEST_F(SyntaxErrorTest, UnterminatedComment) {
  EXPECT_EQ(Errors("/* never closed\nx { }\n"),
            "main.berth:1:1: error: unterminated comment: add `*/` to close the `/*`\n"
            "    1 | /* never closed\n"
            "      | ^~\n");
}

TEST_F(SyntaxErrorTest, MissingExpressionAtEndOfLine) {
  EXPECT_EQ(Errors("x { a = \n}\n"),
            "main.berth:1:8: error: expected an expression after `=`\n"
            "    1 | x { a = \n"
            "      |        ^\n");
}

TEST_F(SyntaxErrorTest, ListWithoutComma) {
  EXPECT_EQ(Errors("x { a = [1 2] }"),
            "main.berth:1:12: error: unexpected `2`: expected `]` or `,`\n"
            "    1 | x { a = [1 2] }\n"
            "      |            ^\n");
}

TEST_F(SyntaxErrorTest, UnknownUnit) {
  EXPECT_EQ(Errors("x { a = 10sec }"),
            "main.berth:1:9: error: unknown unit `sec` in `10sec`: the units are ms, s, m, h, d, "
            "KiB, MiB, GiB, TiB, % and vcpu\n"
            "    1 | x { a = 10sec }\n"
            "      |         ^~~~~\n");
}

// Errors after the first unbalanced bracket are not reported: they would be its echoes.
TEST_F(SyntaxErrorTest, ReportsEveryErrorOfAFileWithoutCascades) {
  EXPECT_EQ(Errors("x {\n  a = 1\n  b = = 2\n  c = 3 4\n  d = [1,\n  e = 5\n}\n"
                   "y \"l\" z { }\n"),
            "main.berth:3:7: error: unexpected `=`: expected an expression\n"
            "    3 |   b = = 2\n"
            "      |       ^\n"
            "main.berth:4:9: error: unexpected `4`: expected an attribute, a block or `}`\n"
            "    4 |   c = 3 4\n"
            "      |         ^\n"
            "main.berth:6:5: error: unexpected `=`: expected `]` or `,`\n"
            "    6 |   e = 5\n"
            "      |     ^\n"
            "main.berth:7:1: error: unmatched `}`: the `[` opened at line 5 must be closed first "
            "with `]`\n"
            "    7 | }\n"
            "      | ^\n"
            "main.berth:5:7: note: `[` opened here\n"
            "    5 |   d = [1,\n"
            "      |       ^\n");
}

TEST_F(SyntaxErrorTest, MissingPiecesOfExpressions) {
  EXPECT_EQ(Errors("x { a = b.\n}"),
            "main.berth:1:11: error: expected a name after `.`\n"
            "    1 | x { a = b.\n"
            "      |           ^\n");
  EXPECT_EQ(Errors("x { a = {k 1} }"),
            "main.berth:1:12: error: expected `=` or `:` after `k`\n"
            "    1 | x { a = {k 1} }\n"
            "      |            ^\n");
  EXPECT_EQ(Errors("x { a = [for x in y] }"),
            "main.berth:1:20: error: expected `:` after `y`\n"
            "    1 | x { a = [for x in y] }\n"
            "      |                    ^\n");
  EXPECT_EQ(Errors("x { a = if a then b }"),
            "main.berth:1:21: error: expected `else` after `b`\n"
            "    1 | x { a = if a then b }\n"
            "      |                     ^\n");
  EXPECT_EQ(Errors("x { a = a ? b }"),
            "main.berth:1:15: error: expected `:` after `b`\n"
            "    1 | x { a = a ? b }\n"
            "      |               ^\n");
  EXPECT_EQ(Errors("x { a = \"${}\" }"),
            "main.berth:1:12: error: expected an expression after `${`\n"
            "    1 | x { a = \"${}\" }\n"
            "      |            ^\n");
}

TEST_F(SyntaxErrorTest, TopLevelMistakes) {
  EXPECT_EQ(Errors("5\n"),
            "main.berth:1:1: error: unexpected `5`: expected `let`, `import`, a block or end of "
            "file\n"
            "    1 | 5\n"
            "      | ^\n");
  EXPECT_EQ(Errors("let = 3\n"),
            "main.berth:1:5: error: expected a name after `let`\n"
            "    1 | let = 3\n"
            "      |     ^\n");
  EXPECT_EQ(Errors("import foo\n"),
            "main.berth:1:8: error: expected a string after `import`\n"
            "    1 | import foo\n"
            "      |        ^~~\n");
  EXPECT_EQ(Errors("x \"a\" y { }"),
            "main.berth:1:7: error: unexpected `y`: expected `{`\n"
            "    1 | x \"a\" y { }\n"
            "      |       ^\n");
}

TEST_F(SyntaxErrorTest, UnknownEscapeIsLocatedAtTheEscape) {
  EXPECT_EQ(Errors("x { v = \"a\\qb\" }\n"),
            "main.berth:1:11: error: unknown escape `\\q` in string: the escapes are \\\" \\\\ \\n "
            "\\t \\r and \\$; write `\\\\q` for a backslash followed by `q`\n"
            "    1 | x { v = \"a\\qb\" }\n"
            "      |           ^~\n");
  // Columns count code points: the escape after `é` is at column 12.
  EXPECT_EQ(Errors("x { v = \"é\\x\" }\n"),
            "main.berth:1:11: error: unknown escape `\\x` in string: the escapes are \\\" \\\\ \\n "
            "\\t \\r and \\$; write `\\\\x` for a backslash followed by `x`\n"
            "    1 | x { v = \"é\\x\" }\n"
            "      |           ^~\n");
}

TEST_F(SyntaxErrorTest, LabelsMustBeIdentifiers) {
  EXPECT_EQ(
      Errors("service \"sample-api\" {}\n"),
      "main.berth:1:9: error: invalid label \"sample-api\": a label may contain only letters, "
      "digits and `_`, and must not start with a digit\n"
      "    1 | service \"sample-api\" {}\n"
      "      |         ^~~~~~~~~~~~\n");
  // Backend names are not identifiers, and the docs write `backend "aws-api" {}`.
  EXPECT_EQ(Errors("backend \"aws-api\" {}\n"), "");
  EXPECT_EQ(Errors("service \"a${b}\" {}\n"),
            "main.berth:1:9: error: a block label must be a plain string: `${}` is not allowed "
            "here\n"
            "    1 | service \"a${b}\" {}\n"
            "      |         ^~~~~~~\n");
  EXPECT_NE(Errors("x \"\" {}\n"), "");
  EXPECT_NE(Errors("x \"1a\" {}\n"), "");
}

TEST_F(SyntaxErrorTest, ImportWithoutUsableNameAsksForAs) {
  EXPECT_EQ(Errors("import \"./modules/web-service\"\n"),
            "main.berth:1:8: error: cannot name the module after `web-service`: add `as NAME`, "
            "where NAME is letters, digits and `_`\n"
            "    1 | import \"./modules/web-service\"\n"
            "      |        ^~~~~~~~~~~~~~~~~~~~~~~\n");
  EXPECT_EQ(Errors("import \"./modules/web-service\" as web\n"), "");
  EXPECT_NE(Errors("import \"a/${x}\" as y\n"), "");
}

TEST_F(SyntaxErrorTest, NumbersOutOfRange) {
  EXPECT_EQ(Errors("x { v = 9007199254740993 }\n"),
            "main.berth:1:9: error: number is too large: integers must be at most 2^53 "
            "(9007199254740992), `9007199254740993` is not\n"
            "    1 | x { v = 9007199254740993 }\n"
            "      |         ^~~~~~~~~~~~~~~~\n");
  EXPECT_EQ(Errors("x { v = 1e999 }\n"),
            "main.berth:1:9: error: number `1e999` is too large to represent\n"
            "    1 | x { v = 1e999 }\n"
            "      |         ^~~~~\n");
  EXPECT_EQ(Errors("x { v = 9_007_199_254_740_992 }\n"), "");
}

TEST_F(SyntaxErrorTest, InvalidUtf8IsOneErrorAtTheBadByte) {
  ast::File f = ParseText("x {\n  a = \"h\xc3\xa9\xff\"\n}\n");
  EXPECT_TRUE(f.items.empty());
  EXPECT_EQ(diags_.error_count(), 1u);
  EXPECT_EQ(diags_.all()[0].message, "invalid UTF-8 byte 0xff: save the file as UTF-8");
  EXPECT_EQ(RangeText(diags_.all()[0].range), "2:10-2:11");  // `é` is one column
}

TEST_F(SyntaxErrorTest, OverlongAndSurrogateEncodingsAreInvalid) {
  for (const char* bad : {"\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe2\x82"}) {
    diags_ = Diagnostics();
    ParseText(std::string("# ") + bad + "\n");
    ASSERT_EQ(diags_.error_count(), 1u) << bad;
    EXPECT_EQ(RangeText(diags_.all()[0].range), "1:3-1:4");
  }
}

TEST_F(SyntaxErrorTest, NulByteIsOneErrorAtItsPosition) {
  ast::File f = ParseText(std::string("x { a = 1 }\ny { b = \0 }\n", 24));
  EXPECT_TRUE(f.items.empty());
  EXPECT_EQ(Rendered(),
            "main.berth:2:9: error: NUL byte in source\n"
            "    2 | y { b = ? }\n"
            "      |         ^\n");
}

TEST_F(SyntaxErrorTest, ExpressionEntryPointReportsErrors) {
  uint32_t id = sources_.Add("--var x", "[1,");
  EXPECT_EQ(ParseExpression(options_, sources_, id, diags_), nullptr);
  EXPECT_EQ(Rendered(),
            "--var x:1:4: error: unexpected end of file: `[` opened at line 1 is not closed\n"
            "    1 | [1,\n"
            "      |    ^\n"
            "--var x:1:1: note: `[` opened here; add a matching `]`\n"
            "    1 | [1,\n"
            "      | ^\n");
}

}  // namespace
}  // namespace berth::parse_test
