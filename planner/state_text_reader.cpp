// The state file read straight from its bytes into Values: no JSON document, no SAX callbacks
// with a std::string per key and token. A state of 10,000 services is 63 MB of JSON; nlohmann's
// lexer reading it byte by byte through its input adapter was a third of a no-op plan's CPU.
//
// It accepts a subset of what the document reader (ReadStateDocument) accepts and reads it to
// the same values: anything it is not sure of (a syntax error, a duplicate key, an escape it
// does not decode the same way, a malformed tag, a number strtod would round differently) makes
// it give up, and the document reader then reads the file again and words the message. So every
// check here only needs to be at least as strict as nlohmann's (RFC 8259: strings of valid UTF-8
// without raw control characters, numbers without leading zeros, finite).
#include <algorithm>
#include <bit>
#include <charconv>
#include <cstring>
#include <deque>
#include <functional>
#include <iterator>
#include <optional>

#include "planner/state.h"
#include "planner/state_digest.h"
#include "planner/state_value_json.h"
#include "planner/value_tags.h"

namespace berth::state {

namespace {

uint64_t Load8(const char* p) {
  uint64_t word;
  std::memcpy(&word, p, 8);
  return word;
}

// The high bit of each byte of `word` that is not a space, exact for every byte (no carry
// crosses a byte). Bytes are taken lowest first: little-endian only.
static_assert(std::endian::native == std::endian::little);
uint64_t NonSpaceBytes(uint64_t word) {
  constexpr uint64_t kLow7 = 0x7f7f7f7f7f7f7f7full;
  uint64_t x = word ^ 0x2020202020202020ull;  // a space becomes 0
  return (((x & kLow7) + kLow7) | x) & ~kLow7;
}

// The high bit of each byte of `word` that ends a run of plain characters in a string: a quote,
// a backslash, a control character or a byte that is not ASCII. Exact for the lowest such byte
// (a borrow only reaches the bytes above it), the only one used.
uint64_t SpecialBytes(uint64_t word) {
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  auto zero_bytes = [](uint64_t w) { return (w - kOnes) & ~w & kHigh; };
  uint64_t quote = zero_bytes(word ^ (kOnes * '"'));
  uint64_t backslash = zero_bytes(word ^ (kOnes * '\\'));
  uint64_t control = (word - kOnes * 0x20) & ~word & kHigh;
  return quote | backslash | control | (word & kHigh);
}

class StateTextReader {
 public:
  StateTextReader(std::string_view text, const std::function<void(size_t)>& done_with)
      : begin_(text.data()),
        p_(text.data()),
        end_(text.data() + text.size()),
        done_with_(done_with) {}

  bool ReadState(State& out);

 private:
  // --- the JSON lexical layer --------------------------------------------------------------
  void SkipSpace() {
    // Most calls find none (between a key and its colon, a value and its comma): one test.
    if (p_<end_&& static_cast<unsigned char>(*p_)> ' ') return;
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) {
      ++p_;
      // The file is indented: after a newline, a run of spaces, eight bytes at a time (a tenth
      // of the reading was this loop going byte by byte).
      while (end_ - p_ >= 8) {
        uint64_t others = NonSpaceBytes(Load8(p_));
        if (others != 0) {
          p_ += std::countr_zero(others) / 8;
          break;
        }
        p_ += 8;
      }
    }
  }
  // After whitespace, the next byte, or 0 at the end.
  char Peek() {
    SkipSpace();
    return p_ < end_ ? *p_ : '\0';
  }
  bool Consume(char c) {
    if (Peek() != c) return false;
    ++p_;
    return true;
  }
  bool Literal(std::string_view word) {
    if (static_cast<size_t>(end_ - p_) < word.size() || std::memcmp(p_, word.data(), word.size()))
      return false;
    p_ += word.size();
    return true;
  }
  bool String(std::string& out);
  bool Escape(std::string& out);
  bool Utf8Sequence();
  // A number token from `start` to p_; `integer`: it has neither fraction nor exponent (the
  // document reader keeps those as int64/uint64).
  bool NumberToken(const char*& start, bool& integer);
  bool Number(double& out);
  // Checks any JSON value and drops it: the document reader ignores keys it does not know, but
  // they must still be valid JSON.
  bool SkipValue(int depth);

