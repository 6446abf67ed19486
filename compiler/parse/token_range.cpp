#include "compiler/parse/token_range.h"

namespace berth::parse {

uint32_t CodePoints(const std::string& utf8) {
  uint32_t n = 0;
  for (unsigned char c : utf8) {
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

SourceRange TokenRange(const antlr4::Token* token, uint32_t file_id) {
  SourceRange r;
  if (!token) return r;
  r.file = file_id;
  r.line = static_cast<uint32_t>(token->getLine());
  r.col = static_cast<uint32_t>(token->getCharPositionInLine()) + 1;
  r.end_line = r.line;
  r.end_col = r.col;
  size_t start = token->getStartIndex(), stop = token->getStopIndex();
  // Conjured tokens carry INVALID_INDEX; EOF has stop < start.
  if (token->getType() == antlr4::Token::EOF || start == INVALID_INDEX || stop == INVALID_INDEX ||
      stop < start) {
    return r;
  }
  size_t length = stop - start + 1;  // code points: the input stream is indexed by them
  // Only comments and unterminated comments span lines; others are measured without copying.
  if (length > 2 && token->getChannel() != antlr4::Token::DEFAULT_CHANNEL) {
    std::string text = token->getText();
    if (text.find('\n') != std::string::npos) {
      uint32_t line = r.line, col = r.col;
      for (size_t i = 0; i < text.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (c == '\n') {
          ++line;
          col = 1;
        } else if ((c & 0xC0) != 0x80) {
          ++col;
        }
      }
      r.end_line = line;
      r.end_col = col;
      return r;
    }
  }
  r.end_col = r.col + static_cast<uint32_t>(length);
  return r;
}

SourceRange SpanRange(const antlr4::Token* first, const antlr4::Token* last, uint32_t file_id) {
  SourceRange a = TokenRange(first, file_id);
  if (!last || last == first) return a;
  SourceRange b = TokenRange(last, file_id);
  // A rule that matched nothing has stop before start; keep the start alone.
  if (b.line < a.line || (b.line == a.line && b.end_col < a.col)) return a;
  a.end_line = b.end_line;
  a.end_col = b.end_col;
  return a;
}

SourceRange AfterToken(const antlr4::Token* token, uint32_t file_id) {
  SourceRange r = TokenRange(token, file_id);
  r.line = r.end_line;
  r.col = r.end_col;
  return r;
}

}  // namespace berth::parse
