#include "compiler/parse/error_strategy.h"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

#include "BerthParser.h"
#include "FailedPredicateException.h"
#include "InputMismatchException.h"
#include "NoViableAltException.h"
#include "Parser.h"
#include "compiler/parse/token_range.h"

namespace berth::parse {

namespace {

using P = grammar::BerthParser;

constexpr size_t kExpressionStarts[] = {
    P::NUMBER, P::UNIT_NUMBER, P::KW_TRUE, P::KW_FALSE, P::KW_NULL, P::OPEN_QUOTE, P::IDENT,
    P::LPAREN, P::LBRACKET,    P::LBRACE,  P::NOT,      P::MINUS,   P::IF,
};
constexpr size_t kOperators[] = {
    P::DOT, P::LBRACKET, P::STAR, P::SLASH, P::PLUS, P::MINUS, P::LT,       P::LE,
    P::GT,  P::GE,       P::EQ,   P::NEQ,   P::AND,  P::OR,    P::QUESTION,
};

std::string Truncate(std::string text) {
  constexpr size_t kMax = 24;
  if (CodePoints(text) <= kMax) return text;
  size_t cut = 0, n = 0;
  while (cut < text.size() && n < kMax) {
    ++cut;
    while (cut < text.size() && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) ++cut;
    ++n;
  }
  return text.substr(0, cut) + "...";
}

// The on-channel token before `token`, or nullptr at the start of the file.
antlr4::Token* Previous(antlr4::Parser* parser, antlr4::Token* token) {
  antlr4::TokenStream* stream = parser->getTokenStream();
  if (token->getTokenIndex() == INVALID_INDEX) return nullptr;
  for (size_t i = token->getTokenIndex(); i-- > 0;) {
    antlr4::Token* t = stream->get(i);
    if (t->getChannel() == antlr4::Token::DEFAULT_CHANNEL) return t;
  }
  return nullptr;
}

// A token as named in a message. A string's closing quote stands for the whole string when it
// is short and plain.
std::string Describe(antlr4::Parser* parser, antlr4::Token* token) {
  switch (token->getType()) {
    case antlr4::Token::EOF:
      return "end of file";
    case P::OPEN_QUOTE:
      return "a string";
    case P::STRING_NEWLINE:
      return "the end of the line";
    case P::CLOSE_QUOTE: {
      antlr4::TokenStream* stream = parser->getTokenStream();
      size_t i = token->getTokenIndex();
      if (i != INVALID_INDEX && i >= 2 && stream->get(i - 1)->getType() == P::STRING_TEXT &&
          stream->get(i - 2)->getType() == P::OPEN_QUOTE) {
        std::string text = stream->get(i - 1)->getText();
        if (CodePoints(text) <= 24) return "`\"" + text + "\"`";
      }
      if (i != INVALID_INDEX && i >= 1 && stream->get(i - 1)->getType() == P::OPEN_QUOTE) {
        return "`\"\"`";
      }
      return "the string";
    }
    default:
      return "`" + Truncate(token->getText()) + "`";
  }
}

// "unexpected X": like Describe, without an article.
std::string DescribeUnexpected(antlr4::Parser* parser, antlr4::Token* token) {
  if (token->getType() == P::OPEN_QUOTE) return "string";
  return Describe(parser, token);
}

// The words for what may come next, at most a few of them. Expression starts and operators
// are summarised: listing thirteen tokens helps nobody.
std::string DescribeExpected(antlr4::Parser* parser, const antlr4::misc::IntervalSet& set) {
  std::vector<size_t> types;
  for (ssize_t t : set.toList()) types.push_back(static_cast<size_t>(t));
  auto has = [&](size_t t) { return set.contains(t); };
  std::vector<std::string> words;
  bool expression = has(P::NUMBER) && has(P::OPEN_QUOTE) && has(P::LPAREN);
  size_t rule = parser->getContext() ? parser->getContext()->getRuleIndex() : 0;
  // After a name in a body: the label is optional, so it is never what was forgotten.
  bool after_member_name = rule == P::RuleBodyItem && has(P::ASSIGN) && has(P::LBRACE);
  int operators = 0;
  for (size_t t : kOperators) operators += has(t);
  bool body_level = rule == P::RuleBody || rule == P::RuleVarFile || rule == P::RuleBlock ||
                    rule == P::RuleBodyItem;
  bool file_level = rule == P::RuleFile || rule == P::RuleItem;
  if (expression) words.push_back("an expression");
  // `=` first: after a name it is the likelier intent than a block.
  if (has(P::ASSIGN)) {
    words.push_back("`=`");
    types.erase(std::find(types.begin(), types.end(), size_t{P::ASSIGN}));
  }
  for (size_t t : types) {
    if (expression && std::find(std::begin(kExpressionStarts), std::end(kExpressionStarts), t) !=
                          std::end(kExpressionStarts)) {
      continue;
    }
    if (operators >= 3 &&
        std::find(std::begin(kOperators), std::end(kOperators), t) != std::end(kOperators)) {
      continue;
    }
    switch (t) {
      case P::SEMI:
        continue;  // an optional separator: never what is missing
      case P::IDENT:
        if (body_level) {
          words.push_back("an attribute");
          words.push_back("a block");
        } else {
          words.push_back(file_level ? "a block" : "a name");
        }
        break;
      case P::IMPORT:
        words.push_back("`import`");
        break;
      case P::LET:
        words.push_back("`let`");
        break;
      case P::OPEN_QUOTE:
        if (!after_member_name) words.push_back("a string");
        break;
      case P::NUMBER:
        words.push_back("a number");
        break;
      case antlr4::Token::EOF:
        continue;  // listed last
      default: {
        std::string literal = parser->getVocabulary().getLiteralName(t);
        if (literal.size() >= 2 && literal.front() == '\'') {
          literal = literal.substr(1, literal.size() - 2);
        }
        if (literal.empty()) literal = parser->getVocabulary().getSymbolicName(t);
        words.push_back("`" + literal + "`");
      }
    }
  }
  if (has(antlr4::Token::EOF)) words.push_back("end of file");
  if (words.empty() && operators >= 3) words.push_back("an operator");
  if (words.empty()) return "something else";
  constexpr size_t kMaxWords = 4;
  if (words.size() > kMaxWords) words.resize(kMaxWords);
  std::string out;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += i + 1 == words.size() ? " or " : ", ";
    out += words[i];
  }
  return out;
}

}  // namespace

