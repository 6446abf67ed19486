#include "backends/aws/tag_diff.h"

#include "backends/aws/ir_access.h"

namespace berth::aws {

TagDiff DiffTags(const Value* before, const Value* after) {
  TagDiff diff;
  const bool had = before && before->is(ValueKind::kMap);
  const bool has = after && after->is(ValueKind::kMap);
  if (has) {
    for (const auto& [key, value] : after->map()) {
      const Value* old = had ? before->Get(key) : nullptr;
      if (old == nullptr || !(*old == value)) diff.set.Set(key, value);
    }
  }
  if (had) {
    for (const auto& [key, value] : before->map()) {
      if (!has || after->Get(key) == nullptr) diff.removed.push_back(key);
    }
  }
  return diff;
}

bool Changed(const Value& before, const Value& after, std::string_view key) {
  const Value* old = Field(before, key);
  const Value* now = Field(after, key);
  if (old == nullptr || now == nullptr) return old != now;
  return !(*old == *now);
}

}  // namespace berth::aws
