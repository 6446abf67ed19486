#include "controlplane/lb/request_counts.h"

#include <memory>
#include <mutex>

namespace berth::controlplane::lb {

namespace request_counts_impl {
namespace {

struct Registry {
  std::mutex mutex;
  std::map<std::string, std::unique_ptr<GroupCounters>> groups;
  std::map<std::pair<std::string, int>, std::unique_ptr<std::atomic<int>>> in_flight;
};

Registry& TheRegistry() {
  static Registry registry;
  return registry;
}

}  // namespace
}  // namespace request_counts_impl

GroupCounters& CountersOf(const std::string& target_group_arn) {
  auto& registry = request_counts_impl::TheRegistry();
  std::lock_guard lock(registry.mutex);
  auto& slot = registry.groups[target_group_arn];
  if (!slot) slot = std::make_unique<GroupCounters>();
  return *slot;
}

std::atomic<int>& InFlightTo(const std::string& host, int port) {
  auto& registry = request_counts_impl::TheRegistry();
  std::lock_guard lock(registry.mutex);
  auto& slot = registry.in_flight[{host, port}];
  if (!slot) slot = std::make_unique<std::atomic<int>>(0);
  return *slot;
}

std::map<std::string, std::uint64_t> RequestCounts() {
  auto& registry = request_counts_impl::TheRegistry();
  std::lock_guard lock(registry.mutex);
  std::map<std::string, std::uint64_t> out;
  for (const auto& [arn, counters] : registry.groups) out[arn] = counters->requests.load();
  return out;
}

}  // namespace berth::controlplane::lb
