#include "compiler/parse/compact_token.h"

#include "CharStream.h"
#include "CommonToken.h"
#include "misc/Interval.h"

namespace berth::parse {

std::string CompactToken::getText() const {
  // As CommonToken::getText.
  if (text_) return *text_;
  antlr4::CharStream* input = getInputStream();
  if (!input) return "";
  size_t n = input->size(), start = getStartIndex(), stop = getStopIndex();
  if (start < n && stop < n) return input->getText(antlr4::misc::Interval(start, stop));
  return "<EOF>";
}

std::string CompactToken::toString() const {
  // Only exceptions and debugging print tokens: the same text as a CommonToken's.
  antlr4::CommonToken common(const_cast<CompactToken*>(this));
  return common.toString();
}

}  // namespace berth::parse
