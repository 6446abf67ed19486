#include "compiler/ir/json_writer.h"

#include <fmt/format.h>

#include <cmath>

namespace berth {

void AppendJsonString(std::string& out, std::string_view s) {
  out += '"';
  size_t i = 0;
  while (i < s.size()) {
    // Most text needs no escaping: copy such runs in one piece.
    size_t run = i;
    while (run < s.size()) {
      unsigned char r = static_cast<unsigned char>(s[run]);
      if (r < 0x20 || r >= 0x7f || r == '"' || r == '\\') break;
      ++run;
    }
    if (run > i) {
      out.append(s.data() + i, run - i);
      i = run;
      continue;
    }
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
          if (c < 0x20 || c == 0x7f) {
            out += fmt::format("\\u{:04x}", c);
          } else {
            out += static_cast<char>(c);
          }
      }
      ++i;
      continue;
    }
    // Multi-byte sequence: copy it when well formed, else write U+FFFD for the bad byte.
    size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    bool ok = len != 0 && i + len <= s.size();
    for (size_t k = 1; ok && k < len; ++k) {
      ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    }
    if (ok) {
      out.append(s.data() + i, len);
      i += len;
    } else {
      out += "\\ufffd";
      ++i;
    }
  }
  out += '"';
}

std::string JsonNumber(double n) {
  if (!std::isfinite(n)) return "null";
  if (n == std::floor(n) && std::fabs(n) < 9007199254740992.0) {
    return fmt::format("{}", static_cast<int64_t>(n));
  }
  return fmt::format("{}", n);
}

void JsonWriter::Flush() {
  out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  buffer_.clear();
}

void JsonWriter::MaybeFlush() {
  if (buffer_.size() >= (1 << 20)) Flush();
}

void JsonWriter::NewLine() {
  if (indent_ == 0) return;
  buffer_ += '\n';
  buffer_.append(stack_.size() * static_cast<size_t>(indent_), ' ');
}

void JsonWriter::BeforeValue() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!stack_.empty()) {
    if (!stack_.back().empty) buffer_ += ',';
    stack_.back().empty = false;
    NewLine();
  }
}

void JsonWriter::BeginObject() {
  BeforeValue();
  buffer_ += '{';
  stack_.push_back({true, true});
}

void JsonWriter::EndObject() {
  bool empty = stack_.back().empty;
  stack_.pop_back();
  if (!empty) NewLine();
  buffer_ += '}';
  MaybeFlush();
}

void JsonWriter::BeginArray() {
  BeforeValue();
  buffer_ += '[';
  stack_.push_back({false, true});
}

void JsonWriter::EndArray() {
  bool empty = stack_.back().empty;
  stack_.pop_back();
  if (!empty) NewLine();
  buffer_ += ']';
  MaybeFlush();
}

void JsonWriter::Key(std::string_view key) {
  BeforeValue();
  AppendJsonString(buffer_, key);
  buffer_ += indent_ ? ": " : ":";
  after_key_ = true;
}

void JsonWriter::String(std::string_view s) {
  BeforeValue();
  AppendJsonString(buffer_, s);
}

void JsonWriter::Number(double n) {
  BeforeValue();
  buffer_ += JsonNumber(n);
}

void JsonWriter::Bool(bool b) {
  BeforeValue();
  buffer_ += b ? "true" : "false";
}

void JsonWriter::Null() {
  BeforeValue();
  buffer_ += "null";
}

}  // namespace berth
