// The few blocking-socket operations the listeners' proxy is made of: one system call per read
// or write where the kernel allows (no poll before each, as a general HTTP library does), with
// the idle timeout as the sockets' own receive and send timeouts.
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

enum class IoResult { kOk, kClosed, kTimedOut, kError };

// Appends what one recv() returns (at most `most` bytes) to `buffer`.
IoResult ReceiveSome(int fd, ByteBuffer& buffer, size_t most = 32 * 1024);
// Writes all of `first` then `second` (one sendmsg() for both in the usual case).
IoResult SendAll(int fd, std::string_view first, std::string_view second = {});
// SO_RCVTIMEO and SO_SNDTIMEO.
void SetTimeouts(int fd, std::chrono::seconds timeout);
void SetNoDelay(int fd);
// A TCP connection to host:port (an IPv4 address), within `timeout`; -1 with `timed_out` set
// when it did not answer in time.
int ConnectTo(const std::string& host, int port, std::chrono::seconds timeout, bool& timed_out);
// A listening socket on 127.0.0.1:port (0: a free one); -1 when it cannot be bound.
int ListenOn(int port, int& bound);

}  // namespace berth::controlplane::lb
