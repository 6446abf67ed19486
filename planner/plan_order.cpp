#include "planner/plan_order.h"

#include <set>

namespace berth::planner {

std::vector<std::string> ApplyOrder(const std::map<std::string, std::vector<std::string>>& deps) {
  std::map<std::string, int> waiting;
  std::map<std::string, std::vector<std::string>> dependents;
  for (const auto& [address, list] : deps) {
    waiting[address];
    for (const std::string& d : list) {
      if (!deps.count(d)) continue;
      ++waiting[address];
      dependents[d].push_back(address);
    }
  }
  std::set<std::string> ready;
  for (const auto& [address, count] : waiting) {
    if (count == 0) ready.insert(address);
  }
  std::vector<std::string> order;
  std::set<std::string> placed;
  while (!ready.empty()) {
    std::string next = *ready.begin();
    ready.erase(ready.begin());
    order.push_back(next);
    placed.insert(next);
    for (const std::string& d : dependents[next]) {
      if (--waiting[d] == 0) ready.insert(d);
    }
  }
  // The checker rejects cycles; anything left over still gets planned, in address order.
  for (const auto& [address, count] : waiting) {
    if (!placed.count(address)) order.push_back(address);
  }
  return order;
}

}  // namespace berth::planner
