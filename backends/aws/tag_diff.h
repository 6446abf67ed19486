// What changed between a resource's tags before and after an update: the APIs that take tags at
// create time ignore them afterwards, so updates send the difference to TagResource-style calls.
#pragma once

#include <string>
#include <vector>

#include "compiler/base/value.h"

namespace berth::aws {

struct TagDiff {
  Value set = Value::Map({});        // tags added or changed, with their new values
  std::vector<std::string> removed;  // keys no longer present
  bool empty() const { return set.map().empty() && removed.empty(); }
};

// `before` and `after` are tag maps (or null / absent: no tags).
TagDiff DiffTags(const Value* before, const Value* after);

// Whether attribute `key` differs between two attribute maps (absent and null are equal).
bool Changed(const Value& before, const Value& after, std::string_view key);

}  // namespace berth::aws
