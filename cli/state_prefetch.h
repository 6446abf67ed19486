// Reading the state of a large stack takes about as long as compiling it (70,000 resources: a
// 60 MB file), and neither needs the other, so `plan` starts reading the state file where it
// most likely is (--state, else the default path) on a second thread while the compiler runs.
// The stack's `backend` block can name another file: then the prefetched one is dropped and the
// right one read. Apply does not prefetch: it reads the state only once it holds the lock.
#pragma once

#include <future>
#include <string>

#include "cli/args.h"
#include "planner/state.h"

namespace berth::cli {

class StatePrefetch {
 public:
  explicit StatePrefetch(const ParsedArgs& args);
  // Waits for the read in flight (std::future from std::async joins on destruction too).
  ~StatePrefetch() = default;
  StatePrefetch(const StatePrefetch&) = delete;
  StatePrefetch& operator=(const StatePrefetch&) = delete;

  // The state at `path`, as state::LoadState gives it: the prefetched read when `path` is the
  // one guessed, else a fresh read.
  bool Take(const std::string& path, state::State& state, std::string& error);

 private:
  struct Loaded {
    bool ok = false;
    state::State state;
    std::string error;
  };
  std::string guessed_path_;
  std::future<Loaded> loaded_;
};

}  // namespace berth::cli