  // --- values ------------------------------------------------------------------------------
  bool ReadValue(Value& out, int depth);
  // An object: tagged ({"$duration": "30s"}...) or a map; `plain` reads every key as a map key
  // (the inside of {"$map": {...}}).
  bool ReadObject(Value& out, bool plain, int depth);
  bool ReadList(Value& out, int depth);
  bool CloseTagged(ValueMap& entries, bool map_inside_plain, Value& out);

  // --- the state's own shape ---------------------------------------------------------------
  bool ReadResource(Resource& r);

  // Entries and items of the maps and lists being read, as stacks: a map is moved out into a
  // vector of exactly its size when it closes, so no vector grows by doubling.
  // Deques: a value is read in place at the back, and a nested read pushing more never moves
  // it (a vector's growth would).
  std::deque<std::pair<std::string, Value>> entry_stack_;
  std::deque<Value> item_stack_;
  const char* begin_;
  const char* p_;
  const char* end_;
  const std::function<void(size_t)>& done_with_;
};

// Deeper than this is no state berth writes; the document reader would still read it (it has no
// limit of its own but the stack), so such a file goes to it.
constexpr int kMaxDepth = 200;

bool IsHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}

bool StateTextReader::String(std::string& out) {
  if (Peek() != '"') return false;
  ++p_;
  out.clear();
  for (;;) {
    // A run of plain ASCII, appended at once: nearly every string of a state is only that.
    const char* run = p_;
    while (end_ - p_ >= 8) {  // eight bytes at a time to the chunk where the run ends
      uint64_t special = SpecialBytes(Load8(p_));
      if (special != 0) {
        p_ += std::countr_zero(special) / 8;
        break;
      }
      p_ += 8;
    }
    while (p_ < end_) {
      auto c = static_cast<unsigned char>(*p_);
      if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
      ++p_;
    }
    out.append(run, static_cast<size_t>(p_ - run));  // not (first, last): a slower generic path
    if (p_ == end_) return false;
    auto c = static_cast<unsigned char>(*p_);
    if (c == '"') {
      ++p_;
      return true;
    }
    if (c < 0x20) return false;  // control characters must be escaped
    if (c == '\\') {
      ++p_;
      if (!Escape(out)) return false;
      continue;
    }
    const char* start = p_;
    if (!Utf8Sequence()) return false;
    out.append(start, static_cast<size_t>(p_ - start));
  }
}

// The escapes of RFC 8259, as nlohmann decodes them: \u pairs of surrogates make one code point;
// a lone surrogate is an error there, so it is here.
bool StateTextReader::Escape(std::string& out) {
  if (p_ == end_) return false;
  char e = *p_++;
  switch (e) {
    case '"':
      out += '"';
      return true;
    case '\\':
      out += '\\';
      return true;
    case '/':
      out += '/';
      return true;
    case 'b':
      out += '\b';
      return true;
    case 'f':
      out += '\f';
      return true;
    case 'n':
      out += '\n';
      return true;
    case 'r':
      out += '\r';
      return true;
    case 't':
      out += '\t';
      return true;
    case 'u':
      break;
    default:
      return false;
  }
  auto hex4 = [this](uint32_t& cp) {
    if (end_ - p_ < 4 || !IsHex(p_[0]) || !IsHex(p_[1]) || !IsHex(p_[2]) || !IsHex(p_[3]))
      return false;
    cp =
        (HexValue(p_[0]) << 12) | (HexValue(p_[1]) << 8) | (HexValue(p_[2]) << 4) | HexValue(p_[3]);
    p_ += 4;
    return true;
  };
  uint32_t cp = 0;
  if (!hex4(cp)) return false;
  if (cp >= 0xDC00 && cp <= 0xDFFF) return false;
  if (cp >= 0xD800 && cp <= 0xDBFF) {
    uint32_t low = 0;
    if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return false;
    p_ += 2;
    if (!hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
  }
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return true;
}

// One multi-byte UTF-8 character, by the ranges of RFC 3629 (no overlong forms, no surrogates,
// nothing above U+10FFFF), the ranges nlohmann's lexer checks.
bool StateTextReader::Utf8Sequence() {
  auto byte = [this](size_t i) { return static_cast<unsigned char>(p_[i]); };
  auto in = [](unsigned char c, unsigned char lo, unsigned char hi) { return c >= lo && c <= hi; };
  size_t left = static_cast<size_t>(end_ - p_);
  unsigned char b0 = byte(0);
  size_t length = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // the second byte's range
  if (in(b0, 0xC2, 0xDF)) {
    length = 2;
  } else if (in(b0, 0xE0, 0xEF)) {
    length = 3;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;
  } else if (in(b0, 0xF0, 0xF4)) {
    length = 4;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    return false;
  }
  if (left < length || !in(byte(1), lo, hi)) return false;
  for (size_t i = 2; i < length; ++i) {
    if (!in(byte(i), 0x80, 0xBF)) return false;
  }
  p_ += length;
  return true;
}

bool StateTextReader::NumberToken(const char*& start, bool& integer) {
  SkipSpace();
  start = p_;
  auto digit = [this] { return p_ < end_ && *p_ >= '0' && *p_ <= '9'; };
  if (p_ < end_ && *p_ == '-') ++p_;
  if (!digit()) return false;
  if (*p_ == '0') {
    ++p_;
  } else {
    while (digit()) ++p_;
  }
  integer = true;
  if (p_ < end_ && *p_ == '.') {
    integer = false;
    ++p_;
    if (!digit()) return false;
    while (digit()) ++p_;
  }
  if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) {
    integer = false;
    ++p_;
    if (p_ < end_ && (*p_ == '+' || *p_ == '-')) ++p_;
    if (!digit()) return false;
    while (digit()) ++p_;
  }
  return true;
}

