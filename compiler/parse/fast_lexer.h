// A hand-written lexer producing exactly the tokens of grammar/BerthLexer.g4 (types, channels,
// code point indices, lines and columns), for the ANTLR parser to consume.
//
// Why not the generated lexer: the 4.9 C++ runtime matches characters through a hash map and
// a lock per step, which made lexing a 150,000-line file take most of half a second. The
// grammar stays the specification: a unit test runs both lexers over a corpus and random
// inputs and requires identical token streams.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "CharStream.h"
#include "CommonToken.h"
#include "TokenSource.h"

namespace berth::parse {

class FastLexer : public antlr4::TokenSource {
 public:
  // `content` must be valid UTF-8 (see CheckEncoding); `stream` is the same text as the
  // runtime's input stream, which tokens keep for getText().
  FastLexer(std::string_view content, antlr4::CharStream* stream);

  std::unique_ptr<antlr4::Token> nextToken() override;
  size_t getLine() const override { return line_; }
  size_t getCharPositionInLine() override { return col_; }
  antlr4::CharStream* getInputStream() override { return stream_; }
  std::string getSourceName() override { return stream_ ? stream_->getSourceName() : ""; }
  antlr4::TokenFactory<antlr4::CommonToken>* getTokenFactory() override;

 private:
  enum class Mode { kDefault, kString };

  // Byte at offset `k` from the cursor, or 0 past the end (NUL never occurs in valid input).
  unsigned char Peek(size_t k = 0) const {
    return pos_ + k < text_.size() ? static_cast<unsigned char>(text_[pos_ + k]) : 0;
  }
  bool AtEnd(size_t k = 0) const { return pos_ + k >= text_.size(); }
  // Bytes of the UTF-8 character starting `k` bytes ahead.
  size_t CharBytes(size_t k = 0) const;
  // Moves past `bytes` bytes, keeping the code point index, line and column.
  void Advance(size_t bytes);

  // Lengths (in bytes) of the longest match of each rule at the cursor.
  size_t MatchNumber(size_t& type) const;
  size_t MatchDigits(size_t at) const;
  size_t MatchStringText() const;

  void PushMode(Mode m) { modes_.push_back(m); }
  void PopMode();

  std::string_view text_;
  antlr4::CharStream* stream_;
  size_t pos_ = 0;    // byte offset
  size_t index_ = 0;  // code point index, what ANTLR's indices count
  size_t line_ = 1;
  size_t col_ = 0;  // code points since the line start, 0-based like ANTLR
  Mode mode_ = Mode::kDefault;
  std::vector<Mode> modes_;
};

}  // namespace berth::parse
