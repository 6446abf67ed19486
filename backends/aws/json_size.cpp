#include "backends/aws/json_size.h"

#include <memory>

#include "backends/aws/json_text.h"

namespace berth::aws {

namespace {

class Counter : public nlohmann::detail::output_adapter_protocol<char> {
 public:
  void write_character(char) override { ++count; }
  void write_characters(const char*, std::size_t length) override { count += length; }
  size_t count = 0;
};

}  // namespace

size_t DumpedSize(const Json& value, unsigned indent_step, unsigned current_indent) {
  auto counter = std::make_shared<Counter>();
  nlohmann::detail::serializer<Json> serializer(counter, ' ');
  serializer.dump(value, /*pretty_print=*/true, /*ensure_ascii=*/false, indent_step,
                  current_indent);
  return counter->count;
}

size_t StringDumpedSize(std::string_view text) {
  if (JsonPlainPrefix(text) == text.size()) return text.size() + 2;  // most: a logical id
  size_t size = 2;
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte >= 0x80) return DumpedSize(Json(std::string(text)), 0);
    size += (c == '"' || c == '\\') ? 2 : 1;
  }
  return size;
}

}  // namespace berth::aws
