// Lowering what evaluation produced to the IR's conventions: the stack's tags merged into every
// resource that takes tags, and dependency edges from the references inside attributes.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/base/value.h"
#include "compiler/schema/schema.h"

namespace berth::check {

// Stack tags first, the resource's own tags win. Only for kinds whose table has `tags`.
void MergeStackTags(const schema::BlockSpec& spec, const Value& stack_tags, Value& attributes);

// Sorted, unique addresses of every reference inside `attributes` for which `is_resource` holds,
// leaving out `self`.
std::vector<std::string> CollectDependsOn(const Value& attributes, std::string_view self,
                                          const std::function<bool(std::string_view)>& is_resource);

// A map value from entries with unique keys, sorted in place. Value::Map also handles
// duplicates, at the price of a temporary buffer per call: with 100,000 resources the
// allocations show.
Value MapOfUniqueKeys(ValueMap entries, const SourceRange& range = {});

}  // namespace berth::check
