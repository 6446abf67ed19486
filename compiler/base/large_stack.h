// Runs work on a thread with a large stack. The parser and the evaluator recurse over the input's
// nesting; with bounded nesting checks plus this headroom, no input can overflow the stack.
#pragma once

#include <cstddef>
#include <functional>

namespace berth {

// Runs `work` on a new thread whose stack is `stack_bytes` (virtual: only touched pages cost
// memory) and waits for it. Falls back to running on the caller's thread if one can't be made.
void RunOnLargeStack(const std::function<void()>& work, size_t stack_bytes = size_t{1} << 30);

}  // namespace berth
