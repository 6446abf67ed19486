// One listener served: an HTTP server on 127.0.0.1 that routes each request by the current
// routing table (rules, then forward, redirect or fixed-response) as an Application Load
// Balancer does, with its status codes: 502 when the target fails, 503 when a target group has
// no target to send to, 504 when a target does not answer within the idle timeout
// (docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-troubleshooting.html).
#pragma once

#include <httplib.h>

#include <functional>
#include <memory>
#include <string>
#include <thread>

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
  // Serves on a thread of its own until Stop.
  void Start();
  void Stop();

 private:
  void Handle(const httplib::Request& request, httplib::Response& response);

  std::string arn_;
  TableSource table_;
  Upstreams& upstreams_;
  httplib::Server server_;
  std::thread thread_;
};

}  // namespace berth::controlplane::lb
