// A forward action carried out: the request relayed to a target over a kept connection and the
// answer relayed back, the bodies streamed (never held whole), heads rewritten as ALB does
// (X-Forwarded-*, hop-by-hop fields dropped). ALB's status codes when the target fails: 502
// when it refuses, resets or answers garbage, 504 when it does not answer within the idle
// timeout
// (docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-troubleshooting.html).
#pragma once

#include <chrono>
#include <mutex>
#include <string>

#include "controlplane/lb/http_head.h"
#include "controlplane/lb/message_framing.h"
#include "controlplane/lb/routing.h"
#include "controlplane/lb/sockets.h"
#include "controlplane/lb/upstreams.h"

namespace berth::controlplane::lb {

// One client's connection to a listener, served by one thread.
struct ClientConnection {
  int fd = -1;
  ByteBuffer in;               // received from the client, not yet relayed
  ByteBuffer from_target;      // the answer being relayed (kept between requests: no allocation)
  std::string remote_address;  // for X-Forwarded-For
  int local_port = 0;          // where the client reached the listener: X-Forwarded-Port

  // The target connection in use, shut down by a listener that stops.
  void SetUpstream(int upstream);
  void ShutDown();

 private:
  std::mutex mutex_;
  int upstream_ = -1;
  bool shut_ = false;
};

struct ForwardOptions {
  const Target* target = nullptr;
  std::chrono::seconds timeout{60};  // the load balancer's idle timeout
  std::string_view protocol;         // "http" or "https": X-Forwarded-Proto
  bool keep = true;                  // the client wants its connection kept
};

// Relays the request whose head `head` is at the front of client.in (the head's views point
// there) and its body, then the answer. Whether the client's connection stays open.
bool Forward(ClientConnection& client, const RequestHead& head, const BodyFraming& framing,
             const ForwardOptions& options, Upstreams& upstreams);

// Reads and drops the request's body (a request answered without a target): whether the
// connection can serve the next request.
bool DiscardBody(ClientConnection& client, const BodyFraming& framing);

}  // namespace berth::controlplane::lb
