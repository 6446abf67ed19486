// Where an HTTP/1.1 message body ends (RFC 9112 6.3), so the proxy can stream it through without
// holding it and keep the connection for the next message: a length, chunks, or the connection's
// end. Chunks are followed byte by byte through a small state machine, kept verbatim or decoded.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "controlplane/lb/http_head.h"

namespace berth::controlplane::lb {

enum class Framing { kNone, kLength, kChunked, kUntilClose, kInvalid };

struct BodyFraming {
  Framing type = Framing::kNone;
  std::uint64_t length = 0;  // kLength
};

// A request's body: chunked, a Content-Length, else none (a request never runs to the close).
// Invalid: a Transfer-Encoding other than chunked last, or a Content-Length not a number.
BodyFraming RequestFraming(const RequestHead& head);
// A response's body to a request of `method`: none for HEAD, 1xx, 204 and 304.
BodyFraming ResponseFraming(const ResponseHead& head, std::string_view method);

// Follows a chunked body fed in pieces; Feed consumes bytes up to the message's end (trailers
// included) and says how many it took; when `payload` is given the chunks' data is appended.
class ChunkedScanner {
 public:
  // Bytes of `data` belonging to the body; fewer than data.size() only once Done (the rest is
  // the next message). Malformed chunks set Failed and consume nothing more.
  size_t Feed(std::string_view data, std::string* payload = nullptr);
  bool Done() const { return state_ == State::kDone; }
  bool Failed() const { return state_ == State::kFailed; }

 private:
  enum class State {
    kSize,       // hex digits of the chunk size
    kExtension,  // ";name=value" up to the line's end
    kSizeLF,
    kData,
    kDataCR,
    kDataLF,
    kTrailerStart,  // a trailer line or the final empty line
    kTrailer,
    kFinalLF,
    kDone,
    kFailed
  };
  State state_ = State::kSize;
  std::uint64_t remaining_ = 0;
  int digits_ = 0;
};

// Where a body being relayed stands: Take says how many of the bytes at hand are the body's
// (appending them, chunks decoded, to `decoded` when given).
class BodyCursor {
 public:
  BodyCursor() = default;
  explicit BodyCursor(const BodyFraming& framing)
      : type_(framing.type), remaining_(framing.length) {}
  size_t Take(std::string_view data, std::string* decoded = nullptr);
  // kUntilClose: never (the connection's end ends it).
  bool Done() const;
  bool Failed() const { return chunks_.Failed(); }
  Framing Type() const { return type_; }

 private:
  Framing type_ = Framing::kNone;
  std::uint64_t remaining_ = 0;
  ChunkedScanner chunks_;
};

}  // namespace berth::controlplane::lb
