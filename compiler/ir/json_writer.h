// A small streaming JSON writer producing canonical text: callers emit keys in sorted order, and
// numbers and strings have exactly one spelling. Faster and far lighter than building a
// nlohmann::json tree for 100,000 resources.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace berth {

class JsonWriter {
 public:
  // indent 0 writes one line; otherwise pretty-printed with that many spaces. Text is collected
  // in a buffer and handed to `out` in large pieces: per-token stream writes dominated the time
  // of `compile --emit ir` on big stacks.
  JsonWriter(std::ostream& out, int indent) : out_(out), indent_(indent) {}
  ~JsonWriter() { Flush(); }
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;
  void Flush();

  void BeginObject();
  void EndObject();
  void BeginArray();
  void EndArray();
  void Key(std::string_view key);
  void String(std::string_view s);
  void Number(double n);
  void Bool(bool b);
  void Null();

 private:
  void BeforeValue();
  void NewLine();
  void MaybeFlush();

  std::ostream& out_;
  int indent_;
  struct Level {
    bool is_object;
    bool empty;
  };
  std::vector<Level> stack_;
  bool after_key_ = false;
  std::string buffer_;
};

// JSON string escaping; invalid UTF-8 bytes become U+FFFD so the output is always valid JSON.
void AppendJsonString(std::string& out, std::string_view s);
// Integers without a fraction, others in the shortest form that reads back the same.
std::string JsonNumber(double n);

}  // namespace berth
