// The plan phase's entry: each desired resource against its live counterpart, replacements
// carried to what references them, then the deletes, in apply order.
#include <algorithm>
#include <map>
#include <set>
#include <string_view>
#include <unordered_map>

#include "compiler/schema/schema.h"
#include "planner/carry_replacements.h"
#include "planner/plan.h"
#include "planner/plan_order.h"
#include "planner/targets.h"
#include "planner/value_diff.h"

namespace berth::planner {

namespace {

void SortUnique(std::vector<std::string>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

bool DeclaresAutoscaling(const Value& attributes) {
  const Value* a = attributes.Get("autoscaling");
  return a && !a->is_null();
}

void RecordPaths(ResourceChange& change) {
  CollectUnknownPaths("", change.after, change.unknown_paths);
  CollectSensitivePaths("", change.before, change.sensitive_paths);
  CollectSensitivePaths("", change.after, change.sensitive_paths);
  SortUnique(change.unknown_paths);
  SortUnique(change.sensitive_paths);
}

// Takes the attribute trees and dependencies of `r`, and the tree of `live`: the plan owns them
// from here on (a copy of 70,000 dependency lists was 8 MB of fresh memory).
ResourceChange DiffResource(ir::Resource& r, LiveResource* live, const DiffOptions& options) {
  SchemaCursor root{schema::FindResource(r.kind), nullptr};
  ResourceChange change;
  change.address = r.address;
  change.kind = r.kind;
  change.action = Action::kCreate;
  change.after = std::move(r.attributes);
  change.depends_on = std::move(r.depends_on);
  MarkSchemaSensitive(change.after, root);
  if (live) {
    change.before = std::move(live->attributes);
    MarkSchemaSensitive(change.before, root);
    OwnershipRules rules;
    rules.autoscaled = DeclaresAutoscaling(change.after);
    for (const IgnoredPath& p : options.ignore) {
      if (p.address == r.address) rules.ignored.push_back(p.path);
    }
    DiffValues("", change.before, change.after, root, rules, change.changes);
    for (const AttributeChange& c : change.changes) {
      if (c.forces_replacement)
        change.replace_reasons.push_back("`" + c.path + "` forces replacement");
    }
    change.action = change.changes.empty()            ? Action::kNoOp
                    : !change.replace_reasons.empty() ? Action::kReplace
                                                      : Action::kUpdate;
  }
  RecordPaths(change);
  return change;
}

// Sorted by address, one entry per address, the last one of a repeat winning: as a map keyed by
// address would hold them. `addresses[i]` is the address of `changes[i]`. The program keeps its
// resources sorted and unique, so this is usually one pass.
void KeepLastByAddress(std::vector<std::string_view>& addresses,
                       std::vector<ResourceChange>& changes) {
  if (std::adjacent_find(addresses.begin(), addresses.end(), std::greater_equal<>()) ==
      addresses.end()) {
    return;
  }
  std::vector<size_t> index(addresses.size());
  for (size_t i = 0; i < index.size(); ++i) index[i] = i;
  std::stable_sort(index.begin(), index.end(),
                   [&](size_t a, size_t b) { return addresses[a] < addresses[b]; });
  std::vector<std::string_view> kept_addresses;
  std::vector<ResourceChange> kept_changes;
  for (size_t i : index) {
    if (!kept_addresses.empty() && kept_addresses.back() == addresses[i]) {
      kept_changes.back() = std::move(changes[i]);
    } else {
      kept_addresses.push_back(addresses[i]);
      kept_changes.push_back(std::move(changes[i]));
    }
  }
  addresses = std::move(kept_addresses);
  changes = std::move(kept_changes);
}

// Puts `changes[order[i]]` at i, in place (`order` is a permutation): a second array of 70,000
// changes was 22 MB of fresh memory.
void Reorder(std::vector<ResourceChange>& changes, const std::vector<size_t>& order) {
  std::vector<bool> placed(changes.size(), false);
  for (size_t start = 0; start < changes.size(); ++start) {
    if (placed[start]) continue;
    ResourceChange first = std::move(changes[start]);
    size_t at = start;
    for (;;) {
      placed[at] = true;
      size_t from = order[at];
      if (from == start) {
        changes[at] = std::move(first);
        break;
      }
      changes[at] = std::move(changes[from]);
      at = from;
    }
  }
}

}  // namespace

Plan Diff(const DiffOptions& options, const ir::Program& desired,
          const std::vector<LiveResource>& live) {
  return Diff(options, ir::Program(desired), std::vector<LiveResource>(live));
}

Plan Diff(const DiffOptions& options, ir::Program&& desired, std::vector<LiveResource>&& live) {
  // Hashed views of the live addresses: 70,000 long, similar keys are slow to keep sorted.
  std::unordered_map<std::string_view, LiveResource*> live_by_address;
  bool live_repeats = false;  // an address twice: one resource, the last one, as the map holds
  for (LiveResource& r : live) {
    auto [it, inserted] = live_by_address.emplace(r.address, &r);
    if (!inserted) {
      it->second = &r;
      live_repeats = true;
    }
  }
  std::set<std::string> targeted;
  if (!options.targets.empty()) targeted = TargetedAddresses(desired, options.targets);
  auto in_scope = [&](const std::string& address) {
    return options.targets.empty() || targeted.count(address) > 0;
  };

  Plan plan;
  std::vector<ResourceChange>& changes = plan.changes;
  std::vector<std::string_view> addresses;  // of changes[i], held by the program
  changes.reserve(desired.resources.size());
  addresses.reserve(desired.resources.size());
  // Which live resources the program still has: the others are deleted.
  std::vector<bool> desired_live(live.size(), false);
  for (ir::Resource& r : desired.resources) {
    auto it = live_by_address.find(r.address);
    if (it != live_by_address.end()) desired_live[it->second - live.data()] = true;
    if (!in_scope(r.address)) continue;
    addresses.push_back(r.address);
    changes.push_back(DiffResource(r, it == live_by_address.end() ? nullptr : it->second, options));
  }
  KeepLastByAddress(addresses, changes);
  std::vector<const std::vector<std::string>*> deps;
  deps.reserve(changes.size());
  for (const ResourceChange& c : changes) deps.push_back(&c.depends_on);
  std::vector<size_t> order = ApplyOrderIndices(addresses, deps);
  // In apply order, so a replacement carried to a service reaches what references the service.
  ReplacementCarrier carrier;
  for (size_t i : order) carrier.Carry(changes[i]);
  Reorder(changes, order);
  // Deletes go last, dependents before what they depend on: the reverse of their own order.
  // Under --target only the resources named are deleted, never their neighbours.
  std::map<std::string, std::vector<std::string>> delete_deps;
  for (const LiveResource& r : live) {
    const LiveResource* held = live_repeats ? live_by_address.find(r.address)->second : &r;
    if (desired_live[held - live.data()]) continue;
    bool named = options.targets.empty() ||
                 std::any_of(options.targets.begin(), options.targets.end(),
                             [&](const std::string& t) { return TargetMatches(t, r.address); });
    if (named) delete_deps[r.address] = r.depends_on;
  }
  std::vector<std::string> delete_order = ApplyOrder(delete_deps);
  std::reverse(delete_order.begin(), delete_order.end());
  for (const std::string& address : delete_order) {
    LiveResource* r = live_by_address[address];
    ResourceChange change;
    change.address = r->address;
    change.kind = r->kind;
    change.action = Action::kDelete;
    change.before = std::move(r->attributes);
    change.depends_on = std::move(r->depends_on);
    MarkSchemaSensitive(change.before, {schema::FindResource(r->kind), nullptr});
    RecordPaths(change);
    plan.changes.push_back(std::move(change));
  }
  return plan;
}

}  // namespace berth::planner
