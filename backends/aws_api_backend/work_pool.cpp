#include "backends/aws_api_backend/work_pool.h"

#include <algorithm>
#include <atomic>
#include <thread>

namespace berth::aws_api_backend {

void RunPool(const std::vector<std::function<void()>>& jobs, int width) {
  std::atomic<size_t> next{0};
  int threads = std::clamp<int>(width, 1, std::max<int>(1, static_cast<int>(jobs.size())));
  std::vector<std::jthread> workers;
  for (int i = 0; i < threads; ++i) {
    workers.emplace_back([&] {
      for (size_t job = next++; job < jobs.size(); job = next++) jobs[job]();
    });
  }
}

}  // namespace berth::aws_api_backend
