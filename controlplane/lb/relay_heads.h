// The heads the listeners' proxy writes when it relays: the request as the target gets it and
// the target's answer as the client gets it, rewritten as ALB does (hop-by-hop fields dropped,
// X-Forwarded-* set), bodies keeping the framing they came with.
#pragma once

#include <string>
#include <string_view>

#include "controlplane/lb/http_head.h"
#include "controlplane/lb/message_framing.h"

namespace berth::controlplane::lb {

struct ForwardedFor {
  std::string_view remote_address;  // the client's: appended to X-Forwarded-For
  std::string_view protocol;        // "http" or "https": X-Forwarded-Proto
  int local_port = 0;               // where the client reached the listener: X-Forwarded-Port
  std::string_view target;          // "host:port", the Host of a request without one
};

// HTTP/1.1 (the target connection is kept), the client's fields but the hop-by-hop ones and
// Expect (the proxy answers 100-continue itself), X-Forwarded-* as ALB sets them
// (routing.http.xff_header_processing.mode "append").
std::string TargetRequestHead(const RequestHead& head, const BodyFraming& framing,
                              const ForwardedFor& forwarded);

// How the answer's body goes to the client.
struct AnswerRelay {
  BodyFraming framing;       // the target's
  bool dechunk = false;      // an HTTP/1.0 client knows no chunks: decoded, its end the close
  bool rechunk = false;      // a body that ends with the target's connection, to an HTTP/1.1
                             // client: sent in chunks, so the client's connection stays
  bool keep = true;          // the client's connection stays open afterwards
  bool target_keeps = true;  // the target's connection can carry another request
};

// The target's answer head as the client gets it, and how its body is relayed. `keep`: the
// client asked to keep its connection; `minor`: its request's HTTP/1.<minor>.
std::string ClientAnswerHead(const ResponseHead& answer, std::string_view method, bool keep,
                             int minor, AnswerRelay& relay);

}  // namespace berth::controlplane::lb
