// Pretty-printed JSON text, byte for byte what nlohmann's dump(2) writes, written into a stream as
// it is made: a CloudFormation template of 500 resources goes to its file without a string of
// its whole text, and the writer may write an object of one key (a reference) in another form.
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <string_view>

#include "backends/aws/aws_call.h"

namespace berth::aws {

// Appends `text` as a JSON string, quotes included, byte for byte as `Json(text).dump()`.
void AppendJsonString(std::string& out, std::string_view text);

class JsonTextWriter {
 public:
  explicit JsonTextWriter(std::ostream& out);
  // Appends to `text` instead of a stream.
  explicit JsonTextWriter(std::string& text);
  ~JsonTextWriter();  // flushes what is left
  JsonTextWriter(const JsonTextWriter&) = delete;
  JsonTextWriter& operator=(const JsonTextWriter&) = delete;

  // `value` as dump(2) writes it at nesting depth `indent` (spaces), i.e. after a key or an
  // array's indentation.
  void Value(const Json& value, unsigned indent);
  // A string, quoted and escaped as dump() does it.
  void String(std::string_view text);
  void Raw(std::string_view text) {
    buffer_.append(text);
    if (out_ != nullptr && buffer_.size() >= kFlushAt) Flush();
  }
  void Spaces(unsigned count) { buffer_.append(count, ' '); }
  // `value` as Value writes it, without asking one_key_object about it or anything in it.
  void Plain(const Json& value, unsigned indent);
  // Hands what is buffered to the stream (the writer does so by itself every 64 KiB).
  void Flush();
  // What was appended to the text so far (for a writer into a string).
  size_t size() const { return buffer_.size(); }
  // The newlines Value and Plain wrote (each is followed by a line's indentation).
  size_t newlines() const { return newlines_; }

  // Asked for every object of exactly one key before it is written: true when it wrote the
  // object itself (a reference to another template written as its import).
  std::function<bool(JsonTextWriter&, const Json& object, unsigned indent)> one_key_object;

 private:
  static constexpr size_t kFlushAt = 64 * 1024;
  void Fallback(const Json& value, unsigned indent);

  std::ostream* out_ = nullptr;
  std::string own_;
  std::string& buffer_;  // own_, or the text written into
  bool plain_ = false;
  size_t newlines_ = 0;
};

}  // namespace berth::aws
