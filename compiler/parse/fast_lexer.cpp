#include "compiler/parse/fast_lexer.h"

#include <algorithm>

#include "BerthLexer.h"
#include "CommonTokenFactory.h"
#include "compiler/parse/compact_token.h"

namespace berth::parse {

namespace {

using L = grammar::BerthLexer;

bool IsDigit(unsigned char c) { return c >= '0' && c <= '9'; }
bool IsIdentStart(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool IsIdentPart(unsigned char c) { return IsIdentStart(c) || IsDigit(c); }

size_t KeywordType(std::string_view word) {
  struct Keyword {
    std::string_view text;
    size_t type;
  };
  static constexpr Keyword kKeywords[] = {
      {"true", L::KW_TRUE}, {"false", L::KW_FALSE}, {"null", L::KW_NULL}, {"for", L::FOR},
      {"in", L::IN},        {"if", L::IF},          {"then", L::THEN},    {"else", L::ELSE},
      {"let", L::LET},      {"import", L::IMPORT},  {"as", L::AS},
  };
  for (const Keyword& k : kKeywords) {
    if (k.text == word) return k.type;
  }
  return L::IDENT;
}

}  // namespace

FastLexer::FastLexer(std::string_view content, antlr4::CharStream* stream)
    : text_(content), stream_(stream) {
  // The runtime's input stream drops a leading byte order mark; indices must agree with it.
  if (text_.starts_with("\xEF\xBB\xBF")) text_.remove_prefix(3);
}

antlr4::TokenFactory<antlr4::CommonToken>* FastLexer::getTokenFactory() {
  return antlr4::CommonTokenFactory::DEFAULT.get();
}

size_t FastLexer::CharBytes(size_t k) const {
  unsigned char c = Peek(k);
  size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  return std::min(n, text_.size() - (pos_ + k));
}

void FastLexer::Advance(size_t bytes) {
  size_t end = pos_ + bytes;
  for (; pos_ < end; ++pos_) {
    unsigned char c = static_cast<unsigned char>(text_[pos_]);
    if ((c & 0xC0) == 0x80) continue;
    ++index_;
    if (c == '\n') {
      ++line_;
      col_ = 0;
    } else {
      ++col_;
    }
  }
}

void FastLexer::PopMode() {
  // A stray '}' must not pop an empty stack: the parser reports the unbalanced brace.
  if (modes_.empty()) {
    mode_ = Mode::kDefault;
    return;
  }
  mode_ = modes_.back();
  modes_.pop_back();
}

// DIGITS : [0-9] ('_'? [0-9])*
size_t FastLexer::MatchDigits(size_t at) const {
  if (!IsDigit(Peek(at))) return 0;
  size_t n = 1;
  while (true) {
    if (IsDigit(Peek(at + n))) {
      ++n;
    } else if (Peek(at + n) == '_' && IsDigit(Peek(at + n + 1))) {
      n += 2;
    } else {
      return n;
    }
  }
}

// NUMBER : DIGITS ('.' DIGITS)? ([eE] [+-]? DIGITS)?   UNIT_NUMBER : DIGITS ('.' DIGITS)? UNIT
// The longer match wins; they cannot tie, as no unit starts with `e`.
size_t FastLexer::MatchNumber(size_t& type) const {
  size_t n = MatchDigits(0);
  if (Peek(n) == '.') {
    if (size_t frac = MatchDigits(n + 1)) n += 1 + frac;
  }
  size_t exponent = 0;
  if (Peek(n) == 'e' || Peek(n) == 'E') {
    size_t sign = (Peek(n + 1) == '+' || Peek(n + 1) == '-') ? 1 : 0;
    if (size_t digits = MatchDigits(n + 1 + sign)) exponent = 1 + sign + digits;
  }
  static constexpr std::string_view kUnits[] = {"ms",  "s",   "m",   "h", "d",   "KiB",
                                                "MiB", "GiB", "TiB", "%", "vcpu"};
  size_t unit = 0;
  for (std::string_view u : kUnits) {
    if (u.size() > unit && text_.substr(pos_ + n, u.size()) == u) unit = u.size();
  }
  if (unit > exponent) {
    type = L::UNIT_NUMBER;
    return n + unit;
  }
  type = L::NUMBER;
  return n + exponent;
}

// STRING_TEXT : (~["\\$\r\n] | '\\' ~[\r\n] | '$' ~["{\\\r\n])+ | '$' | '\\';
size_t FastLexer::MatchStringText() const {
  size_t n = 0;
  while (!AtEnd(n)) {
    unsigned char c = Peek(n);
    if (c == '"' || c == '\r' || c == '\n') break;
    if (c == '\\' || c == '$') {
      if (AtEnd(n + 1)) break;
      unsigned char next = Peek(n + 1);
      if (next == '\r' || next == '\n') break;
      if (c == '$' && (next == '"' || next == '{' || next == '\\')) break;
      n += 1 + CharBytes(n + 1);
      continue;
    }
    n += CharBytes(n);
  }
  if (n == 0 && (Peek() == '$' || Peek() == '\\')) return 1;
  return n;
}

std::unique_ptr<antlr4::Token> FastLexer::nextToken() {
  while (true) {
    size_t type = 0, length = 0;
    size_t channel = antlr4::Token::DEFAULT_CHANNEL;
    if (AtEnd()) {
      auto eof =
          std::make_unique<antlr4::CommonToken>(std::make_pair(this, stream_), antlr4::Token::EOF,
                                                antlr4::Token::DEFAULT_CHANNEL, index_, index_ - 1);
      eof->setLine(line_);
      eof->setCharPositionInLine(col_);
      return eof;
    }
    unsigned char c = Peek();
    if (mode_ == Mode::kString) {
      if (c == '"') {
        type = L::CLOSE_QUOTE;
        length = 1;
        PopMode();
      } else if (c == '\r' || c == '\n') {
        type = L::STRING_NEWLINE;
        length = 1;
        PopMode();
      } else if (c == '$' && Peek(1) == '{') {
        type = L::INTERP_OPEN;
        length = 2;
        PushMode(mode_);
        mode_ = Mode::kDefault;
      } else {
        type = L::STRING_TEXT;
        length = MatchStringText();
      }
    } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
               (c == 0xEF && Peek(1) == 0xBB && Peek(2) == 0xBF)) {
      while (!AtEnd()) {
        unsigned char w = Peek();
        if (w == ' ' || w == '\t' || w == '\r' || w == '\n') {
          Advance(1);
        } else if (w == 0xEF && Peek(1) == 0xBB && Peek(2) == 0xBF) {  // U+FEFF
          Advance(3);
        } else {
          break;
        }
      }
      continue;  // WS -> skip
    } else if (c == '#' || (c == '/' && Peek(1) == '/')) {
      type = L::LINE_COMMENT;
      channel = antlr4::Token::HIDDEN_CHANNEL;
      while (!AtEnd(length) && Peek(length) != '\r' && Peek(length) != '\n') ++length;
    } else if (c == '/' && Peek(1) == '*') {
      size_t close = text_.find("*/", pos_ + 2);
      if (close == std::string_view::npos) {
        type = L::UNTERMINATED_COMMENT;
        length = text_.size() - pos_;
      } else {
        type = L::BLOCK_COMMENT;
        channel = antlr4::Token::HIDDEN_CHANNEL;
        length = close + 2 - pos_;
      }
    } else if (IsDigit(c)) {
      length = MatchNumber(type);
    } else if (IsIdentStart(c)) {
      length = 1;
      while (IsIdentPart(Peek(length))) ++length;
      type = KeywordType(text_.substr(pos_, length));
    } else {
      length = 1;
      unsigned char next = Peek(1);
      switch (c) {
        case '{':
          type = L::LBRACE;
          PushMode(mode_);
          mode_ = Mode::kDefault;
          break;
        case '}':
          type = L::RBRACE;
          PopMode();
          break;
        case '[':
          type = L::LBRACKET;
          break;
        case ']':
          type = L::RBRACKET;
          break;
        case '(':
          type = L::LPAREN;
          break;
        case ')':
          type = L::RPAREN;
          break;
        case ',':
          type = L::COMMA;
          break;
        case '.':
          type = L::DOT;
          break;
        case '=':
          if (next == '>') {
            type = L::FAT_ARROW, length = 2;
          } else if (next == '=') {
            type = L::EQ, length = 2;
          } else {
            type = L::ASSIGN;
          }
          break;
        case '!':
          type = next == '=' ? (length = 2, L::NEQ) : L::NOT;
          break;
        case '<':
          type = next == '=' ? (length = 2, L::LE) : L::LT;
          break;
        case '>':
          type = next == '=' ? (length = 2, L::GE) : L::GT;
          break;
        case '&':
          type = next == '&' ? (length = 2, L::AND) : L::ERROR_CHAR;
          break;
        case '|':
          type = next == '|' ? (length = 2, L::OR) : L::ERROR_CHAR;
          break;
        case ':':
          type = L::COLON;
          break;
        case '?':
          type = L::QUESTION;
          break;
        case '+':
          type = L::PLUS;
          break;
        case '-':
          type = L::MINUS;
          break;
        case '*':
          type = L::STAR;
          break;
        case '/':
          type = L::SLASH;
          break;
        case ';':
          type = L::SEMI;
          break;
        case '"':
          type = L::OPEN_QUOTE;
          PushMode(mode_);
          mode_ = Mode::kString;
          break;
        default:
          type = L::ERROR_CHAR;
          length = CharBytes();
          break;
      }
    }
    size_t start_index = index_, start_line = line_, start_col = col_;
    Advance(length);
    auto token = std::make_unique<CompactToken>(this, type, channel, start_index, index_ - 1);
    token->setLine(start_line);
    token->setCharPositionInLine(start_col);
    return token;
  }
}

}  // namespace berth::parse
