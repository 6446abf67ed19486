#include "compiler/parse/literals.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string_view>

namespace berth::parse {

namespace {

struct Unit {
  std::string_view suffix;
  ValueKind kind;
  double factor;  // to the value's base unit: milliseconds, bytes, percent points, CPU units
};

// Longest suffixes first so that `ms` is not read as `s`.
constexpr Unit kUnits[] = {
    {"vcpu", ValueKind::kCpu, 1024},
    {"KiB", ValueKind::kSize, 1024.0},
    {"MiB", ValueKind::kSize, 1024.0 * 1024},
    {"GiB", ValueKind::kSize, 1024.0 * 1024 * 1024},
    {"TiB", ValueKind::kSize, 1024.0 * 1024 * 1024 * 1024},
    {"ms", ValueKind::kDuration, 1},
    {"s", ValueKind::kDuration, 1000},
    {"m", ValueKind::kDuration, 60 * 1000},
    {"h", ValueKind::kDuration, 60 * 60 * 1000},
    {"d", ValueKind::kDuration, 24 * 60 * 60 * 1000},
    {"%", ValueKind::kPercent, 1},
};

Value MakeValue(ValueKind kind, double v, const SourceRange& range) {
  switch (kind) {
    case ValueKind::kDuration:
      return Value::Duration(v, range);
    case ValueKind::kSize:
      return Value::Size(v, range);
    case ValueKind::kPercent:
      return Value::Percent(v, range);
    case ValueKind::kCpu:
      return Value::Cpu(v, range);
    default:
      return Value::Number(v, range);
  }
}

}  // namespace

std::optional<Value> ParseNumberLiteral(const std::string& text, const SourceRange& range,
                                        ErrorSink& diags) {
  std::string_view digits = text;
  const Unit* unit = nullptr;
  for (const Unit& u : kUnits) {
    if (digits.size() > u.suffix.size() && digits.ends_with(u.suffix)) {
      unit = &u;
      digits.remove_suffix(u.suffix.size());
      break;
    }
  }
  std::string plain;
  plain.reserve(digits.size());
  for (char c : digits) {
    if (c != '_') plain += c;
  }
  bool is_integer = plain.find_first_of(".eE") == std::string::npos;
  double v = std::strtod(plain.c_str(), nullptr);
  // Compared as digits: 2^53 + 1 rounds to 2^53 as a double.
  if (is_integer) {
    std::string_view d = plain;
    while (d.size() > 1 && d.front() == '0') d.remove_prefix(1);
    constexpr std::string_view kMax = "9007199254740992";
    if (d.size() > kMax.size() || (d.size() == kMax.size() && d > kMax)) {
      diags.Error(range, fmt::format("number is too large: integers must be at most 2^53 "
                                     "(9007199254740992), `{}` is not",
                                     text));
      return std::nullopt;
    }
  }
  if (!std::isfinite(v)) {
    diags.Error(range, fmt::format("number `{}` is too large to represent", text));
    return std::nullopt;
  }
  if (!unit) return Value::Number(v, range);
  double scaled = v * unit->factor;
  if (!std::isfinite(scaled)) {
    diags.Error(range, fmt::format("number `{}` is too large to represent", text));
    return std::nullopt;
  }
  return MakeValue(unit->kind, scaled, range);
}

std::string UnescapeStringText(std::string_view text, const SourceRange& range, ErrorSink& diags) {
  // Bytes of the UTF-8 character led by `c` (the file was validated before lexing).
  auto char_len = [](unsigned char c) -> size_t {
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  };
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  uint32_t col = range.col;  // code point column of text[i]
  while (i < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c != '\\') {
      size_t len = std::min(char_len(c), text.size() - i);
      out.append(text, i, len);
      i += len;
      ++col;
      continue;
    }
    if (i + 1 >= text.size()) break;  // lone trailing `\`: the string is unterminated
    char e = text[i + 1];
    const char* replacement = nullptr;
    switch (e) {
      case '"':
        replacement = "\"";
        break;
      case '\\':
        replacement = "\\";
        break;
      case 'n':
        replacement = "\n";
        break;
      case 't':
        replacement = "\t";
        break;
      case 'r':
        replacement = "\r";
        break;
      case '$':
        replacement = "$";
        break;
    }
    if (replacement) {
      out += replacement;
      i += 2;
      col += 2;
      continue;
    }
    size_t len = std::min(char_len(static_cast<unsigned char>(e)), text.size() - i - 1);
    std::string escaped(text.substr(i + 1, len));
    diags.Error({range.file, range.line, col, range.line, col + 2},
                fmt::format("unknown escape `\\{}` in string: the escapes are \\\" \\\\ \\n \\t "
                            "\\r and \\$; write `\\\\{}` for a backslash followed by `{}`",
                            escaped, escaped, escaped));
    out += escaped;
    i += 1 + len;
    col += 2;
  }
  return out;
}

}  // namespace berth::parse
