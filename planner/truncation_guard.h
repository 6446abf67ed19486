// A mapped file that shrinks under its reader must not kill berth with SIGBUS.
#pragma once

#include <cstddef>

namespace berth::state {

// While alive, a SIGBUS from a read inside [begin, begin + size) (the mapped file was truncated
// by another program while berth read it) maps zero bytes over the rest of the range instead of
// killing the process, and records that it happened: the reader then sees zeros, and the caller
// must report Tripped() as "the file changed while it was read". A SIGBUS anywhere else keeps
// its old action. One guard at a time: the state is read by one thread.
class TruncationGuard {
 public:
  TruncationGuard(const void* begin, size_t size);
  ~TruncationGuard();
  TruncationGuard(const TruncationGuard&) = delete;
  TruncationGuard& operator=(const TruncationGuard&) = delete;

  bool Tripped() const;

 private:
  bool installed_ = false;
};

}  // namespace berth::state