// As the document reader gets a double: an integer that fits int64 (negative) or uint64 is
// converted from that integer (so -0 is 0), anything else is the correctly rounded value of the
// text, which is what strtod gives too. Out of range (overflow, or underflow that from_chars
// reports) gives up.
bool StateTextReader::Number(double& out) {
  const char* start = nullptr;
  bool integer = false;
  if (!NumberToken(start, integer)) return false;
  if (integer) {
    bool negative = *start == '-';
    uint64_t magnitude = 0;
    bool fits = true;
    for (const char* d = start + (negative ? 1 : 0); d < p_; ++d) {
      uint64_t digit = static_cast<uint64_t>(*d - '0');
      if (magnitude > (UINT64_MAX - digit) / 10) {
        fits = false;
        break;
      }
      magnitude = magnitude * 10 + digit;
    }
    if (fits && negative && magnitude > (uint64_t{1} << 63)) fits = false;
    if (fits) {
      out = magnitude == 0 ? 0.0
            : negative     ? -static_cast<double>(magnitude)
                           : static_cast<double>(magnitude);
      return true;
    }
  }
  auto [end, ec] = std::from_chars(start, p_, out);
  return ec == std::errc() && end == p_;
}

bool StateTextReader::SkipValue(int depth) {
  if (depth > kMaxDepth) return false;
  switch (Peek()) {
    case '{': {
      ++p_;
      if (Consume('}')) return true;
      std::string key;
      do {
        if (!String(key) || !Consume(':') || !SkipValue(depth + 1)) return false;
      } while (Consume(','));
      return Consume('}');
    }
    case '[': {
      ++p_;
      if (Consume(']')) return true;
      do {
        if (!SkipValue(depth + 1)) return false;
      } while (Consume(','));
      return Consume(']');
    }
    case '"': {
      std::string text;
      return String(text);
    }
    case 't':
      return Literal("true");
    case 'f':
      return Literal("false");
    case 'n':
      return Literal("null");
    default: {
      double number = 0;
      return Number(number);
    }
  }
}

bool StateTextReader::ReadValue(Value& out, int depth) {
  if (depth > kMaxDepth) return false;
  switch (Peek()) {
    case '{':
      return ReadObject(out, false, depth);
    case '[':
      return ReadList(out, depth);
    case '"': {
      std::string text;
      if (!String(text)) return false;
      out = Value::String(std::move(text));
      return true;
    }
    case 't':
      out = Value::Bool(true);
      return Literal("true");
    case 'f':
      out = Value::Bool(false);
      return Literal("false");
    case 'n':
      out = Value::Null();
      return Literal("null");
    default: {
      double number = 0;
      if (!Number(number)) return false;
      out = Value::Number(number);
      return true;
    }
  }
}

