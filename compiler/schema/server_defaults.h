// What AWS fills in for attributes a request leaves out, where berth writes no schema default into
// the IR: one table, read by plans against live (backends/aws/live_backend.cpp).
#pragma once

#include <string_view>
#include <vector>

#include "compiler/base/value.h"

namespace berth::schema {

// A value AWS fills in for an attribute that a request leaves out, where berth writes no schema
// default into the IR (it depends on other attributes, or on when the resource was made). Plans
// against live normalise both sides with it: an undeclared attribute at its server default is
// no change, and a declared value equal to it is the same as a describe output without it.
struct ServerDefault {
  std::string_view kind;  // resource kind
  // Dotted path from the resource: "health_check.timeout"; through a list of blocks
  // ("listeners.ssl_policy") it holds for each item.
  std::string_view path;
  Value value;
  // When set, the default holds only where this is true of the resource's attributes...
  bool (*applies)(const Value& resource) = nullptr;
  // ...or, for a path through a list of blocks, of the item (a listener).
  bool (*applies_to_item)(const Value& item) = nullptr;
};
const std::vector<ServerDefault>& ServerDefaults();

}  // namespace berth::schema
