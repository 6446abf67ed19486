// The hand-written lexer must produce exactly the tokens of the generated one, which is the
// grammar's own reading of grammar/BerthLexer.g4.
#include "compiler/parse/fast_lexer.h"

#include <gtest/gtest.h>

#include <random>

#include "BerthLexer.h"
#include "antlr4-runtime.h"

namespace berth::parse_test {
namespace {

std::string Describe(antlr4::Token* t) {
  return std::to_string(t->getType()) + "@" + std::to_string(t->getChannel()) + " [" +
         std::to_string(static_cast<long>(t->getStartIndex())) + "," +
         std::to_string(static_cast<long>(t->getStopIndex())) + "] " +
         std::to_string(t->getLine()) + ":" + std::to_string(t->getCharPositionInLine());
}

std::vector<std::string> GeneratedTokens(const std::string& text) {
  antlr4::ANTLRInputStream input(text);
  grammar::BerthLexer lexer(&input);
  lexer.removeErrorListeners();
  std::vector<std::string> out;
  while (true) {
    std::unique_ptr<antlr4::Token> t = lexer.nextToken();
    out.push_back(Describe(t.get()));
    if (t->getType() == antlr4::Token::EOF) break;
  }
  if (lexer.getNumberOfSyntaxErrors() > 0) out.push_back("lexer errors");
  return out;
}

std::vector<std::string> FastTokens(const std::string& text) {
  antlr4::ANTLRInputStream input(text);
  parse::FastLexer lexer(text, &input);
  std::vector<std::string> out;
  while (true) {
    std::unique_ptr<antlr4::Token> t = lexer.nextToken();
    out.push_back(Describe(t.get()));
    if (t->getType() == antlr4::Token::EOF) break;
  }
  return out;
}

void ExpectSameTokens(const std::string& text) {
  EXPECT_EQ(FastTokens(text), GeneratedTokens(text)) << "input: " << text;
}

TEST(FastLexerTest, MatchesTheGrammarOnEveryConstruct) {
  const char* corpus[] = {
      "",
      "service \"api\" {\n  cpu = 256  memory = 512MiB\n}\n",
      "# comment\n// another\n/* block\n comment */ x",
      "/* unterminated",
      "/* ends in stars **",
      "/**/ /*/ */ /***/",
      "1 0.5 1_000 1e3 2.5E-1 1e+5 1e 1_ 1__0 1. 1.x 500ms 30s 5m 5min 1h 1d 512KiB 2GiB 1TiB "
      "70% 0.25vcpu 1vcpu 1Ki 10sec 1.5e3s",
      "true false null for in if then else let import as iff lets _x x1 X_Y",
      "{ } [ ] ( ) , . => == != <= >= < > && || ! = : ? + - * / ; & | @ ~ ` ^",
      "\"plain\" \"esc \\\" \\\\ \\n \\t \\$ \\q\" \"a$b $$ $\" \"${x}\" \"a${\"b${c}\"}d\"",
      "\"$\\\\\" \"x$\" \"$\" \"\\\"",
      "\"unterminated\nx = 1",
      "\"crlf\r\nx\"",
      "\"ends with backslash\\\n\"",
      "\"ends at eof\\",
      "\"${ {a = 1} }\" \"${ } }\" } } x",
      "\"héllo ${é}\" é ü 日本 🚀 \"🚀${x}🚀\"",
      "\xEF\xBB\xBFx = 1 \xEF\xBB\xBF",
      "a\tb\r\nc\rd",
      "\"$${x}\" \"\\$${x}\" \"${\"",
  };
  for (const char* text : corpus) ExpectSameTokens(text);
}

TEST(FastLexerTest, MatchesTheGrammarOnRandomText) {
  const std::vector<std::string> alphabet = {
      "a",  "e",   "E",    "m",  "s",   "K",  "i",  "B",  "v",  "c", "p", "u", "d",
      "h",  "_",   "0",    "1",  "9",   ".",  "%",  "+",  "-",  "*", "/", "#", "$",
      "\\", "\"",  "{",    "}",  "[",   "]",  "(",  ")",  "=",  ">", "<", "!", "&",
      "|",  ":",   "?",    ",",  ";",   " ",  "\t", "\n", "\r", "é", "🚀", "@", "\xEF\xBB\xBF",
      "if", "for", "true", "ms", "MiB", "${", "/*", "*/", "//"};
  std::mt19937 rng(12345);
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    size_t length = rng() % 40;
    for (size_t i = 0; i < length; ++i) text += alphabet[rng() % alphabet.size()];
    ExpectSameTokens(text);
    if (HasFailure()) break;
  }
}

}  // namespace
}  // namespace berth::parse_test
