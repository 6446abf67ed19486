#include "controlplane/lb/listener_proxy.h"

#include <fcntl.h>
#include <unistd.h>

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
  loop_ = std::make_unique<RelayLoop>(arn_, table_, listen_fd_, port_);
  thread_ = std::thread([this] { loop_->Run(); });
}

void ListenerProxy::Stop() {
  if (loop_) loop_->RequestStop();
  if (thread_.joinable()) thread_.join();
  loop_.reset();  // closes every connection
  if (listen_fd_ >= 0) close(listen_fd_);
  listen_fd_ = -1;
}

void ListenerProxy::Retain(const std::set<std::string>& targets) {
  if (loop_) loop_->Retain(targets);
}

}  // namespace berth::controlplane::lb
