#include "planner/random_id.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdint>
#include <random>

namespace berth::state {

std::string RandomHexId() {
  uint8_t bytes[16] = {};
  size_t got = 0;
  int fd = ::open("/dev/urandom", O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    while (got < sizeof bytes) {
      ssize_t n = ::read(fd, bytes + got, sizeof bytes - got);
      if (n <= 0) break;
      got += static_cast<size_t>(n);
    }
    ::close(fd);
  }
  // Without /dev/urandom (a bare chroot), the C++ device is the next best source.
  if (got < sizeof bytes) {
    std::random_device device;
    for (uint8_t& b : bytes) b = static_cast<uint8_t>(device());
  }
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(32);
  for (uint8_t b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 0xf];
  }
  return out;
}

}  // namespace berth::state
