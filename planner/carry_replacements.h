// A replacement makes a new resource, and references to its identity (a target group's ARN, a
// security group's id, a renamed cluster's name) name that new resource after apply. Whatever
// holds such a reference must move with it: the plan shows the reference as changing, known
// after apply, and where the schema says the attribute forces replacement (a service's cluster),
// the holder is replaced too, which carries on to what references the holder.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "planner/plan.h"

namespace berth::planner {

class ReplacementCarrier {
 public:
  // Called for each desired resource's change in apply order (dependencies first), so that a
  // replacement this carries is known before anything that references the replaced resource.
  void Carry(ResourceChange& change);

 private:
  std::map<std::string, const ResourceChange*, std::less<>> replaced_;  // by address
};

// "(known after apply: target_group.api is replaced)": how renderers show an attribute change
// whose reference is unchanged but names a replaced resource (before == after).
std::string CarriedText(const Value& reference);

}  // namespace berth::planner
