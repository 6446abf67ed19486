// The socket operations of the listeners' proxy (relay_loop.h) that are not its own: the
// buffer it receives into, one recv() at a time, and its sockets' setup.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

namespace berth::controlplane::lb {

// Bytes received and not yet used: taken from the front, received at the back, without the
// zeroing a std::string's resize would do before every recv().
class ByteBuffer {
 public:
  std::string_view View() const { return {data_.get() + start_, end_ - start_}; }
  size_t Size() const { return end_ - start_; }
  bool Empty() const { return end_ == start_; }
  void Consume(size_t count) {
    start_ += count;
    if (start_ == end_) start_ = end_ = 0;
  }
  // Room for `count` more bytes at the back: where they go.
  char* Reserve(size_t count);
  void Commit(size_t count) { end_ += count; }

 private:
  std::unique_ptr<char[]> data_;
  size_t capacity_ = 0, start_ = 0, end_ = 0;
};

// kTimedOut: nothing to read now (EAGAIN on a non-blocking socket).
enum class IoResult { kOk, kClosed, kTimedOut, kError };

// Appends what one recv() returns (at most `most` bytes) to `buffer`.
IoResult ReceiveSome(int fd, ByteBuffer& buffer, size_t most = 32 * 1024);
// TCP_NODELAY.
void SetNoDelay(int fd);
// A listening socket on 127.0.0.1:port (0: a free one); -1 when it cannot be bound.
int ListenOn(int port, int& bound);

}  // namespace berth::controlplane::lb
