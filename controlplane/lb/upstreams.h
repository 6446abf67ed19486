// Keep-alive connections from the proxies to the targets: an httplib client per connection,
// kept idle per target between requests (one client carries one request at a time, so a target
// gets as many connections as requests are in flight to it, and reuses them).
#pragma once

#include <httplib.h>

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "controlplane/lb/routing.h"

namespace berth::controlplane::lb {

struct UpstreamResult {
  bool ok = false;
  bool timed_out = false;  // no answer within the timeout: ALB's 504, else its 502
  httplib::Response response;
};

class Upstreams {
 public:
  // Sends `request` (path: the request target, query included) to `target`, waiting at most
  // `timeout` for the answer. httplib adds the headers it always sends (Host...) to `request`.
  UpstreamResult Send(const Target& target, httplib::Request& request,
                      std::chrono::seconds timeout);
  // Closes the idle connections to every target not in `targets` (deregistered ones).
  void Retain(const std::set<std::string>& targets);
  static std::string KeyOf(const Target& target);

 private:
  std::unique_ptr<httplib::Client> Take(const std::string& key, bool& reused);
  void Give(const std::string& key, std::unique_ptr<httplib::Client> client);

  std::mutex mutex_;
  std::map<std::string, std::vector<std::unique_ptr<httplib::Client>>> idle_;
};

}  // namespace berth::controlplane::lb
