#include "controlplane/lb/listener_proxy.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>

#include "controlplane/lb/relay_loop.h"
#include "controlplane/lb/sockets.h"

namespace berth::controlplane::lb {

std::string ConnectionKey(const Target& target) {
  return target.host + ":" + std::to_string(target.port);
}

ListenerProxy::ListenerProxy(std::string listener_arn, TableSource table)
    : arn_(std::move(listener_arn)), table_(std::move(table)) {}

ListenerProxy::~ListenerProxy() {
  Stop();
  if (listen_fd_ >= 0) close(listen_fd_);
}

int ListenerProxy::Bind(int port) {
  int bound = 0;
  int fd = ListenOn(port, bound);
  if (fd < 0) return -1;
  if (listen_fd_ >= 0) close(listen_fd_);
  listen_fd_ = fd;
  port_ = bound;
  return bound;
}

void ListenerProxy::Start() {
  fcntl(listen_fd_, F_SETFL, fcntl(listen_fd_, F_GETFL) | O_NONBLOCK);
  // One loop per core, so the proxy can take what the targets and the clients leave of the
  // machine; each loop serves the connections it accepted, start to end.
  unsigned count = std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
  for (unsigned i = 0; i < count; ++i)
    loops_.push_back(std::make_unique<RelayLoop>(arn_, table_, listen_fd_, port_));
  for (auto& loop : loops_) threads_.emplace_back([&loop] { loop->Run(); });
}

void ListenerProxy::Stop() {
  for (auto& loop : loops_) loop->RequestStop();
  for (auto& thread : threads_) thread.join();
  threads_.clear();
  loops_.clear();  // closes every connection
  if (listen_fd_ >= 0) close(listen_fd_);
  listen_fd_ = -1;
}

void ListenerProxy::Retain(const std::set<std::string>& targets) {
  for (auto& loop : loops_) loop->Retain(targets);
}

}  // namespace berth::controlplane::lb
