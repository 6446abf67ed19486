// Keep-alive connections from the proxies to the targets: plain sockets kept idle per target
// between requests (one connection carries one request at a time, so a target gets as many
// connections as requests are in flight to it, and reuses them).
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "controlplane/lb/routing.h"

namespace berth::controlplane::lb {

class Upstreams {
 public:
  Upstreams() = default;
  ~Upstreams();
  Upstreams(const Upstreams&) = delete;
  Upstreams& operator=(const Upstreams&) = delete;

  // An idle connection to `target` (`reused` set), else a new one; reads and writes on it time
  // out after `timeout`. -1 when the target cannot be reached, `timed_out` when it did not
  // answer the connection within ALB's 10 s.
  int Take(const Target& target, std::chrono::seconds timeout, bool& reused, bool& timed_out);
  // A new connection, never a kept one.
  int Connect(const Target& target, std::chrono::seconds timeout, bool& timed_out);
  // `fd`, its exchange complete, kept for the next request to `target`.
  void Give(const Target& target, int fd, std::chrono::seconds timeout);
  // Closes the idle connections to every target not in `targets` (deregistered ones).
  void Retain(const std::set<std::string>& targets);
  static std::string KeyOf(const Target& target);

 private:
  struct Idle {
    int fd;
    std::chrono::seconds timeout;
  };
  std::mutex mutex_;
  std::map<std::string, std::vector<Idle>> idle_;
};

}  // namespace berth::controlplane::lb