void ErrorStrategy::ReportExpected(antlr4::Parser* parser, antlr4::Token* offending,
                                   const antlr4::misc::IntervalSet& expected) {
  uint32_t file = sink_.file_id();
  antlr4::Token* prev = Previous(parser, offending);
  SourceRange at = TokenRange(offending, file);
  SourceRange shown = at;
  bool at_end = offending->getType() == antlr4::Token::EOF;
  if (prev && (at_end || prev->getLine() != offending->getLine())) shown = AfterToken(prev, file);
  std::string what = DescribeExpected(parser, expected);
  std::string message;
  if (prev) {
    message = fmt::format("expected {} after {}", what, Describe(parser, prev));
  } else {
    message = fmt::format("expected {}, found {}", what, DescribeUnexpected(parser, offending));
  }
  if (at_end) message = "unexpected end of file: " + message;
  sink_.Syntax(shown, at, message);
}

void ErrorStrategy::sync(antlr4::Parser* parser) {
  antlr4::ParserRuleContext* ctx = parser->getContext();
  size_t rule = ctx ? ctx->getRuleIndex() : 0;
  if (rule != P::RuleBody && rule != P::RuleFile) {
    DefaultErrorStrategy::sync(parser);
    return;
  }
  antlr4::TokenStream* input = parser->getTokenStream();
  antlr4::misc::IntervalSet expected = parser->getExpectedTokens();
  size_t la = input->LA(1);
  if (la == antlr4::Token::EOF || expected.contains(la)) return;
  if (!inErrorRecoveryMode(parser)) {
    beginErrorCondition(parser);
    antlr4::Token* offending = parser->getCurrentToken();
    SourceRange at = TokenRange(offending, sink_.file_id());
    sink_.Syntax(at, at,
                 fmt::format("unexpected {}: expected {}", DescribeUnexpected(parser, offending),
                             DescribeExpected(parser, expected)));
  }
  while (la != antlr4::Token::EOF && !expected.contains(la)) {
    parser->consume();
    la = input->LA(1);
  }
}

void ErrorStrategy::reportNoViableAlternative(antlr4::Parser* parser,
                                              const antlr4::NoViableAltException& e) {
  antlr4::Token* offending = e.getOffendingToken();
  antlr4::Token* start = e.getStartToken();
  size_t rule = parser->getContext() ? parser->getContext()->getRuleIndex() : 0;
  bool item_level =
      rule == P::RuleBody || rule == P::RuleFile || rule == P::RuleItem || rule == P::RuleVarFile;
  // `cpu 256`: both an attribute and a block start with a name; what follows decides.
  if (item_level && start && start->getType() == P::IDENT && start != offending) {
    antlr4::misc::IntervalSet expected;
    expected.add(P::ASSIGN);
    expected.add(P::LBRACE);
    ReportExpected(parser, offending, expected);
    return;
  }
  if (start && start != offending) {
    antlr4::Token* prev = Previous(parser, offending);
    std::string message = fmt::format("unexpected {}", DescribeUnexpected(parser, offending));
    if (prev) message += " after " + Describe(parser, prev);
    SourceRange at = TokenRange(offending, sink_.file_id());
    sink_.Syntax(at, at, message);
    return;
  }
  ReportExpected(parser, offending, parser->getExpectedTokens());
}

void ErrorStrategy::reportInputMismatch(antlr4::Parser* parser,
                                        const antlr4::InputMismatchException& e) {
  ReportExpected(parser, e.getOffendingToken(), e.getExpectedTokens());
}

void ErrorStrategy::reportFailedPredicate(antlr4::Parser* parser,
                                          const antlr4::FailedPredicateException& e) {
  // The grammar's only predicates are operator precedences: a failure is a misplaced operator.
  antlr4::Token* offending = e.getOffendingToken();
  SourceRange at = TokenRange(offending, sink_.file_id());
  sink_.Syntax(at, at, fmt::format("unexpected {}", DescribeUnexpected(parser, offending)));
}

void ErrorStrategy::reportUnwantedToken(antlr4::Parser* parser) {
  if (inErrorRecoveryMode(parser)) return;
  beginErrorCondition(parser);
  antlr4::Token* offending = parser->getCurrentToken();
  SourceRange at = TokenRange(offending, sink_.file_id());
  std::string message =
      fmt::format("unexpected {}: expected {}", DescribeUnexpected(parser, offending),
                  DescribeExpected(parser, getExpectedTokens(parser)));
  sink_.Syntax(at, at, message);
}

void ErrorStrategy::reportMissingToken(antlr4::Parser* parser) {
  if (inErrorRecoveryMode(parser)) return;
  beginErrorCondition(parser);
  ReportExpected(parser, parser->getCurrentToken(), getExpectedTokens(parser));
}

}  // namespace berth::parse
