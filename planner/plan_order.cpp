#include "planner/plan_order.h"

#include <functional>
#include <queue>
#include <string_view>
#include <unordered_map>

namespace berth::planner {

// Works on indices in address order, so the smallest ready index is the smallest ready
// address: the same order as a set of addresses, without comparing long shared prefixes
// ("module.web_0001.service...") a million times for 70,000 resources.
std::vector<size_t> ApplyOrderIndices(const std::vector<std::string_view>& addresses,
                                      const std::vector<const std::vector<std::string>*>& deps) {
  size_t count = addresses.size();
  std::unordered_map<std::string_view, size_t> index_of;
  index_of.reserve(count);
  for (size_t i = 0; i < count; ++i) index_of.emplace(addresses[i], i);
  std::vector<int> waiting(count, 0);
  std::vector<std::vector<size_t>> dependents(count);
  for (size_t i = 0; i < count; ++i) {
    for (const std::string& d : *deps[i]) {
      auto it = index_of.find(d);
      if (it == index_of.end()) continue;
      ++waiting[i];
      dependents[it->second].push_back(i);
    }
  }
  // Each index becomes ready once (when its count reaches zero), so a heap needs no dedup.
  std::priority_queue<size_t, std::vector<size_t>, std::greater<>> ready;
  for (size_t i = 0; i < count; ++i) {
    if (waiting[i] == 0) ready.push(i);
  }
  std::vector<size_t> order;
  order.reserve(count);
  std::vector<bool> placed(count, false);
  while (!ready.empty()) {
    size_t next = ready.top();
    ready.pop();
    order.push_back(next);
    placed[next] = true;
    for (size_t d : dependents[next]) {
      if (--waiting[d] == 0) ready.push(d);
    }
  }
  // The checker rejects cycles; anything left over still gets planned, in address order.
  for (size_t i = 0; i < count; ++i) {
    if (!placed[i]) order.push_back(i);
  }
  return order;
}

std::vector<std::string> ApplyOrder(const std::map<std::string, std::vector<std::string>>& deps) {
  std::vector<std::string_view> addresses;
  std::vector<const std::vector<std::string>*> lists;
  addresses.reserve(deps.size());
  lists.reserve(deps.size());
  for (const auto& [address, list] : deps) {
    addresses.push_back(address);
    lists.push_back(&list);
  }
  std::vector<std::string> order;
  order.reserve(addresses.size());
  for (size_t i : ApplyOrderIndices(addresses, lists)) order.emplace_back(addresses[i]);
  return order;
}

}  // namespace berth::planner
