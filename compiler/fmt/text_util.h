// Small text helpers of the formatter: positions, widths and string quoting.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "compiler/base/source.h"

namespace berth::fmt_internal {

// A point of the source (line, code-point column), ordered as the text is.
struct Pos {
  uint32_t line = 0;
  uint32_t col = 0;
  auto operator<=>(const Pos&) const = default;
};

inline Pos Start(const SourceRange& r) { return {r.line, r.col}; }
inline Pos End(const SourceRange& r) { return {r.end_line, r.end_col}; }
inline bool Contains(const SourceRange& outer, const SourceRange& inner) {
  return Start(outer) <= Start(inner) && End(inner) <= End(outer);
}
// The position of the closing bracket of a range that ends with one: `}` of a block, `]` of a
// list. Comments before it are inside; comments after it follow the whole construct.
inline Pos ClosingBracket(const SourceRange& r) {
  return {r.end_line, r.end_col > 0 ? r.end_col - 1 : 0};
}

// Width in code points, which is what a reader counts against the line limit.
int Width(std::string_view utf8);
// The column after `text` when it starts at column `col`: multi-line text resets it.
int ColumnAfter(int col, std::string_view text);

// `s` as a berth string literal with quotes, escaped so the lexer reads back exactly `s`.
std::string Quote(std::string_view s);
// Appends the escaped text of a string piece. `before_interpolation`: a `${` follows the piece,
// so a final `$` must be escaped or it would pair with the `$` of `${`.
void AppendEscaped(std::string& out, std::string_view s, bool before_interpolation);

// Comment text without trailing white space on any of its lines (and without `\r`), so the
// output has none and a second pass sees the same text.
std::string CleanComment(std::string_view text);

std::string Indent(int indent, int width);

// The byte at `pos` of `source`, or 0 when out of range.
char ByteAt(const SourceFile& source, Pos pos);

}  // namespace berth::fmt_internal
