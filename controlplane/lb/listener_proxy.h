// One listener served: a proxy on 127.0.0.1 that routes each request by the current routing
// table (rules, then forward, redirect or fixed-response) as an Application Load Balancer does.
// A thread per client connection relays its requests over plain sockets (forward.h): the
// request's head is parsed once for the routing decision, bodies and answers are streamed
// through, and target connections are kept alive per target (upstreams.h).
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "controlplane/lb/forward.h"
#include "controlplane/lb/routing.h"
#include "controlplane/lb/upstreams.h"

namespace berth::controlplane::lb {

using TableSource = std::function<std::shared_ptr<const Table>()>;

class ListenerProxy {
 public:
  ListenerProxy(std::string listener_arn, TableSource table, Upstreams& upstreams);
  ~ListenerProxy();
  ListenerProxy(const ListenerProxy&) = delete;
  ListenerProxy& operator=(const ListenerProxy&) = delete;

  // Binds 127.0.0.1:`port` (0: any free port); the port bound, or -1.
  int Bind(int port);
  // Accepts connections on a thread of its own until Stop.
  void Start();
  // Closes the port and every client connection (requests in flight end), and waits for them.
  void Stop();

 private:
  void Accept();
  void Serve(ClientConnection& client);
  // Answers the request whose head is at the front of client.in: whether to keep the connection.
  bool Handle(ClientConnection& client, const RequestHead& head);

  std::string arn_;
  TableSource table_;
  Upstreams& upstreams_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::thread thread_;

  std::mutex mutex_;
  std::condition_variable closed_;
  std::set<std::shared_ptr<ClientConnection>> open_;
  bool stopping_ = false;
};

}  // namespace berth::controlplane::lb
