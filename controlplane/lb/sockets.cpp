#include "controlplane/lb/sockets.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace berth::controlplane::lb {

char* ByteBuffer::Reserve(size_t count) {
  if (end_ + count <= capacity_) return data_.get() + end_;
  size_t used = end_ - start_;
  if (used + count <= capacity_) {
    std::memmove(data_.get(), data_.get() + start_, used);
  } else {
    size_t capacity = std::max(capacity_ * 2, used + count);
    auto data = std::make_unique_for_overwrite<char[]>(capacity);
    if (used) std::memcpy(data.get(), data_.get() + start_, used);
    data_ = std::move(data);
    capacity_ = capacity;
  }
  start_ = 0;
  end_ = used;
  return data_.get() + end_;
}

IoResult ReceiveSome(int fd, ByteBuffer& buffer, size_t most) {
  char* into = buffer.Reserve(most);
  for (;;) {
    ssize_t got = recv(fd, into, most, 0);
    if (got > 0) {
      buffer.Commit(static_cast<size_t>(got));
      return IoResult::kOk;
    }
    if (got == 0) return IoResult::kClosed;
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return IoResult::kTimedOut;
    return errno == ECONNRESET ? IoResult::kClosed : IoResult::kError;
  }
}

IoResult SendAll(int fd, std::string_view first, std::string_view second) {
  while (!first.empty() || !second.empty()) {
    iovec parts[2];
    int count = 0;
    if (!first.empty()) parts[count++] = {const_cast<char*>(first.data()), first.size()};
    if (!second.empty()) parts[count++] = {const_cast<char*>(second.data()), second.size()};
    msghdr message{};
    message.msg_iov = parts;
    message.msg_iovlen = count;
    ssize_t sent = sendmsg(fd, &message, MSG_NOSIGNAL);
    if (sent < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) return IoResult::kTimedOut;
      return errno == EPIPE || errno == ECONNRESET ? IoResult::kClosed : IoResult::kError;
    }
    size_t done = static_cast<size_t>(sent);
    size_t from_first = std::min(done, first.size());
    first.remove_prefix(from_first);
    second.remove_prefix(done - from_first);
  }
  return IoResult::kOk;
}

void SetTimeouts(int fd, std::chrono::seconds timeout) {
  timeval tv{static_cast<time_t>(timeout.count()), 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

void SetNoDelay(int fd) {
  // Heads and bodies go out in one write each: Nagle would only hold the answer back.
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

int ConnectTo(const std::string& host, int port, std::chrono::seconds timeout, bool& timed_out) {
  timed_out = false;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  if (inet_pton(AF_INET, host.c_str(), &address.sin_addr) != 1) return -1;
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) return -1;
  int rc = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  if (rc < 0 && errno == EINPROGRESS) {
    pollfd waiting{fd, POLLOUT, 0};
    int ready;
    do {
      ready = poll(&waiting, 1, static_cast<int>(timeout.count() * 1000));
    } while (ready < 0 && errno == EINTR);
    int error = 0;
    socklen_t size = sizeof error;
    if (ready == 0) timed_out = true;
    if (ready <= 0 || getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size) < 0 || error != 0) {
      close(fd);
      return -1;
    }
  } else if (rc < 0) {
    close(fd);
    return -1;
  }
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  SetNoDelay(fd);
  return fd;
}

int ListenOn(int port, int& bound) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), size) < 0 || listen(fd, SOMAXCONN) < 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) < 0) {
    close(fd);
    return -1;
  }
  bound = ntohs(address.sin_port);
  return fd;
}

}  // namespace berth::controlplane::lb
