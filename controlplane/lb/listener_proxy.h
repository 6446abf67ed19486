// One listener served: a proxy on 127.0.0.1 that routes each request by the current routing
// table (rules, then forward, redirect or fixed-response) as an Application Load Balancer does.
// A thread per core (at most 4) runs an epoll loop over the client and target connections
// it accepted (relay_loop.h): the request's head is parsed once for the routing decision,
// bodies and answers are streamed through, target connections are kept alive per target.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "controlplane/lb/routing.h"

namespace berth::controlplane::lb {

class RelayLoop;
using TableSource = std::function<std::shared_ptr<const Table>()>;

class ListenerProxy {
 public:
  ListenerProxy(std::string listener_arn, TableSource table);
  ~ListenerProxy();
  ListenerProxy(const ListenerProxy&) = delete;
  ListenerProxy& operator=(const ListenerProxy&) = delete;

  // Binds 127.0.0.1:`port` (0: any free port); the port bound, or -1.
  int Bind(int port);
  // Serves on a thread of its own until Stop.
  void Start();
  // Closes the port and every connection (requests in flight end).
  void Stop();
  // Closes the idle connections to every target not in `targets` ("host:port": deregistered).
  void Retain(const std::set<std::string>& targets);

 private:
  std::string arn_;
  TableSource table_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::vector<std::unique_ptr<RelayLoop>> loops_;
  std::vector<std::thread> threads_;
};

// "host:port" of a target: how connections to it are kept.
std::string ConnectionKey(const Target& target);

}  // namespace berth::controlplane::lb
