#include "controlplane/lb/sockets.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
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

void SetNoDelay(int fd) {
  // Heads and bodies go out in one write each: Nagle would only hold the answer back.
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
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
