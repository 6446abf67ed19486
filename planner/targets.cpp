#include "planner/targets.h"

namespace berth::planner {

bool TargetMatches(std::string_view target, std::string_view address) {
  if (address.substr(0, target.size()) != target) return false;
  if (address.size() == target.size()) return true;
  char next = address[target.size()];
  return next == '.' || next == '[';
}

std::set<std::string> TargetedAddresses(const ir::Program& desired,
                                        const std::vector<std::string>& targets) {
  std::set<std::string> selected;
  std::vector<std::string> pending;
  for (const ir::Resource& r : desired.resources) {
    for (const std::string& t : targets) {
      if (TargetMatches(t, r.address)) pending.push_back(r.address);
    }
  }
  while (!pending.empty()) {
    std::string address = std::move(pending.back());
    pending.pop_back();
    if (!selected.insert(address).second) continue;
    if (const ir::Resource* r = desired.Find(address)) {
      for (const std::string& d : r->depends_on) pending.push_back(d);
    }
  }
  return selected;
}

}  // namespace berth::planner
