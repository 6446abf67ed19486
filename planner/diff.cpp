#include <algorithm>
#include <map>
#include <set>

#include "compiler/schema/schema.h"
#include "planner/plan.h"

namespace berth::planner {

const char* ActionName(Action action) {
  switch (action) {
    case Action::kNoOp: return "no-op";
    case Action::kCreate: return "create";
    case Action::kUpdate: return "update";
    case Action::kReplace: return "replace";
    case Action::kDelete: return "delete";
  }
  return "no-op";
}

int Plan::Count(Action action) const {
  return static_cast<int>(std::count_if(changes.begin(), changes.end(),
                                        [&](const ResourceChange& c) { return c.action == action; }));
}

bool Plan::HasChanges() const {
  return std::any_of(changes.begin(), changes.end(),
                     [](const ResourceChange& c) { return c.action != Action::kNoOp; });
}

namespace {

// Top-level attribute changes; the schema table says which ones force a replacement.
std::vector<AttributeChange> CompareAttributes(const std::string& kind, const Value& before,
                                               const Value& after) {
  std::vector<AttributeChange> changes;
  const schema::BlockSpec* spec = schema::FindResource(kind);
  std::set<std::string> keys;
  if (before.is(ValueKind::kMap)) {
    for (const auto& [k, v] : before.map()) keys.insert(k);
  }
  if (after.is(ValueKind::kMap)) {
    for (const auto& [k, v] : after.map()) keys.insert(k);
  }
  for (const std::string& key : keys) {
    const Value* b = before.Get(key);
    const Value* a = after.Get(key);
    Value bv = b ? *b : Value::Null();
    Value av = a ? *a : Value::Null();
    if (bv == av) continue;
    const schema::AttributeSpec* attr = spec ? spec->FindAttribute(key) : nullptr;
    changes.push_back({key, bv, av, attr && attr->forces_replacement});
  }
  return changes;
}

// Kahn's algorithm over depends_on, taking ready resources in address order so the plan is
// deterministic.
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
  while (!ready.empty()) {
    std::string next = *ready.begin();
    ready.erase(ready.begin());
    order.push_back(next);
    for (const std::string& d : dependents[next]) {
      if (--waiting[d] == 0) ready.insert(d);
    }
  }
  // The checker rejects cycles; anything left over still gets planned, in address order.
  for (const auto& [address, count] : waiting) {
    if (std::find(order.begin(), order.end(), address) == order.end()) order.push_back(address);
  }
  return order;
}

}  // namespace

Plan Diff(const DiffOptions& options, const ir::Program& desired,
          const std::vector<LiveResource>& live) {
  std::map<std::string, const LiveResource*> live_by_address;
  for (const LiveResource& r : live) live_by_address[r.address] = &r;

  std::map<std::string, ResourceChange> by_address;
  std::map<std::string, std::vector<std::string>> desired_deps;
  for (const ir::Resource& r : desired.resources) {
    ResourceChange change{r.address, r.kind, Action::kCreate, Value::Null(), r.attributes, {}};
    if (auto it = live_by_address.find(r.address); it != live_by_address.end()) {
      change.before = it->second->attributes;
      change.changes = CompareAttributes(r.kind, change.before, change.after);
      bool replace = std::any_of(change.changes.begin(), change.changes.end(),
                                 [](const AttributeChange& c) { return c.forces_replacement; });
      change.action =
          change.changes.empty() ? Action::kNoOp : replace ? Action::kReplace : Action::kUpdate;
    }
    desired_deps[r.address] = r.depends_on;
    by_address[r.address] = std::move(change);
  }

  Plan plan;
  for (const std::string& address : ApplyOrder(desired_deps)) {
    plan.changes.push_back(std::move(by_address[address]));
  }
  // Deletes go last, dependents before what they depend on: the reverse of their own order.
  std::map<std::string, std::vector<std::string>> delete_deps;
  for (const LiveResource& r : live) {
    if (!desired.Find(r.address)) delete_deps[r.address] = r.depends_on;
  }
  std::vector<std::string> delete_order = ApplyOrder(delete_deps);
  std::reverse(delete_order.begin(), delete_order.end());
  for (const std::string& address : delete_order) {
    const LiveResource* r = live_by_address[address];
    plan.changes.push_back({r->address, r->kind, Action::kDelete, r->attributes, Value::Null(), {}});
  }
  return plan;
}

}  // namespace berth::planner
