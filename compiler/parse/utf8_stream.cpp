#include "compiler/parse/utf8_stream.h"

#include "Exceptions.h"
#include "misc/Interval.h"

namespace berth::parse {

// Each member answers as ANTLRInputStream (runtime 4.9) does for the same text.

void Utf8Stream::consume() {
  if (p_ >= size()) throw antlr4::IllegalStateException("cannot consume EOF");
  ++p_;
}

size_t Utf8Stream::LA(ssize_t i) {
  if (i == 0) return 0;  // undefined
  ssize_t position = static_cast<ssize_t>(p_);
  if (i < 0) {
    ++i;  // LA(-1) is the character just consumed
    if (position + i - 1 < 0) return antlr4::IntStream::EOF;
  }
  if (position + i - 1 >= static_cast<ssize_t>(size())) return antlr4::IntStream::EOF;
  return text_.CodePointAt(static_cast<size_t>(position + i - 1));
}

void Utf8Stream::seek(size_t index) {
  // Backwards jumps directly; forwards consumes, so a seek past the end stops at it.
  if (index <= p_) {
    p_ = index;
    return;
  }
  p_ = std::min(index, size());
}

std::string Utf8Stream::getSourceName() const { return antlr4::IntStream::UNKNOWN_SOURCE_NAME; }

std::string Utf8Stream::getText(const antlr4::misc::Interval& interval) {
  if (interval.a < 0 || interval.b < 0) return "";
  size_t start = static_cast<size_t>(interval.a), stop = static_cast<size_t>(interval.b);
  size_t n = size();
  if (n == 0 || start >= n) return "";
  if (stop >= n) stop = n - 1;
  if (stop < start) return "";
  return std::string(text_.CodePointSlice(start, stop + 1));
}

std::string Utf8Stream::toString() const {
  return std::string(text_.CodePointSlice(0, text_.CodePoints()));
}

}  // namespace berth::parse
