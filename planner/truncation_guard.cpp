#include "planner/truncation_guard.h"

#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>

namespace berth::state {

namespace {

// What the handler reads: set before it is installed, cleared after it is removed.
std::atomic<uintptr_t> guarded_begin{0};
std::atomic<uintptr_t> guarded_end{0};
std::atomic<bool> guard_tripped{false};
std::atomic<uintptr_t> guarded_page_size{4096};  // read by the handler, which calls no sysconf
struct sigaction action_before_guard;

void OnTruncatedRead(int signal, siginfo_t* info, void* /*context*/) {
  auto at = reinterpret_cast<uintptr_t>(info->si_addr);
  uintptr_t begin = guarded_begin.load();
  uintptr_t end = guarded_end.load();
  if (at < begin || at >= end) {
    // Not ours: the old action takes the signal when the faulting instruction runs again.
    sigaction(signal, &action_before_guard, nullptr);
    return;
  }
  // Zeros over the rest of the range (whole pages from the faulting one): the read goes on and
  // fails on them, or ends; either way the caller sees Tripped(). mmap is a plain system call
  // on Linux and safe here.
  uintptr_t page = guarded_page_size.load();
  uintptr_t from = at / page * page;
  void* zeros = mmap(reinterpret_cast<void*>(from), end - from, PROT_READ,
                     MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (zeros == MAP_FAILED) {
    sigaction(signal, &action_before_guard, nullptr);
    return;
  }
  guard_tripped.store(true);
}

}  // namespace

TruncationGuard::TruncationGuard(const void* begin, size_t size) {
  if (begin == nullptr || size == 0) return;
  guarded_begin.store(reinterpret_cast<uintptr_t>(begin));
  guarded_end.store(reinterpret_cast<uintptr_t>(begin) + size);
  guard_tripped.store(false);
  guarded_page_size.store(static_cast<uintptr_t>(sysconf(_SC_PAGESIZE)));
  struct sigaction action = {};
  action.sa_sigaction = OnTruncatedRead;
  action.sa_flags = SA_SIGINFO;
  sigemptyset(&action.sa_mask);
  installed_ = sigaction(SIGBUS, &action, &action_before_guard) == 0;
}

TruncationGuard::~TruncationGuard() {
  if (!installed_) return;
  sigaction(SIGBUS, &action_before_guard, nullptr);
  guarded_begin.store(0);
  guarded_end.store(0);
}

bool TruncationGuard::Tripped() const { return installed_ && guard_tripped.load(); }

}  // namespace berth::state
