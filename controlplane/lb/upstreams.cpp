#include "controlplane/lb/upstreams.h"

#include <unistd.h>

#include "controlplane/lb/sockets.h"

namespace berth::controlplane::lb {

namespace upstreams_impl {
namespace {

// Idle connections kept per target; more in flight at once are closed after their request.
constexpr size_t kIdlePerTarget = 128;
// ALB gives up connecting to a target after 10 s and answers 504.
constexpr std::chrono::seconds kConnect{10};

}  // namespace
}  // namespace upstreams_impl

Upstreams::~Upstreams() {
  for (auto& [key, idle] : idle_)
    for (const Idle& connection : idle) close(connection.fd);
}

std::string Upstreams::KeyOf(const Target& target) {
  return target.host + ":" + std::to_string(target.port);
}

int Upstreams::Connect(const Target& target, std::chrono::seconds timeout, bool& timed_out) {
  int fd = ConnectTo(target.host, target.port, upstreams_impl::kConnect, timed_out);
  if (fd >= 0) SetTimeouts(fd, timeout);
  return fd;
}

int Upstreams::Take(const Target& target, std::chrono::seconds timeout, bool& reused,
                    bool& timed_out) {
  Idle found{-1, timeout};
  {
    std::lock_guard lock(mutex_);
    auto idle = idle_.find(KeyOf(target));
    if (idle != idle_.end() && !idle->second.empty()) {
      found = idle->second.back();
      idle->second.pop_back();
    }
  }
  reused = found.fd >= 0;
  timed_out = false;
  if (!reused) return Connect(target, timeout, timed_out);
  if (found.timeout != timeout) SetTimeouts(found.fd, timeout);
  return found.fd;
}

void Upstreams::Give(const Target& target, int fd, std::chrono::seconds timeout) {
  {
    std::lock_guard lock(mutex_);
    auto& idle = idle_[KeyOf(target)];
    if (idle.size() < upstreams_impl::kIdlePerTarget) {
      idle.push_back({fd, timeout});
      return;
    }
  }
  close(fd);
}

void Upstreams::Retain(const std::set<std::string>& targets) {
  std::lock_guard lock(mutex_);
  for (auto it = idle_.begin(); it != idle_.end();) {
    if (targets.count(it->first)) {
      ++it;
      continue;
    }
    for (const Idle& connection : it->second) close(connection.fd);
    it = idle_.erase(it);
  }
}

}  // namespace berth::controlplane::lb
