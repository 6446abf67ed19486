// Lookups on a block's table: the checker resolves every attribute and nested block through
// these, and "did you mean" draws its candidates from Names().
#include "compiler/schema/schema.h"

namespace berth::schema {

const AttributeSpec* BlockSpec::FindAttribute(std::string_view attribute) const {
  for (const AttributeSpec& a : attributes) {
    if (a.name == attribute) return &a;
  }
  return nullptr;
}

const BlockSpec* BlockSpec::FindBlock(std::string_view block) const {
  for (const BlockSpec* b : blocks) {
    if (b->name == block) return b;
  }
  return nullptr;
}

std::vector<std::string> BlockSpec::Names() const {
  std::vector<std::string> names;
  names.reserve(attributes.size() + blocks.size());
  for (const AttributeSpec& a : attributes) names.emplace_back(a.name);
  for (const BlockSpec* b : blocks) names.emplace_back(b->name);
  return names;
}

}  // namespace berth::schema
