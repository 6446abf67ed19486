#include "controlplane/lb/forward.h"

#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>

#include "controlplane/lb/local_response.h"

namespace berth::controlplane::lb {

namespace forward_impl {
namespace {

// Fields that describe one connection, not the message (RFC 9110 7.6.1): never passed on, nor
// those the Connection field names. Content-Length and Transfer-Encoding pass: the bodies are
// relayed with the framing they came with.
bool HopByHop(std::string_view name, std::string_view connection) {
  static constexpr std::string_view kNames[] = {"Connection", "Keep-Alive", "Proxy-Connection",
                                                "TE",         "Trailer",    "Upgrade"};
  for (std::string_view hop : kNames)
    if (EqualsIgnoreCase(hop, name)) return true;
  return !connection.empty() && HasToken(connection, name);
}

void AppendField(std::string& out, std::string_view name, std::string_view value) {
  out.append(name);
  out.append(": ");
  out.append(value);
  out.append("\r\n");
}

// The request's head as the target gets it: HTTP/1.1 (the connection is kept), the client's
// fields but the hop-by-hop ones, and X-Forwarded-* as ALB sets them
// (routing.http.xff_header_processing.mode "append").
std::string TargetHead(const RequestHead& head, const BodyFraming& framing,
                       const ForwardOptions& options, const ClientConnection& client) {
  std::string out;
  out.reserve(head.length + 160);
  out.append(head.method);
  out += ' ';
  out.append(head.target);
  out.append(" HTTP/1.1\r\n");
  std::string_view connection = FieldValue(head.headers, "Connection");
  std::string forwarded_for;
  bool host = false;
  for (const HeaderField& field : head.headers) {
    if (HopByHop(field.name, connection)) continue;
    // The proxy answers 100-continue itself (Forward) and sends the body without waiting.
    if (EqualsIgnoreCase(field.name, "Expect")) continue;
    if (EqualsIgnoreCase(field.name, "X-Forwarded-For")) {
      if (!forwarded_for.empty()) forwarded_for += ", ";
      forwarded_for.append(field.value);
      continue;
    }
    if (EqualsIgnoreCase(field.name, "X-Forwarded-Proto") ||
        EqualsIgnoreCase(field.name, "X-Forwarded-Port"))
      continue;
    // Both framings: chunked wins, the length is dropped (RFC 9112 6.3 item 3).
    if (framing.type == Framing::kChunked && EqualsIgnoreCase(field.name, "Content-Length"))
      continue;
    host = host || EqualsIgnoreCase(field.name, "Host");
    AppendField(out, field.name, field.value);
  }
  if (!host) AppendField(out, "Host", Upstreams::KeyOf(*options.target));
  AppendField(
      out, "X-Forwarded-For",
      forwarded_for.empty() ? client.remote_address : forwarded_for + ", " + client.remote_address);
  AppendField(out, "X-Forwarded-Proto", options.protocol);
  AppendField(out, "X-Forwarded-Port", std::to_string(client.local_port));
  out.append("\r\n");
  return out;
}

// Where a body being relayed stands: Take says how many of the bytes at hand are the body's.
class BodyCursor {
 public:
  explicit BodyCursor(const BodyFraming& framing)
      : type_(framing.type), remaining_(framing.length) {}
  size_t Take(std::string_view data, std::string* decoded = nullptr) {
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
  bool Done() const {
    switch (type_) {
      case Framing::kLength:
        return remaining_ == 0;
      case Framing::kChunked:
        return chunks_.Done();
      case Framing::kUntilClose:
        return false;  // the connection's end ends it
      case Framing::kNone:
      case Framing::kInvalid:
        break;
    }
    return true;
  }
  bool Failed() const { return chunks_.Failed(); }

 private:
  Framing type_;
  std::uint64_t remaining_;
  ChunkedScanner chunks_;
};

bool Send(ClientConnection& client, const LocalResponse& response, bool head_request, bool keep,
          int minor) {
  return SendAll(client.fd, Serialize(response, head_request, keep, minor)) == IoResult::kOk &&
         keep;
}

// Reads the rest of a request body nobody will get: whether the connection is still usable.
bool Drain(ClientConnection& client, BodyCursor& body) {
  for (;;) {
    client.in.Consume(body.Take(client.in.View()));
    if (body.Failed()) return false;
    if (body.Done()) return true;
    if (ReceiveSome(client.fd, client.in) != IoResult::kOk) return false;
  }
}

enum class Exchange { kAnswered, kRetry, kBadGateway, kTimeout, kClientGone, kBadRequest };

}  // namespace
}  // namespace forward_impl

using namespace forward_impl;

void ClientConnection::SetUpstream(int upstream) {
  std::lock_guard lock(mutex_);
  upstream_ = upstream;
  if (shut_ && upstream >= 0) shutdown(upstream, SHUT_RDWR);
}

void ClientConnection::ShutDown() {
  std::lock_guard lock(mutex_);
  shut_ = true;
  shutdown(fd, SHUT_RDWR);
  if (upstream_ >= 0) shutdown(upstream_, SHUT_RDWR);
}

bool DiscardBody(ClientConnection& client, const BodyFraming& framing) {
  BodyCursor body(framing);
  return Drain(client, body);
}

bool Forward(ClientConnection& client, const RequestHead& head, const BodyFraming& framing,
             const ForwardOptions& options, Upstreams& upstreams) {
  // What is needed of the head once its bytes are consumed (its views point into them).
  const std::string method(head.method);
  const int minor = head.minor;
  const bool head_request = method == "HEAD";
  const bool expect = minor >= 1 && HasToken(FieldValue(head.headers, "Expect"), "100-continue");
  std::string outgoing = TargetHead(head, framing, options, client);
  client.in.Consume(head.length);

  BodyCursor body(framing);
  // The client waits for a go-ahead before its body (curl does for large ones): given at once,
  // as a proxy that streams the body has nothing to decide on it.
  if (expect && !body.Done() && client.in.Empty() &&
      SendAll(client.fd, "HTTP/1.1 100 Continue\r\n\r\n") != IoResult::kOk)
    return false;
  size_t taken = body.Take(client.in.View());
  if (body.Failed()) return Send(client, ErrorPage(400), head_request, false, minor);
  outgoing.append(client.in.View().substr(0, taken));
  client.in.Consume(taken);
  // A request held whole can be sent again when a kept connection turns out closed by the
  // target while it was idle (the request never reached it).
  const bool replayable = body.Done();

  auto fail = [&](int status) {
    bool keep = options.keep && Drain(client, body);
    return Send(client, ErrorPage(status), head_request, keep, minor);
  };

  ByteBuffer& from = client.from_target;
  from.Consume(from.Size());
  ResponseHead answer;
  int fd = -1;
  for (int attempt = 0;; ++attempt) {
    bool reused = false, timed_out = false;
    fd = attempt == 0 ? upstreams.Take(*options.target, options.timeout, reused, timed_out)
                      : upstreams.Connect(*options.target, options.timeout, timed_out);
    if (fd < 0) return fail(timed_out ? 504 : 502);
    client.SetUpstream(fd);
    auto give_up = [&] {
      client.SetUpstream(-1);
      close(fd);
    };
    IoResult sent = SendAll(fd, outgoing);
    while (sent == IoResult::kOk && !body.Done()) {
      if (ReceiveSome(client.fd, client.in) != IoResult::kOk) {
        give_up();
        return false;
      }
      taken = body.Take(client.in.View());
      if (body.Failed()) {
        give_up();
        return Send(client, ErrorPage(400), head_request, false, minor);
      }
      sent = SendAll(fd, client.in.View().substr(0, taken));
      client.in.Consume(taken);
    }
    if (sent != IoResult::kOk) {
      give_up();
      if (reused && replayable) continue;
      return fail(sent == IoResult::kTimedOut ? 504 : 502);
    }
    Exchange exchange = Exchange::kAnswered;
    for (;;) {
      HeadParse parsed = ParseResponseHead(from.View(), answer);
      if (parsed == HeadParse::kMalformed) {
        exchange = Exchange::kBadGateway;
        break;
      }
      if (parsed == HeadParse::kComplete) {
        // Interim answers (100 Continue: the client had its own) are not passed on.
        if (answer.status >= 200) break;
        if (answer.status == 101) {  // Upgrade is not passed on, so a switch is a failure
          exchange = Exchange::kBadGateway;
          break;
        }
        from.Consume(answer.length);
        continue;
      }
      IoResult got = ReceiveSome(fd, from);
      if (got == IoResult::kOk) continue;
      if (got == IoResult::kTimedOut) {
        exchange = Exchange::kTimeout;
      } else {
        exchange = reused && replayable && from.Empty() ? Exchange::kRetry : Exchange::kBadGateway;
      }
      break;
    }
    if (exchange == Exchange::kAnswered) break;
    give_up();
    from.Consume(from.Size());
    if (exchange == Exchange::kRetry) continue;
    return fail(exchange == Exchange::kTimeout ? 504 : 502);
  }

  BodyFraming framing_back = ResponseFraming(answer, method);
  if (framing_back.type == Framing::kInvalid) {
    client.SetUpstream(-1);
    close(fd);
    return Send(client, ErrorPage(502), head_request, options.keep, minor);
  }
  std::string_view connection = FieldValue(answer.headers, "Connection");
  bool target_keeps = framing_back.type != Framing::kUntilClose && !HasToken(connection, "close") &&
                      (answer.minor >= 1 || HasToken(connection, "keep-alive"));
  // An HTTP/1.0 client knows no chunks: they are decoded and the connection's end ends the
  // body. An HTTP/1.1 client gets a body that ends with the target's connection in chunks, so
  // its own connection stays.
  bool dechunk = framing_back.type == Framing::kChunked && minor == 0;
  bool rechunk = framing_back.type == Framing::kUntilClose && minor >= 1;
  bool keep = options.keep && !(minor == 0 && (framing_back.type == Framing::kChunked ||
                                               framing_back.type == Framing::kUntilClose));
  std::string out;
  out.reserve(answer.length + 64);
  char status[32];
  std::snprintf(status, sizeof status, "HTTP/1.1 %03d ", answer.status);
  out.append(status);
  out.append(answer.reason.empty() ? ReasonPhrase(answer.status) : answer.reason);
  out.append("\r\n");
  for (const HeaderField& field : answer.headers) {
    if (HopByHop(field.name, connection)) continue;
    if (dechunk && EqualsIgnoreCase(field.name, "Transfer-Encoding")) continue;
    AppendField(out, field.name, field.value);
  }
  if (rechunk) out.append("Transfer-Encoding: chunked\r\n");
  if (!keep) out.append("Connection: close\r\n");
  if (keep && minor == 0) out.append("Connection: keep-alive\r\n");
  out.append("\r\n");
  from.Consume(answer.length);

  BodyCursor body_back(framing_back);
  std::string piece;
  bool relayed = true;
  for (;;) {
    piece.clear();
    taken = body_back.Take(from.View(), dechunk ? &piece : nullptr);
    if (body_back.Failed()) {
      relayed = false;
      break;
    }
    std::string_view data = dechunk ? std::string_view(piece) : from.View().substr(0, taken);
    if (rechunk && taken > 0) {
      char size[24];
      std::snprintf(size, sizeof size, "%zx\r\n", taken);
      piece.assign(size);
      piece.append(data);
      piece.append("\r\n");
      data = piece;
    }
    if (SendAll(client.fd, out, data) != IoResult::kOk) {
      relayed = false;
      break;
    }
    out.clear();
    from.Consume(taken);
    if (body_back.Done()) break;
    IoResult got = ReceiveSome(fd, from);
    if (got == IoResult::kClosed && framing_back.type == Framing::kUntilClose) {
      relayed = !rechunk || SendAll(client.fd, "0\r\n\r\n") == IoResult::kOk;
      break;
    }
    if (got != IoResult::kOk) {
      relayed = false;  // the head is out: the client learns of the failure by the close
      break;
    }
  }
  client.SetUpstream(-1);
  // Bytes after the answer: the target is out of step with its connection.
  if (relayed && target_keeps && from.Empty())
    upstreams.Give(*options.target, fd, options.timeout);
  else
    close(fd);
  return relayed && keep;
}

}  // namespace berth::controlplane::lb
