// Token text read from the file's bytes. The runtime's Token::getText() converts from its UTF-32
// buffer on every call, which showed up as a tenth of the time of a large parse.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "Token.h"

namespace berth::parse {

class SourceText {
 public:
  explicit SourceText(std::string_view content);

  // The token's text; empty for EOF and tokens conjured by error recovery.
  std::string_view Text(const antlr4::Token* token) const;

  // The text as code points (what ANTLR's indices count), after a leading byte order mark.
  size_t CodePoints() const { return ascii_ ? content_.size() : offsets_.size() - 1; }
  char32_t CodePointAt(size_t index) const;  // index < CodePoints()
  // Code points [begin, end), begin <= end <= CodePoints().
  std::string_view CodePointSlice(size_t begin, size_t end) const;

 private:
  std::string_view content_;
  bool ascii_ = true;
  std::vector<uint32_t> offsets_;  // byte offset of each code point; only when not ASCII
};

}  // namespace berth::parse
