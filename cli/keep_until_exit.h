// The large values a command holds when it ends (the program, a plan, an emission: millions of
// nodes at 10,000 services) are left to the operating system, which takes a process's memory
// back at once, instead of being freed node by node on the way out: that walk cost 0.1 to 0.2
// CPU s of a 10,000-service plan or emission (docs/performance.md). Only for values whose
// destructors do nothing but free memory; they stay reachable (for leak checkers) until exit.
#pragma once

#include <memory>
#include <utility>
#include <vector>

namespace berth::cli {

inline void KeepUntilExit(std::shared_ptr<void> value) {
  static auto* kept = new std::vector<std::shared_ptr<void>>();  // never destroyed, by design
  kept->push_back(std::move(value));
}

// Moves `value` (left empty) into storage that is never freed.
template <typename T>
void KeepUntilExit(T& value) {
  KeepUntilExit(std::shared_ptr<void>(std::make_shared<T>(std::move(value))));
}

}  // namespace berth::cli
