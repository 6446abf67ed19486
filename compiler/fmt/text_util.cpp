#include "compiler/fmt/text_util.h"

namespace berth::fmt_internal {

int Width(std::string_view utf8) {
  int n = 0;
  for (char c : utf8) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

int ColumnAfter(int col, std::string_view text) {
  size_t nl = text.rfind('\n');
  if (nl == std::string_view::npos) return col + Width(text);
  return Width(text.substr(nl + 1));
}

void AppendEscaped(std::string& out, std::string_view s, bool before_interpolation) {
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      case '$': {
        // `${` starts an interpolation; `\$` keeps the dollar literal.
        bool last = i + 1 == s.size();
        bool escape = last ? before_interpolation : s[i + 1] == '{';
        out += escape ? "\\$" : "$";
        break;
      }
      default:
        out += c;
    }
  }
}

std::string Quote(std::string_view s) {
  std::string out = "\"";
  AppendEscaped(out, s, false);
  out += '"';
  return out;
}

std::string CleanComment(std::string_view text) {
  std::string out;
  size_t start = 0;
  while (true) {
    size_t nl = text.find('\n', start);
    std::string_view line =
        text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    size_t end = line.find_last_not_of(" \t\r\f\v");
    out.append(line.substr(0, end == std::string_view::npos ? 0 : end + 1));
    if (nl == std::string_view::npos) break;
    out += '\n';
    start = nl + 1;
  }
  return out;
}

std::string Indent(int indent, int width) { return std::string(indent * width, ' '); }

char ByteAt(const SourceFile& source, Pos pos) {
  std::string_view line = source.Line(pos.line);
  uint32_t col = 1;
  for (size_t i = 0; i < line.size(); ++i) {
    if ((static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) continue;  // inside a code point
    if (col == pos.col) return line[i];
    ++col;
  }
  return 0;
}

}  // namespace berth::fmt_internal
