// The event loop of one listener's proxy: a single thread, epoll (edge-triggered), every client
// connection and every connection to a target non-blocking. Under load one wake-up serves many
// connections' events (a thread per connection pays two context switches per request: most of
// the proxy's CPU on this VM), and a request costs four system calls: its read, its write to the
// target, the answer's read and its write.
//
// A client connection carries one request at a time: its head parsed in place and routed
// (routing.h), then answered locally (fixed-response, redirect, ALB's error pages) or relayed
// to a target over a kept connection, the bodies streamed with backpressure (no more is read
// from one side while 256 KiB wait for the other). ALB's status codes when the target fails
// (docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-troubleshooting.html):
// 502 when it refuses, resets or answers garbage, 504 when it does not answer within the load
// balancer's idle timeout or cannot be connected to within 10 s.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_set>
#include <vector>

#include "controlplane/lb/http_head.h"
#include "controlplane/lb/local_response.h"
#include "controlplane/lb/message_framing.h"
#include "controlplane/lb/relay_heads.h"
#include "controlplane/lb/routing.h"
#include "controlplane/lb/sockets.h"

namespace berth::controlplane::lb {

class RelayLoop {
 public:
  using Clock = std::chrono::steady_clock;
  using TableSource = std::function<std::shared_ptr<const Table>()>;

  // Serves `listen_fd` (non-blocking, bound to `port`) for listener `arn`.
  RelayLoop(std::string arn, TableSource table, int listen_fd, int port);
  ~RelayLoop();  // closes every connection but the listening one
  RelayLoop(const RelayLoop&) = delete;
  RelayLoop& operator=(const RelayLoop&) = delete;

  void Run();  // until RequestStop
  // From any thread.
  void RequestStop();
  void Retain(const std::set<std::string>& targets);

 private:
  struct Endpoint {
    enum class Kind { kListen, kWake, kClient, kUpstream };
    explicit Endpoint(Kind k) : kind(k) {}
    Kind kind;
    bool closed = false;
  };
  struct Client;
  struct Upstream : Endpoint {
    Upstream() : Endpoint(Kind::kUpstream) {}
    int fd = -1;
    std::string key;
    ByteBuffer in;
    std::string out;
    size_t out_sent = 0;
    bool connecting = false;
    bool reused = false;
    bool read_blocked = false;  // unread data left while the client's output is full
    Client* client = nullptr;   // none while idle in the pool
    Clock::time_point deadline;
  };
  struct Client : Endpoint {
    enum class State { kHead, kDiscard, kForward, kClosing };
    Client() : Endpoint(Kind::kClient) {}
    int fd = -1;
    ByteBuffer in;
    std::string out;
    size_t out_sent = 0;
    std::string remote_address;
    State state = State::kHead;
    bool read_blocked = false;  // unread body left while the target's output is full
    bool close_after_flush = false;
    Clock::time_point deadline;  // idle: closed after the idle timeout
    std::chrono::seconds idle_timeout{60};
    // The request being served.
    std::string method;
    int minor = 1;
    bool keep = true;
    BodyCursor body;
    std::string pending;  // kDiscard: the answer, sent once the body is read
    Target target;
    std::chrono::seconds timeout{60};
    std::string replay;  // the whole request, while it can be sent again
    Upstream* upstream = nullptr;
    bool in_flight = false;  // counted in target.in_flight
    bool answer_started = false;
    AnswerRelay relay;
    BodyCursor answer_body;
  };

  void Accept();
  void OnClient(Client* c, uint32_t events);
  void OnUpstream(Upstream* u, uint32_t events);
  void ReadClient(Client* c);
  bool FlushClient(Client* c);
  // Works through what the client sent, as far as its state allows: false once it is closed.
  bool Advance(Client* c);
  void StartRequest(Client* c, const RequestHead& head);
  void Answer(Client* c, const LocalResponse& response);
  void Fail(Client* c, int status);
  void Send(Client* c, Upstream* u);
  bool FlushUpstream(Upstream* u);
  void ReadUpstream(Upstream* u);
  bool RelayAnswer(Upstream* u);
  void UpstreamFailed(Upstream* u, bool timed_out);
  void FinishExchange(Client* c, Upstream* u);
  Upstream* Connect(const Target& target, bool& refused);
  void CloseClient(Client* c);
  static void EndFlight(Client* c);
  void CloseUpstream(Upstream* u);
  void Expire();
  void Watch(int fd, Endpoint* endpoint);
  static void Free(Endpoint* endpoint);

  std::string arn_;
  TableSource table_;
  int listen_fd_;
  int port_;
  int epoll_fd_ = -1;
  int wake_fd_ = -1;
  Endpoint listen_endpoint_{Endpoint::Kind::kListen};
  Endpoint wake_endpoint_{Endpoint::Kind::kWake};
  Clock::time_point now_;
  std::unordered_set<Client*> clients_;
  std::unordered_set<Upstream*> upstreams_;
  std::map<std::string, std::vector<Upstream*>> idle_;  // kept connections by "host:port"
  std::vector<Endpoint*> closed_;                       // freed after the events at hand

  std::mutex mutex_;  // guards what other threads hand over
  bool stop_ = false;
  std::optional<std::set<std::string>> retain_;
};

}  // namespace berth::controlplane::lb
