// The lexer's tokens, in 48 bytes instead of CommonToken's 112.
//
// Why: a 4 MB stack is 800,000 tokens, all alive until the file is parsed; as CommonTokens they
// were 90 MiB, the largest part of the parse's peak memory (and memory first touched costs a
// page fault each 4 KiB). Fields are 32 bits (a source file has fewer than 2^32 code points);
// every getter answers as CommonToken's does, INVALID_INDEX included.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "TokenSource.h"
#include "WritableToken.h"

namespace berth::parse {

class CompactToken : public antlr4::WritableToken {
 public:
  CompactToken(antlr4::TokenSource* source, size_t type, size_t channel, size_t start, size_t stop)
      : source_(source),
        type_(Narrow16(type)),
        channel_(Narrow16(channel)),
        start_(Narrow32(start)),
        stop_(Narrow32(stop)) {}

  std::string getText() const override;
  size_t getType() const override { return Widen(type_); }
  size_t getLine() const override { return line_; }
  size_t getCharPositionInLine() const override { return Widen(col_); }
  size_t getChannel() const override { return Widen(channel_); }
  size_t getTokenIndex() const override { return Widen(index_); }
  size_t getStartIndex() const override { return Widen(start_); }
  size_t getStopIndex() const override { return Widen(stop_); }
  antlr4::TokenSource* getTokenSource() const override { return source_; }
  antlr4::CharStream* getInputStream() const override { return source_->getInputStream(); }
  std::string toString() const override;

  void setText(const std::string& text) override { text_ = std::make_unique<std::string>(text); }
  void setType(size_t type) override { type_ = Narrow16(type); }
  void setLine(size_t line) override { line_ = static_cast<uint32_t>(line); }
  void setCharPositionInLine(size_t pos) override { col_ = Narrow32(pos); }
  void setChannel(size_t channel) override { channel_ = Narrow16(channel); }
  void setTokenIndex(size_t index) override { index_ = Narrow32(index); }

 private:
  // The runtime's "none" (size_t(-1): INVALID_INDEX, EOF) is kept as the narrow type's maximum.
  static uint16_t Narrow16(size_t v) { return v == size_t(-1) ? UINT16_MAX : uint16_t(v); }
  static uint32_t Narrow32(size_t v) { return v == size_t(-1) ? UINT32_MAX : uint32_t(v); }
  static size_t Widen(uint16_t v) { return v == UINT16_MAX ? size_t(-1) : v; }
  static size_t Widen(uint32_t v) { return v == UINT32_MAX ? size_t(-1) : v; }

  antlr4::TokenSource* source_;
  std::unique_ptr<std::string> text_;  // set only by setText (the runtime never does here)
  uint16_t type_;
  uint16_t channel_;
  uint32_t start_;
  uint32_t stop_;
  uint32_t line_ = 0;
  uint32_t col_ = UINT32_MAX;
  uint32_t index_ = UINT32_MAX;
};

}  // namespace berth::parse
