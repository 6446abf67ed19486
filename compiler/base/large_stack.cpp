#include "compiler/base/large_stack.h"

#include <pthread.h>

namespace berth {

namespace {
void* Trampoline(void* arg) {
  (*static_cast<const std::function<void()>*>(arg))();
  return nullptr;
}

// Owns the attribute object for the lifetime of the call.
class ThreadAttributes {
 public:
  ThreadAttributes() { ok_ = pthread_attr_init(&attr_) == 0; }
  ~ThreadAttributes() {
    if (ok_) pthread_attr_destroy(&attr_);
  }
  bool ok() const { return ok_; }
  pthread_attr_t* get() { return &attr_; }

 private:
  pthread_attr_t attr_;
  bool ok_ = false;
};
}  // namespace

void RunOnLargeStack(const std::function<void()>& work, size_t stack_bytes) {
  ThreadAttributes attr;
  pthread_t thread;
  if (attr.ok() && pthread_attr_setstacksize(attr.get(), stack_bytes) == 0 &&
      pthread_create(&thread, attr.get(), &Trampoline,
                     const_cast<std::function<void()>*>(&work)) == 0) {
    pthread_join(thread, nullptr);
    return;
  }
  work();
}

}  // namespace berth
