#include "compiler/parse/token_scan.h"

#include <fmt/format.h>

#include "BerthLexer.h"
#include "WritableToken.h"
#include "compiler/parse/token_range.h"

namespace berth::parse {

namespace {

using L = grammar::BerthLexer;

// A character as shown in a message: control and invisible characters by code point.
std::string ShowChar(const std::string& text) {
  if (text.size() == 1) {
    unsigned char c = static_cast<unsigned char>(text[0]);
    if (c < 0x20 || c == 0x7f) return fmt::format("U+{:04X}", c);
    if (c == '`') return "` ` `";
    return "`" + text + "`";
  }
  return "`" + text + "`";
}

const char* CloserOf(size_t opener) {
  switch (opener) {
    case L::LBRACE:
    case L::INTERP_OPEN:
      return "}";
    case L::LBRACKET:
      return "]";
    case L::LPAREN:
      return ")";
    default:
      return "\"";
  }
}

size_t CloserType(size_t opener) {
  switch (opener) {
    case L::LBRACE:
    case L::INTERP_OPEN:
      return L::RBRACE;
    case L::LBRACKET:
      return L::RBRACKET;
    case L::LPAREN:
      return L::RPAREN;
    default:
      return L::CLOSE_QUOTE;
  }
}

// Ends an operand: a `-` after one is binary, otherwise unary.
bool EndsOperand(size_t type) {
  switch (type) {
    case L::IDENT:
    case L::NUMBER:
    case L::UNIT_NUMBER:
    case L::KW_TRUE:
    case L::KW_FALSE:
    case L::KW_NULL:
    case L::CLOSE_QUOTE:
    case L::STRING_NEWLINE:
    case L::RPAREN:
    case L::RBRACKET:
    case L::RBRACE:
      return true;
    default:
      return false;
  }
}

bool IsWord(size_t type) {
  return type == L::IDENT || (type >= L::KW_TRUE && type <= L::AS) || type == L::NUMBER ||
         type == L::UNIT_NUMBER;
}

void Hide(antlr4::Token* token) {
  if (auto* w = dynamic_cast<antlr4::WritableToken*>(token)) w->setChannel(kReportedChannel);
}

class Scanner {
 public:
  Scanner(const SourceText& text, int max_nesting, ErrorSink& sink,
          std::vector<ast::Comment>* comments)
      : text_(text),
        max_nesting_(max_nesting),
        sink_(sink),
        comments_(comments),
        file_(sink.file_id()) {}

  ScanResult Run(const std::vector<antlr4::Token*>& tokens) {
    for (size_t i = 0; i < tokens.size(); ++i) {
      antlr4::Token* t = tokens[i];
      size_t type = t->getType();
      switch (type) {
        case L::LINE_COMMENT:
        case L::BLOCK_COMMENT:
          if (comments_) comments_->push_back({std::string(text_.Text(t)), TokenRange(t, file_)});
          continue;
        case L::UNTERMINATED_COMMENT: {
          SourceRange r = TokenRange(t, file_);
          r.end_line = r.line;
          r.end_col = r.col + 2;
          sink_.Lexical(r, "unterminated comment: add `*/` to close the `/*`");
          Hide(t);
          continue;
        }
        case L::ERROR_CHAR: {
          // A run of stray characters is one mistake.
          size_t j = i;
          std::string text;
          while (j < tokens.size() && tokens[j]->getType() == L::ERROR_CHAR &&
                 (j == i || tokens[j]->getStartIndex() == tokens[j - 1]->getStopIndex() + 1)) {
            Hide(tokens[j]);
            ++j;
          }
          std::string shown = ShowChar(Text(t));
          SourceRange r = SpanRange(t, tokens[j - 1], file_);
          sink_.Lexical(r, j - i == 1
                               ? fmt::format("unexpected character {}", shown)
                               : fmt::format("unexpected characters starting with {}", shown));
          i = j - 1;
          continue;
        }
        default:
          break;
      }
      if (t->getChannel() != antlr4::Token::DEFAULT_CHANNEL) continue;
      CheckUnit(t, i + 1 < tokens.size() ? tokens[i + 1] : nullptr);
      if (!Brackets(t)) return {true};
      if (!Operators(t)) return {true};
      prev_type_ = type;
    }
    return {};
  }

 private:
  // Nesting the parser recurses into: brackets, prefix operators (`- - - x`) and conditionals
  // (`a ? b : c ? ...`, `if a then b else if ...`). Operators are counted per expression, an
  // over-estimate no real expression comes near.
  int Depth() const { return depth_ + operators_; }

  // False when operators nest too deep.
  bool Operators(antlr4::Token* t) {
    size_t type = t->getType();
    bool prefix = (type == L::NOT || type == L::MINUS) && !EndsOperand(prev_type_);
    switch (type) {
      case L::NOT:
      case L::MINUS:
        if (!prefix) break;
        [[fallthrough]];
      case L::QUESTION:
      case L::IF:
        ++operators_;
        ++level_operators_.back();
        break;
      case L::ASSIGN:
      case L::COMMA:
      case L::FAT_ARROW:
      case L::SEMI:
        // These end an expression: conditionals before them are not nested in what follows.
        operators_ -= level_operators_.back();
        level_operators_.back() = 0;
        break;
      default:
        break;
    }
    if (Depth() > max_nesting_) {
      TooDeep(t);
      return false;
    }
    return true;
  }

  void EnterLevel() { level_operators_.push_back(0); }
  void LeaveLevel() {
    if (level_operators_.size() <= 1) return;
    operators_ -= level_operators_.back();
    level_operators_.pop_back();
  }

