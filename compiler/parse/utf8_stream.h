// The parser's character stream, read from the file's UTF-8 bytes in place.
//
// Why not the runtime's ANTLRInputStream: it converts the whole file to UTF-32 up front (four
// bytes a character, written twice), which was a tenth of the CPU of compiling a 4 MB stack,
// for nothing: FastLexer reads the bytes, and the stream only answers Token::getText() when a
// diagnostic quotes a token. Indices are code points, as the runtime's are, so token positions
// are unchanged.
#pragma once

#include <string>

#include "CharStream.h"
#include "compiler/parse/source_text.h"

namespace berth::parse {

class Utf8Stream : public antlr4::CharStream {
 public:
  // `text` outlives the stream (and every token that points at it).
  explicit Utf8Stream(const SourceText& text) : text_(text) {}

  void consume() override;
  size_t LA(ssize_t i) override;
  ssize_t mark() override { return -1; }
  void release(ssize_t) override {}
  size_t index() override { return p_; }
  void seek(size_t index) override;
  size_t size() override { return text_.CodePoints(); }
  std::string getSourceName() const override;
  std::string getText(const antlr4::misc::Interval& interval) override;
  std::string toString() const override;

 private:
  const SourceText& text_;
  size_t p_ = 0;  // code point index
};

}  // namespace berth::parse
