#include "backends/aws/json_size.h"

#include <memory>

namespace berth::aws {

namespace {

class Counter : public nlohmann::detail::output_adapter_protocol<char> {
 public:
  void write_character(char) override { ++count; }
  void write_characters(const char*, std::size_t length) override { count += length; }
  size_t count = 0;
};

size_t Digits(uint64_t number) {
  size_t digits = 1;
  while (number >= 10) {
    number /= 10;
    ++digits;
  }
  return digits;
}

}  // namespace

size_t DumpedSize(const Json& value, unsigned indent_step, unsigned current_indent) {
  auto counter = std::make_shared<Counter>();
  nlohmann::detail::serializer<Json> serializer(counter, ' ');
  serializer.dump(value, /*pretty_print=*/true, /*ensure_ascii=*/false, indent_step,
                  current_indent);
  return counter->count;
}

size_t StringDumpedSize(std::string_view text) {
  size_t size = 2;
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte >= 0x80) return DumpedSize(Json(std::string(text)), 0);
    size += (c == '"' || c == '\\') ? 2 : 1;
  }
  return size;
}

// nlohmann's pretty printer: "{\n", then per entry the indent, the quoted key, ": " and the
// value, entries joined by ",\n", then "\n", the outer indent and "}"; arrays alike without keys;
// "{}" and "[]" when empty.
size_t PrettyDumpedSize(const Json& value, unsigned current_indent) {
  const unsigned inner = current_indent + 2;
  switch (value.type()) {
    case Json::value_t::object: {
      const auto& entries = value.get_ref<const Json::object_t&>();
      if (entries.empty()) return 2;
      size_t size = 2 + 2 * (entries.size() - 1) + 1 + current_indent + 1;
      for (const auto& [key, item] : entries)
        size += inner + StringDumpedSize(key) + 2 + PrettyDumpedSize(item, inner);
      return size;
    }
    case Json::value_t::array: {
      const auto& items = value.get_ref<const Json::array_t&>();
      if (items.empty()) return 2;
      size_t size = 2 + 2 * (items.size() - 1) + 1 + current_indent + 1;
      for (const Json& item : items) size += inner + PrettyDumpedSize(item, inner);
      return size;
    }
    case Json::value_t::string:
      return StringDumpedSize(value.get_ref<const std::string&>());
    case Json::value_t::number_unsigned:
      return Digits(value.get<uint64_t>());
    case Json::value_t::number_integer: {
      int64_t number = value.get<int64_t>();
      return number < 0 ? 1 + Digits(0 - static_cast<uint64_t>(number))
                        : Digits(static_cast<uint64_t>(number));
    }
    case Json::value_t::boolean:
      return value.get<bool>() ? 4 : 5;
    case Json::value_t::null:
      return 4;
    default:  // floats, binary, discarded
      return DumpedSize(value, 2, current_indent);
  }
}

}  // namespace berth::aws