bool StateTextReader::ReadList(Value& out, int depth) {
  ++p_;  // '['
  size_t base = item_stack_.size();
  if (!Consume(']')) {
    do {
      item_stack_.emplace_back();
      if (!ReadValue(item_stack_.back(), depth + 1)) return false;
    } while (Consume(','));
    if (!Consume(']')) return false;
  }
  ValueList items(std::make_move_iterator(item_stack_.begin() + base),
                  std::make_move_iterator(item_stack_.end()));
  item_stack_.resize(base);
  out = Value::List(std::move(items));
  return true;
}

// A JSON string as this reader makes it: tags make other kinds, and `$sensitive` marks its value.
bool IsJsonString(const Value& v) { return v.is(ValueKind::kString) && !v.sensitive(); }

bool StateTextReader::ReadObject(Value& out, bool plain, int depth) {
  ++p_;  // '{'
  size_t base = entry_stack_.size();
  bool tagged = false;
  // The one case where a value is read differently for its key: the inside of {"$map": {...}}
  // holds map keys, never tags. Read so for any "$map" key: an object where it is not the only
  // key is malformed, and given up on, whatever its inside.
  bool map_inside_plain = false;
  if (!Consume('}')) {
    do {
      entry_stack_.emplace_back();
      auto& [key, value] = entry_stack_.back();
      if (!String(key) || !Consume(':')) return false;
      bool tag = !plain && !key.empty() && key[0] == '$';
      tagged |= tag;
      if (tag && std::string_view(key) == "$map" && Peek() == '{') {
        if (!ReadObject(value, true, depth + 1)) return false;
        map_inside_plain = true;
      } else if (!ReadValue(value, depth + 1)) {
        return false;
      }
    } while (Consume(','));
    if (!Consume('}')) return false;
  }
  ValueMap entries(std::make_move_iterator(entry_stack_.begin() + base),
                   std::make_move_iterator(entry_stack_.end()));
  entry_stack_.resize(base);
  if (tagged) return CloseTagged(entries, map_inside_plain, out);
  // Written with sorted keys; another order is sorted as the document's std::map would. A key
  // twice (the document keeps the last) is given up on.
  auto not_before = [](const auto& a, const auto& b) { return !(a.first < b.first); };
  if (std::adjacent_find(entries.begin(), entries.end(), not_before) != entries.end()) {
    std::stable_sort(entries.begin(), entries.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    auto same = [](const auto& a, const auto& b) { return a.first == b.first; };
    if (std::adjacent_find(entries.begin(), entries.end(), same) != entries.end()) return false;
  }
  out = Value::Map({});
  out.mutable_map() = std::move(entries);
  return true;
}

// The tagged objects of docs/state.md, read as the document reader reads them.
bool StateTextReader::CloseTagged(ValueMap& entries, bool map_inside_plain, Value& out) {
  auto ref = std::find_if(entries.begin(), entries.end(),
                          [](auto& e) { return std::string_view(e.first) == "$ref"; });
  if (ref != entries.end()) {
    if (!IsJsonString(ref->second)) return false;
    if (entries.size() == 1) {
      out = Value::Ref(ref->second.str(), "");
      return true;
    }
    const auto& other = entries[ref == entries.begin() ? 1 : 0];
    if (entries.size() != 2 || std::string_view(other.first) != "attribute" ||
        !IsJsonString(other.second)) {
      return false;
    }
    out = Value::Ref(ref->second.str(), other.second.str());
    return true;
  }
  if (entries.size() != 1) return false;
  std::string_view tag = entries[0].first;
  Value& inner = entries[0].second;
  if (tag == "$map") {
    if (!map_inside_plain) return false;
    out = std::move(inner);
    return true;
  }
  if (tag == "$sensitive") {
    out = std::move(inner.MarkSensitive());
    return true;
  }
  if ((tag == "$duration" || tag == "$size") && IsJsonString(inner)) {
    bool duration = tag == "$duration";
    auto amount = duration ? ParseWithUnit(inner.str(), kDurationUnits)
                           : ParseWithUnit(inner.str(), kSizeUnits);
    if (!amount) return false;
    out = duration ? Value::Duration(*amount) : Value::Size(*amount);
    return true;
  }
  if ((tag == "$percent" || tag == "$cpu") && inner.is(ValueKind::kNumber) && !inner.sensitive()) {
    out = tag == "$percent" ? Value::Percent(inner.number()) : Value::Cpu(inner.number());
    return true;
  }
  if (tag == "$digest" && IsJsonString(inner) && IsDigest(DigestValue(inner.str()))) {
    out = DigestValue(inner.str());
    return true;
  }
  if ((tag == "$secret" || tag == "$symbol") && IsJsonString(inner)) {
    std::string text = inner.str();
    out = tag == "$secret" ? Value::Secret(std::move(text)) : Value::Symbol(std::move(text));
    return true;
  }
  if (tag == "$template" && !inner.sensitive() && IsTemplate(inner)) {
    out = Value::Template(inner.list());
    return true;
  }
  return false;
}

// One element of "resources", with the keys the document reader knows (each once) and any
// other key skipped.
bool StateTextReader::ReadResource(Resource& r) {
  if (!Consume('{')) return false;
  r.computed = Value::Map({});
  unsigned seen = 0;
  std::string key;
  if (Peek() == '}') return false;  // address, kind and attributes are required
  do {
    if (!String(key) || !Consume(':')) return false;
    std::string_view k = key;
    unsigned bit = k == "address"      ? 1
                   : k == "kind"       ? 2
                   : k == "attributes" ? 4
                   : k == "computed"   ? 8
                   : k == "depends_on" ? 16
                                       : 0;
    if (seen & bit) return false;  // a key twice: the document keeps the last one
    seen |= bit;
    switch (bit) {
      case 1:
        if (!String(r.address)) return false;
        break;
      case 2:
        if (!String(r.kind)) return false;
        break;
      case 4:
        if (Peek() != '{' || !ReadObject(r.attributes, false, 1)) return false;
        break;
      case 8:
        if (Peek() == 'n') {
          if (!Literal("null")) return false;
        } else if (Peek() != '{' || !ReadObject(r.computed, false, 1)) {
          return false;
        }
        break;
      case 16:
        if (!Consume('[')) return false;
        if (!Consume(']')) {
          do {
            r.depends_on.emplace_back();
            if (!String(r.depends_on.back())) return false;
          } while (Consume(','));
          if (!Consume(']')) return false;
        }
        break;
      default:
        if (!SkipValue(1)) return false;
    }
  } while (Consume(','));
  return Consume('}') && (seen & 7) == 7;
}

bool StateTextReader::ReadState(State& out) {
  if (!Consume('{')) return false;
  unsigned seen = 0;
  std::string key;
  if (Peek() == '}') return false;
  do {
    if (!String(key) || !Consume(':')) return false;
    std::string_view k = key;
    unsigned bit = k == "format_version" ? 1
                   : k == "lineage"      ? 2
                   : k == "serial"       ? 4
                   : k == "resources"    ? 8
                                         : 0;
    if (seen & bit) return false;
    seen |= bit;
    switch (bit) {
      case 1: {
        // Exactly the integer 1: "1.0" or "1e0" is a float to the document reader, refused.
        const char* start = nullptr;
        bool integer = false;
        if (!NumberToken(start, integer) || !integer || std::string_view(start, p_ - start) != "1")
          return false;
        break;
      }
      case 2:
        if (!String(out.lineage) || out.lineage.empty()) return false;
        break;
      case 4: {
        const char* start = nullptr;
        bool integer = false;
        if (!NumberToken(start, integer) || !integer || *start == '-') return false;
        auto [end, ec] = std::from_chars(start, p_, out.serial);
        if (ec != std::errc() || end != p_) return false;  // beyond uint64: a float there
        break;
      }
      case 8:
        if (!Consume('[')) return false;
        // About 900 bytes a resource in the bench stacks; a guess low enough to rarely waste.
        out.resources.reserve(static_cast<size_t>(end_ - p_) / 640);
        if (!Consume(']')) {
          do {
            out.resources.emplace_back();
            if (!ReadResource(out.resources.back())) return false;
            if (done_with_) done_with_(static_cast<size_t>(p_ - begin_));
          } while (Consume(','));
          if (!Consume(']')) return false;
        }
        break;
      default:
        if (!SkipValue(1)) return false;
    }
  } while (Consume(','));
  if (!Consume('}') || seen != 15) return false;
  SkipSpace();
  return p_ == end_;
}

}  // namespace

bool ReadStateFast(std::string_view text, State& state,
                   const std::function<void(size_t)>& done_with) {
  return StateTextReader(text, done_with).ReadState(state);
}

}  // namespace berth::state
