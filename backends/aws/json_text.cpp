#include "backends/aws/json_text.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace berth::aws {

JsonTextWriter::JsonTextWriter(std::ostream& out) : out_(&out) { Grow(kFlushAt + 4096); }

JsonTextWriter::JsonTextWriter(std::string& text) : text_(&text) { Grow(4096); }

JsonTextWriter::JsonTextWriter() { Grow(4096); }

JsonTextWriter::~JsonTextWriter() { Flush(); }

void JsonTextWriter::Flush() {
  if (out_ != nullptr) {
    out_->write(data_.get(), static_cast<std::streamsize>(size_));
  } else if (text_ != nullptr) {
    text_->append(data_.get(), size_);
  } else {
    return;  // the writer's own text stays
  }
  size_ = 0;
}

void JsonTextWriter::Grow(size_t count) {
  size_t capacity = std::max(capacity_ * 2, size_ + count);
  // Not value-initialised: the bytes are written before they are read.
  std::unique_ptr<char[]> data(new char[capacity]);
  if (size_ > 0) std::memcpy(data.get(), data_.get(), size_);
  data_ = std::move(data);
  capacity_ = capacity;
}

// What the fast paths leave to nlohmann's serializer (control characters and UTF-8 in strings,
// which it escapes or validates; numbers that are not integers): rare, and exactly as dump().
void JsonTextWriter::Fallback(const Json& value, unsigned indent) {
  std::string text;
  nlohmann::detail::serializer<Json> serializer(nlohmann::detail::output_adapter<char>(text), ' ');
  serializer.dump(value, /*pretty_print=*/true, /*ensure_ascii=*/false, 2, indent);
  newlines_ += static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
  Put(text);
}

struct JsonTextWriter::Sink {
  JsonTextWriter& writer;
  void Put(char c) { writer.Put(c); }
  void Put(std::string_view text) { writer.Put(text); }
};

namespace {

// A std::string as a sink of the string escaping below.
struct StringSink {
  std::string& out;
  void Put(char c) { out += c; }
  void Put(std::string_view text) { out.append(text); }
};

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

// `text` as a JSON string, quotes included, byte for byte as `Json(text).dump()`, put into `out`
// (a StringSink or a JsonTextWriter::Sink).
template <typename Out>
void PutJsonString(Out& out, std::string_view text) {
  size_t plain = PlainPrefix(text);
  if (plain == text.size()) {
    out.Put('"');
    out.Put(text);
    out.Put('"');
    return;
  }
  for (char c : text.substr(plain)) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte >= 0x80) {
      // Control characters and UTF-8 (which nlohmann escapes or validates, and may refuse): as
      // dump() writes them, or fails.
      out.Put(Json(std::string(text)).dump());
      return;
    }
  }
  out.Put('"');
  size_t from = 0;
  for (size_t at = plain; at < text.size(); ++at) {
    if (text[at] != '"' && text[at] != '\\') continue;
    out.Put(text.substr(from, at - from));
    out.Put('\\');
    from = at;
  }
  out.Put(text.substr(from));
  out.Put('"');
}

// The same with the first letter capitalised.
template <typename Out>
void PutCapitalizedJsonString(Out& out, std::string_view text) {
  if (text.empty() || text[0] < 'a' || text[0] > 'z') {
    PutJsonString(out, text);
    return;
  }
  std::string_view rest = text.substr(1);
  if (PlainPrefix(rest) == rest.size()) {
    out.Put('"');
    out.Put(static_cast<char>(text[0] - 'a' + 'A'));
    out.Put(rest);
    out.Put('"');
    return;
  }
  std::string capitalized(text);
  capitalized[0] = static_cast<char>(text[0] - 'a' + 'A');
  PutJsonString(out, capitalized);
}

}  // namespace

size_t JsonPlainPrefix(std::string_view text) { return PlainPrefix(text); }

void AppendJsonString(std::string& out, std::string_view text) {
  StringSink sink{out};
  PutJsonString(sink, text);
}

void AppendCapitalizedJsonString(std::string& out, std::string_view text) {
  StringSink sink{out};
  PutCapitalizedJsonString(sink, text);
}

void JsonTextWriter::String(std::string_view text) {
  Sink sink{*this};
  PutJsonString(sink, text);
}

void JsonTextWriter::CapitalizedString(std::string_view text) {
  Sink sink{*this};
  PutCapitalizedJsonString(sink, text);
}

void JsonTextWriter::Scalar(const Json& value, unsigned indent) {
  switch (value.type()) {
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned: {
      char digits[24];
      auto end = value.is_number_unsigned()
                     ? std::to_chars(digits, digits + sizeof digits, value.get<uint64_t>()).ptr
                     : std::to_chars(digits, digits + sizeof digits, value.get<int64_t>()).ptr;
      Put(std::string_view(digits, static_cast<size_t>(end - digits)));
      break;
    }
    case Json::value_t::boolean:
      Put(value.get<bool>() ? std::string_view("true") : std::string_view("false"));
      break;
    case Json::value_t::null:
      Put(std::string_view("null"));
      break;
    default:  // floats, binary, discarded
      Fallback(value, indent);
      break;
  }
}

}  // namespace berth::aws
