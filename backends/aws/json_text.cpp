#include "backends/aws/json_text.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace berth::aws {

JsonTextWriter::JsonTextWriter(std::ostream& out) : out_(&out), buffer_(own_) {
  buffer_.reserve(kFlushAt + 4096);
}

JsonTextWriter::JsonTextWriter(std::string& text) : buffer_(text) {}

JsonTextWriter::~JsonTextWriter() { Flush(); }

void JsonTextWriter::Flush() {
  if (out_ == nullptr) return;
  out_->write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  buffer_.clear();
}

// What the fast paths leave to nlohmann's serializer (control characters and UTF-8 in strings,
// which it escapes or validates; numbers that are not integers): rare, and exactly as dump().
void JsonTextWriter::Fallback(const Json& value, unsigned indent) {
  size_t from = buffer_.size();
  nlohmann::detail::serializer<Json> serializer(nlohmann::detail::output_adapter<char>(buffer_),
                                                ' ');
  serializer.dump(value, /*pretty_print=*/true, /*ensure_ascii=*/false, 2, indent);
  newlines_ += static_cast<size_t>(std::count(buffer_.begin() + from, buffer_.end(), '\n'));
}

namespace {

// The bytes dump() does not copy as they are: below 0x20 or from 0x80 (escaped, or checked as
// UTF-8), the quote, the backslash. A request body's strings are mostly other bytes, and a byte
// at a time was a tenth of `berth emit aws`'s own work: blocks of 8 or 16 bytes are looked at
// at once, and only a block holding such a byte is searched byte by byte.
bool Special(unsigned char byte) {
  return byte < 0x20 || byte >= 0x80 || byte == '"' || byte == '\\';
}

bool Special8(const char* bytes) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHighs = 0x8080808080808080ULL;
  // A byte of `v` is zero: exact as to whether any is (not which).
  auto has_zero = [](uint64_t v) { return ((v - kOnes) & ~v & kHighs) != 0; };
  uint64_t word;
  std::memcpy(&word, bytes, 8);
  return (word & kHighs) != 0 || ((word - 0x20 * kOnes) & ~word & kHighs) != 0 ||
         has_zero(word ^ ('"' * kOnes)) || has_zero(word ^ ('\\' * kOnes));
}

#if defined(__SSE2__)
bool Special16(const char* bytes) {
  __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes));
  // Signed: bytes from 0x80 are negative, so below 0x20 too.
  __m128i special = _mm_or_si128(
      _mm_cmplt_epi8(v, _mm_set1_epi8(0x20)),
      _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));
  return _mm_movemask_epi8(special) != 0;
}
#else
bool Special16(const char* bytes) { return Special8(bytes) || Special8(bytes + 8); }
#endif

size_t FirstSpecial(std::string_view text, size_t from) {
  while (from < text.size() && !Special(static_cast<unsigned char>(text[from]))) ++from;
  return from;
}

// The length of the start of `text` that dump() copies as it is. The last block overlaps the one
// before it (whose bytes are known plain), so no byte is looked at one at a time unless a block
// holds a special one.
size_t PlainPrefix(std::string_view text) {
  const char* data = text.data();
  size_t size = text.size();
  if (size >= 16) {
    size_t at = 0;
    for (; at + 16 <= size; at += 16) {
      if (Special16(data + at)) return FirstSpecial(text, at);
    }
    if (at == size || !Special16(data + size - 16)) return size;
    return FirstSpecial(text, at);
  }
  if (size >= 8) {
    if (Special8(data)) return FirstSpecial(text, 0);
    if (!Special8(data + size - 8)) return size;
    return FirstSpecial(text, 8);
  }
  return FirstSpecial(text, 0);
}

}  // namespace

size_t JsonPlainPrefix(std::string_view text) { return PlainPrefix(text); }

void AppendJsonString(std::string& out, std::string_view text) {
  size_t plain = PlainPrefix(text);
  if (plain == text.size()) {
    out += '"';
    out.append(text);
    out += '"';
    return;
  }
  for (char c : text.substr(plain)) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte >= 0x80) {
      // Control characters and UTF-8 (which nlohmann escapes or validates, and may refuse): as
      // dump() writes them, or fails.
      out += Json(std::string(text)).dump();
      return;
    }
  }
  out += '"';
  size_t from = 0;
  for (size_t at = plain; at < text.size(); ++at) {
    if (text[at] != '"' && text[at] != '\\') continue;
    out.append(text.substr(from, at - from));
    out += '\\';
    from = at;
  }
  out.append(text.substr(from));
  out += '"';
}

void AppendCapitalizedJsonString(std::string& out, std::string_view text) {
  if (text.empty() || text[0] < 'a' || text[0] > 'z') {
    AppendJsonString(out, text);
    return;
  }
  std::string_view rest = text.substr(1);
  if (PlainPrefix(rest) == rest.size()) {
    out += '"';
    out += static_cast<char>(text[0] - 'a' + 'A');
    out.append(rest);
    out += '"';
    return;
  }
  std::string capitalized(text);
  capitalized[0] = static_cast<char>(text[0] - 'a' + 'A');
  AppendJsonString(out, capitalized);
}

void JsonTextWriter::Scalar(const Json& value, unsigned indent) {
  switch (value.type()) {
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned: {
      char digits[24];
      auto end = value.is_number_unsigned()
                     ? std::to_chars(digits, digits + sizeof digits, value.get<uint64_t>()).ptr
                     : std::to_chars(digits, digits + sizeof digits, value.get<int64_t>()).ptr;
      buffer_.append(digits, end);
      break;
    }
    case Json::value_t::boolean:
      buffer_.append(value.get<bool>() ? std::string_view("true") : std::string_view("false"));
      break;
    case Json::value_t::null:
      buffer_.append("null", 4);
      break;
    default:  // floats, binary, discarded
      Fallback(value, indent);
      break;
  }
}

}  // namespace berth::aws
