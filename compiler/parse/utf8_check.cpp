#include "compiler/parse/utf8_check.h"

#include <fmt/format.h>

namespace berth::parse {

namespace {

// Length of the well-formed UTF-8 sequence at `i`, or 0 when none starts there (Unicode table
// 3-7: no overlong forms, no surrogates, nothing above U+10FFFF).
size_t SequenceLength(const std::string& s, size_t i) {
  auto byte = [&](size_t k) -> unsigned { return static_cast<unsigned char>(s[k]); };
  unsigned b0 = byte(i);
  if (b0 < 0x80) return 1;
  size_t len;
  unsigned lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    unsigned b = byte(i + k);
    if (b < (k == 1 ? lo : 0x80u) || b > (k == 1 ? hi : 0xBFu)) return 0;
  }
  return len;
}

}  // namespace

bool CheckEncoding(const SourceFile& file, uint32_t file_id, Diagnostics& diags) {
  const std::string& s = file.content;
  uint32_t line = 1, col = 1;
  size_t i = s.starts_with("\xEF\xBB\xBF") ? 3 : 0;  // a byte order mark is no column
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == 0) {
      diags.Error({file_id, line, col, line, col + 1}, "NUL byte in source");
      return false;
    }
    size_t len = SequenceLength(s, i);
    if (len == 0) {
      // The byte reported is the one where no valid character starts, which is also the one the
      // column points at.
      diags.Error({file_id, line, col, line, col + 1},
                  fmt::format("invalid UTF-8 byte 0x{:02x}: save the file as UTF-8", c));
      return false;
    }
    if (c == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
    i += len;
  }
  return true;
}

}  // namespace berth::parse
