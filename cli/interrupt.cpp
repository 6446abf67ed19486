#include "cli/interrupt.h"

#include <unistd.h>

namespace berth::cli {

namespace {

// A lock-free atomic is safe to touch from a signal handler.
std::atomic<bool> interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free);

void OnInterrupt(int signal) {
  if (interrupted.exchange(true)) {
    // The second Ctrl-C: the user means it. Default action, so the exit status says SIGINT.
    struct sigaction fallback {};
    fallback.sa_handler = SIG_DFL;
    sigaction(SIGINT, &fallback, nullptr);
    raise(SIGINT);
    return;
  }
  static const char kMessage[] =
      "\nInterrupt received: waiting for actions in flight to finish and saving the state "
      "(Ctrl-C again to quit at once, losing their record)\n";
  ssize_t ignored = write(STDERR_FILENO, kMessage, sizeof(kMessage) - 1);
  (void)ignored;
}

}  // namespace

InterruptGuard::InterruptGuard() {
  interrupted = false;
  struct sigaction action {};
  action.sa_handler = &OnInterrupt;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &previous_);
}

InterruptGuard::~InterruptGuard() { sigaction(SIGINT, &previous_, nullptr); }

const std::atomic<bool>& InterruptGuard::flag() const { return interrupted; }

}  // namespace berth::cli
