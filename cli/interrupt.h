// Ctrl-C during apply: the first SIGINT asks apply to start nothing new (in-flight actions
// finish and are saved); a second one quits at once. Installed for the guard's lifetime only.
#pragma once

#include <atomic>
#include <csignal>

namespace berth::cli {

class InterruptGuard {
 public:
  InterruptGuard();
  ~InterruptGuard();  // restores the previous handler
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;
  const std::atomic<bool>& flag() const;

 private:
  struct sigaction previous_ {};
};

}  // namespace berth::cli
