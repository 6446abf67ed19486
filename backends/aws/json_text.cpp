#include "backends/aws/json_text.h"

#include <memory>

namespace berth::aws {

void AppendJsonString(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  // nlohmann checks UTF-8 (and throws on bad bytes): text beyond ASCII takes its path, so the
  // bytes and the errors stay the same.
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      out += Json(std::string(text)).dump();
      return;
    }
  }
  out += '"';
  size_t plain = 0;  // start of the run of characters copied as they are
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(text.data() + plain, i - plain);
    plain = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 0xf];
    }
  }
  out.append(text.data() + plain, text.size() - plain);
  out += '"';
}

void DumpRequest(const Json& value, std::string& out) {
  out.clear();
  nlohmann::detail::serializer<Json> serializer(
      std::make_shared<nlohmann::detail::output_string_adapter<char, std::string>>(out), ' ');
  serializer.dump(value, /*pretty_print=*/true, /*ensure_ascii=*/false, /*indent_step=*/2);
  out += '\n';
}

}  // namespace berth::aws
