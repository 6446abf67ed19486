// The order a plan lists its actions in: dependencies before dependents, ties by address.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace berth::planner {

// Kahn's algorithm over `deps` (address -> what it depends on; edges to addresses not in the
// map are ignored). Deterministic: ready resources are taken in address order.
std::vector<std::string> ApplyOrder(const std::map<std::string, std::vector<std::string>>& deps);

// The same order over `addresses` (sorted, unique; deps[i] is what addresses[i] depends on), as
// indices into `addresses`: for callers that hold the lists already, without copying them.
std::vector<size_t> ApplyOrderIndices(const std::vector<std::string_view>& addresses,
                                      const std::vector<const std::vector<std::string>*>& deps);

}  // namespace berth::planner