  void TooDeep(antlr4::Token* t) {
    sink_.Lexical(TokenRange(t, file_),
                  fmt::format("nesting is deeper than {} levels: split this expression into "
                              "`let`s",
                              max_nesting_));
  }

  // `10sec`: a number glued to a word is a misspelt unit, not two values.
  void CheckUnit(antlr4::Token* t, antlr4::Token* next) {
    if (!next || (t->getType() != L::NUMBER && t->getType() != L::UNIT_NUMBER)) return;
    if (!IsWord(next->getType()) || next->getStartIndex() != t->getStopIndex() + 1) return;
    // The lexer took what it could as a unit (`10s` + `ec`); name the whole suffix.
    std::string literal = Text(t) + Text(next);
    size_t digits = literal.find_first_not_of("0123456789_.");
    SourceRange r = SpanRange(t, next, file_);
    sink_.Lexical(r, fmt::format("unknown unit `{}` in `{}`: the units are ms, s, m, h, d, KiB, "
                                 "MiB, GiB, TiB, % and vcpu",
                                 literal.substr(digits), literal));
    Hide(next);
  }

  // Tracks openers; false when nesting is too deep. After the first unbalanced bracket the
  // pairs are no longer checked (everything after it would be off by one), but depth still is.
  bool Brackets(antlr4::Token* t) {
    size_t type = t->getType();
    switch (type) {
      case L::LBRACE:
      case L::LBRACKET:
      case L::LPAREN:
      case L::INTERP_OPEN:
        stack_.push_back(t);
        EnterLevel();
        if (++depth_ + operators_ > max_nesting_) {
          TooDeep(t);
          return false;
        }
        return true;
      case L::OPEN_QUOTE:
        stack_.push_back(t);
        return true;
      case L::CLOSE_QUOTE:
      case L::STRING_NEWLINE:
        CloseString(t);
        return true;
      case L::RBRACE:
      case L::RBRACKET:
      case L::RPAREN:
        if (depth_ > 0) --depth_;
        LeaveLevel();
        Close(t);
        return true;
      case antlr4::Token::EOF:
        AtEnd(t);
        return true;
      default:
        return true;
    }
  }

  // Only the lexer's string mode produces these, so an open quote is on the stack.
  void CloseString(antlr4::Token* t) {
    size_t k = stack_.size();
    while (k > 0 && stack_[k - 1]->getType() != L::OPEN_QUOTE) --k;
    if (k == 0) return;
    if (t->getType() == L::STRING_NEWLINE) Unterminated(stack_[k - 1], t);
    stack_.resize(k - 1);
  }

  void Close(antlr4::Token* t) {
    if (broken_) return;
    std::string text = Text(t);
    if (stack_.empty()) {
      SourceRange r = TokenRange(t, file_);
      sink_.Lexical(r, fmt::format("unmatched `{}`: nothing open here to close; remove it or add "
                                   "the missing opening bracket",
                                   text));
      Broken(r);
      return;
    }
    antlr4::Token* open = stack_.back();
    const char* expected = CloserOf(open->getType());
    if (CloserType(open->getType()) != t->getType()) {
      SourceRange r = TokenRange(t, file_);
      Diagnostic* d = sink_.Lexical(
          r,
          fmt::format("unmatched `{}`: the `{}` opened at line {} must be closed first with `{}`",
                      text, Text(open), open->getLine(), expected));
      if (d)
        d->notes.push_back({fmt::format("`{}` opened here", Text(open)), TokenRange(open, file_)});
      Broken(r);
      return;
    }
    stack_.pop_back();
  }

  void AtEnd(antlr4::Token* eof) {
    if (stack_.empty()) return;
    antlr4::Token* open = stack_.back();
    if (open->getType() == L::OPEN_QUOTE) {
      Unterminated(open, eof);
      Broken(TokenRange(eof, file_));
      return;
    }
    if (broken_) return;
    SourceRange r = TokenRange(eof, file_);
    Diagnostic* d =
        sink_.Lexical(r, fmt::format("unexpected end of file: `{}` opened at line {} is not closed",
                                     Text(open), open->getLine()));
    if (d) {
      d->notes.push_back({fmt::format("`{}` opened here; add a matching `{}`", Text(open),
                                      CloserOf(open->getType())),
                          TokenRange(open, file_)});
    }
    Broken(r);
  }

  // Shown from the opening quote to the end of its line (`end`: the line end or EOF), where
  // the closing quote belongs.
  void Unterminated(antlr4::Token* quote, antlr4::Token* end) {
    SourceRange r = TokenRange(quote, file_);
    SourceRange e = TokenRange(end, file_);
    if (e.line == r.line && e.col > r.col) r.end_col = e.col;
    sink_.Lexical(r, "unterminated string: add a closing `\"`");
  }

  void Broken(const SourceRange& r) {
    broken_ = true;
    sink_.SetStructuralError(r);
  }

  // The text of a token, for messages.
  std::string Text(antlr4::Token* t) const { return std::string(text_.Text(t)); }

  const SourceText& text_;
  int max_nesting_;
  ErrorSink& sink_;
  std::vector<ast::Comment>* comments_;
  uint32_t file_;
  std::vector<antlr4::Token*> stack_;
  int depth_ = 0;  // open brackets; a string alone is no nesting
  int operators_ = 0;
  std::vector<int> level_operators_ = {0};  // operators per open bracket, outermost first
  size_t prev_type_ = 0;
  bool broken_ = false;
};

}  // namespace

ScanResult ScanTokens(const std::vector<antlr4::Token*>& tokens, const SourceText& text,
                      int max_nesting, ErrorSink& sink, std::vector<ast::Comment>* comments) {
  return Scanner(text, max_nesting, sink, comments).Run(tokens);
}

}  // namespace berth::parse
