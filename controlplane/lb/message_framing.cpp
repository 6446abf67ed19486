#include "controlplane/lb/message_framing.h"

#include <algorithm>
#include <cctype>

namespace berth::controlplane::lb {

namespace message_framing_impl {
namespace {

bool ParseLength(std::string_view text, std::uint64_t& out) {
  if (text.empty() || text.size() > 18) return false;
  out = 0;
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    out = out * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return true;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// The framing a Transfer-Encoding or Content-Length gives; `otherwise` when neither is there.
BodyFraming Declared(const std::vector<HeaderField>& headers, Framing otherwise) {
  std::string_view encoding = FieldValue(headers, "Transfer-Encoding");
  if (!encoding.empty()) {
    // chunked must be the last coding (RFC 9112 6.3 item 4); it wins over a Content-Length.
    size_t comma = encoding.rfind(',');
    std::string_view last = comma == std::string_view::npos ? encoding : encoding.substr(comma + 1);
    while (!last.empty() && last.front() == ' ') last.remove_prefix(1);
    return {EqualsIgnoreCase(last, "chunked") ? Framing::kChunked : Framing::kInvalid, 0};
  }
  std::string_view length = FieldValue(headers, "Content-Length");
  if (length.empty() && !HasField(headers, "Content-Length")) return {otherwise, 0};
  BodyFraming framing{Framing::kLength, 0};
  if (!ParseLength(length, framing.length)) framing.type = Framing::kInvalid;
  return framing;
}

}  // namespace
}  // namespace message_framing_impl

using namespace message_framing_impl;

BodyFraming RequestFraming(const RequestHead& head) {
  BodyFraming framing = Declared(head.headers, Framing::kNone);
  if (framing.type == Framing::kLength && framing.length == 0) framing.type = Framing::kNone;
  return framing;
}

BodyFraming ResponseFraming(const ResponseHead& head, std::string_view method) {
  if (method == "HEAD" || head.status < 200 || head.status == 204 || head.status == 304)
    return {Framing::kNone, 0};
  BodyFraming framing = Declared(head.headers, Framing::kUntilClose);
  if (framing.type == Framing::kLength && framing.length == 0) framing.type = Framing::kNone;
  return framing;
}

size_t ChunkedScanner::Feed(std::string_view data, std::string* payload) {
  size_t at = 0;
  while (at < data.size() && state_ != State::kDone && state_ != State::kFailed) {
    char c = data[at];
    switch (state_) {
      case State::kSize: {
        int digit = HexDigit(c);
        if (digit >= 0 && digits_ < 15) {
          remaining_ = remaining_ * 16 + static_cast<std::uint64_t>(digit);
          ++digits_;
        } else if (digits_ > 0 && (c == ';' || c == ' ' || c == '\t')) {
          state_ = State::kExtension;
        } else if (digits_ > 0 && c == '\r') {
          state_ = State::kSizeLF;
        } else {
          state_ = State::kFailed;
          return at;
        }
        ++at;
        break;
      }
      case State::kExtension:
        if (c == '\r') state_ = State::kSizeLF;
        ++at;
        break;
      case State::kSizeLF:
        if (c != '\n') {
          state_ = State::kFailed;
          return at;
        }
        ++at;
        digits_ = 0;
        state_ = remaining_ == 0 ? State::kTrailerStart : State::kData;
        break;
      case State::kData: {
        size_t take = static_cast<size_t>(std::min<std::uint64_t>(remaining_, data.size() - at));
        if (payload) payload->append(data.substr(at, take));
        at += take;
        remaining_ -= take;
        if (remaining_ == 0) state_ = State::kDataCR;
        break;
      }
      case State::kDataCR:
      case State::kDataLF:
        if (c != (state_ == State::kDataCR ? '\r' : '\n')) {
          state_ = State::kFailed;
          return at;
        }
        ++at;
        state_ = state_ == State::kDataCR ? State::kDataLF : State::kSize;
        break;
      case State::kTrailerStart:
        state_ = c == '\r' ? State::kFinalLF : State::kTrailer;
        ++at;
        break;
      case State::kTrailer:
        if (c == '\n') state_ = State::kTrailerStart;
        ++at;
        break;
      case State::kFinalLF:
        if (c != '\n') {
          state_ = State::kFailed;
          return at;
        }
        ++at;
        state_ = State::kDone;
        break;
      case State::kDone:
      case State::kFailed:
        break;
    }
  }
  return at;
}

size_t BodyCursor::Take(std::string_view data, std::string* decoded) {
  switch (type_) {
    case Framing::kLength: {
      size_t count = static_cast<size_t>(std::min<std::uint64_t>(remaining_, data.size()));
      remaining_ -= count;
      if (decoded) decoded->append(data.substr(0, count));
      return count;
    }
    case Framing::kChunked:
      return chunks_.Feed(data, decoded);
    case Framing::kUntilClose:
      if (decoded) decoded->append(data);
      return data.size();
    case Framing::kNone:
    case Framing::kInvalid:
      break;
  }
  return 0;
}

bool BodyCursor::Done() const {
  switch (type_) {
    case Framing::kLength:
      return remaining_ == 0;
    case Framing::kChunked:
      return chunks_.Done();
    case Framing::kUntilClose:
      return false;
    case Framing::kNone:
    case Framing::kInvalid:
      break;
  }
  return true;
}

}  // namespace berth::controlplane::lb
