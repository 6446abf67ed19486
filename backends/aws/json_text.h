// Pretty-printed JSON text, byte for byte what nlohmann's dump(2) writes, written into a stream as
// it is made: a CloudFormation template of 500 resources goes to its file without a string of
// its whole text. Hooks let a caller change what is written on the way (the CloudFormation writer
// cases keys, writes placeholders as intrinsics and records references) in the same walk.
#pragma once

#include <cstring>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>

#include "backends/aws/aws_call.h"

namespace berth::aws {

// The length of the start of `text` that dump() copies as it is (no byte to escape or check).
size_t JsonPlainPrefix(std::string_view text);
// Appends `text` as a JSON string, quotes included, byte for byte as `Json(text).dump()`.
void AppendJsonString(std::string& out, std::string_view text);
// The same for `text` with its first letter capitalised ("family" -> "\"Family\""), without
// making that string.
void AppendCapitalizedJsonString(std::string& out, std::string_view text);

class JsonTextWriter;

// What JsonTextWriter::Value asks as it writes. These hooks write everything as it is; a caller's
// own hooks have the same three members.
struct PlainJsonHooks {
  // Every object, before it is written: true when the hook wrote it itself.
  bool Object(JsonTextWriter&, const Json&, unsigned /*indent*/) { return false; }
  // Every string: true when the hook wrote something in its place.
  bool String(JsonTextWriter&, const std::string&, unsigned /*indent*/) { return false; }
  // An object's members, each handed to `write(key, capitalize, value, hooks for the value)`;
  // a member not handed over is left out.
  template <typename Write>
  void Members(const Json::object_t& members, Write&& write) {
    for (const auto& [key, value] : members) write(key, false, value, *this);
  }
};

// The text is made in a buffer of the writer's own, with one check for room per piece: appending
// to a std::string piece by piece (a quote, the text, a quote) made a call per piece, a fifth of
// what the CloudFormation builder spent writing properties.
class JsonTextWriter {
 public:
  explicit JsonTextWriter(std::ostream& out);
  // Appends to `text` instead of a stream (at Flush and when the writer ends).
  explicit JsonTextWriter(std::string& text);
  // Keeps the text (text(), Clear()).
  JsonTextWriter();
  ~JsonTextWriter();  // flushes what is left
  JsonTextWriter(const JsonTextWriter&) = delete;
  JsonTextWriter& operator=(const JsonTextWriter&) = delete;

  // `value` as dump(2) writes it at nesting depth `indent` (spaces), i.e. after a key or an
  // array's indentation.
  void Value(const Json& value, unsigned indent) {
    PlainJsonHooks hooks;
    Value(value, indent, hooks);
  }
  // The same, asking `hooks` (see PlainJsonHooks) about every object, member and string.
  template <typename Hooks>
  void Value(const Json& value, unsigned indent, Hooks& hooks);

  // An object or array written piece by piece, as Value writes them (for members held elsewhere
  // than in one Json): Open, then Next before each member or item (and Key for a member), then
  // Close, which writes `{}` or `[]` when nothing was added.
  struct Container {
    char open;
    unsigned indent;
    bool empty = true;
  };
  static Container Open(char bracket, unsigned indent) { return {bracket, indent}; }
  void Next(Container& container) {
    Put(container.empty ? container.open : ',');
    container.empty = false;
    NewLine(container.indent + 2);
  }
  void Key(std::string_view key, bool capitalize = false) {
    if (capitalize) {
      CapitalizedString(key);
    } else {
      String(key);
    }
    Put(": ");
  }
  void Close(const Container& container) {
    char close = container.open == '{' ? '}' : ']';
    if (container.empty) {
      Put(container.open);
      Put(close);
      return;
    }
    NewLine(container.indent);
    Put(close);
  }

  // A string, quoted and escaped as dump() does it.
  void String(std::string_view text);
  // The same with its first letter capitalised (AppendCapitalizedJsonString).
  void CapitalizedString(std::string_view text);
  void Raw(std::string_view text) {
    Put(text);
    if (out_ != nullptr && size_ >= kFlushAt) Flush();
  }
  void Spaces(unsigned count) {
    for (; count > kIndent.size() - 1; count -= kIndent.size() - 1) Put(kIndent.substr(1));
    Put(kIndent.substr(1, count));
  }
  // Hands what is buffered to the stream or the string (the writer does so by itself every 64
  // KiB into a stream).
  void Flush();
  // What was appended to the text so far (for a writer into a string or of its own).
  size_t size() const { return (text_ != nullptr ? text_->size() : 0) + size_; }
  // The newlines Value and the containers wrote (each is followed by a line's indentation).
  size_t newlines() const { return newlines_; }
  // A writer of its own text: what it wrote since it began or was cleared.
  std::string_view text() const { return {data_.get(), size_}; }
  void Clear() {
    size_ = 0;
    newlines_ = 0;
  }

 private:
  struct Sink;  // how the string escaping (json_text.cpp) appends to the buffer
  static constexpr size_t kFlushAt = 64 * 1024;
  // A newline and a line's indentation, appended at once (this is most of what is written).
  static constexpr std::string_view kIndent =
      "\n                                                                ";
  void NewLine(unsigned indent) {
    ++newlines_;
    if (indent < kIndent.size()) {
      Put(kIndent.substr(0, indent + 1));
    } else {
      Put('\n');
      Spaces(indent);
    }
  }
  // Room for `count` more bytes at the buffer's end.
  char* Room(size_t count) {
    if (capacity_ - size_ < count) Grow(count);
    return data_.get() + size_;
  }
  void Grow(size_t count);
  void Put(char c) {
    *Room(1) = c;
    ++size_;
  }
  void Put(std::string_view text) {
    std::memcpy(Room(text.size()), text.data(), text.size());
    size_ += text.size();
  }
  // Numbers, booleans and null.
  void Scalar(const Json& value, unsigned indent);
  void Fallback(const Json& value, unsigned indent);

  std::ostream* out_ = nullptr;   // a writer into a stream
  std::string* text_ = nullptr;   // a writer into a string
  std::unique_ptr<char[]> data_;  // the buffer: not yet handed on, or the writer's own text
  size_t size_ = 0;
  size_t capacity_ = 0;
  size_t newlines_ = 0;
};

template <typename Hooks>
void JsonTextWriter::Value(const Json& value, unsigned indent, Hooks& hooks) {
  switch (value.type()) {
    case Json::value_t::object: {
      if (hooks.Object(*this, value, indent)) break;
      Container object = Open('{', indent);
      hooks.Members(value.get_ref<const Json::object_t&>(),
                    [&](std::string_view key, bool capitalize, const Json& item, auto& item_hooks) {
                      Next(object);
                      Key(key, capitalize);
                      Value(item, indent + 2, item_hooks);
                    });
      Close(object);
      break;
    }
    case Json::value_t::array: {
      Container array = Open('[', indent);
      for (const Json& item : value.get_ref<const Json::array_t&>()) {
        Next(array);
        Value(item, indent + 2, hooks);
      }
      Close(array);
      break;
    }
    case Json::value_t::string: {
      const std::string& text = value.get_ref<const std::string&>();
      if (!hooks.String(*this, text, indent)) String(text);
      break;
    }
    default:
      Scalar(value, indent);
      break;
  }
  if (out_ != nullptr && size_ >= kFlushAt) Flush();
}

}  // namespace berth::aws
