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

// Takes the attribute trees of `r` and `live`: the plan owns them from here on.
ResourceChange DiffResource(ir::Resource& r, LiveResource* live, const DiffOptions& options) {
  SchemaCursor root{schema::FindResource(r.kind), nullptr};
  ResourceChange change;
  change.address = r.address;
  change.kind = r.kind;
  change.action = Action::kCreate;
  change.after = std::move(r.attributes);
  change.depends_on = r.depends_on;
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

// A desired resource with its change, until the plan puts it in apply order.
struct Planned {
  std::string_view address;
  const std::vector<std::string>* depends_on;
  ResourceChange change;
};

// Sorted by address, one entry per address, the last one of a repeat winning: as a map keyed by
// address would hold them. The program keeps its resources sorted, so this is usually one pass.
void KeepLastByAddress(std::vector<Planned>& planned) {
  auto by_address = [](const Planned& a, const Planned& b) { return a.address < b.address; };
  if (!std::is_sorted(planned.begin(), planned.end(), by_address)) {
    std::stable_sort(planned.begin(), planned.end(), by_address);
  }
  size_t kept = 0;
  for (size_t i = 0; i < planned.size(); ++i) {
    if (kept > 0 && planned[kept - 1].address == planned[i].address) {
      planned[kept - 1] = std::move(planned[i]);
    } else {
      if (kept != i) planned[kept] = std::move(planned[i]);
      ++kept;
    }
  }
  planned.erase(planned.begin() + kept, planned.end());
}

}  // namespace

Plan Diff(const DiffOptions& options, const ir::Program& desired,
          const std::vector<LiveResource>& live) {
  return Diff(options, ir::Program(desired), std::vector<LiveResource>(live));
}

Plan Diff(const DiffOptions& options, ir::Program&& desired, std::vector<LiveResource>&& live) {
  // Hashed views of the live addresses: 70,000 long, similar keys are slow to keep sorted.
  std::unordered_map<std::string_view, LiveResource*> live_by_address;
  for (LiveResource& r : live) live_by_address[r.address] = &r;
  std::set<std::string> targeted;
  if (!options.targets.empty()) targeted = TargetedAddresses(desired, options.targets);
  auto in_scope = [&](const std::string& address) {
    return options.targets.empty() || targeted.count(address) > 0;
  };

  std::vector<Planned> planned;
  planned.reserve(desired.resources.size());
  for (ir::Resource& r : desired.resources) {
    if (!in_scope(r.address)) continue;
    auto it = live_by_address.find(r.address);
    planned.push_back(
        {r.address, &r.depends_on,
         DiffResource(r, it == live_by_address.end() ? nullptr : it->second, options)});
  }
  KeepLastByAddress(planned);
  std::vector<std::string_view> addresses;
  std::vector<const std::vector<std::string>*> deps;
  addresses.reserve(planned.size());
  deps.reserve(planned.size());
  for (const Planned& p : planned) {
    addresses.push_back(p.address);
    deps.push_back(p.depends_on);
  }

  Plan plan;
  plan.changes.reserve(planned.size());
  std::vector<size_t> order = ApplyOrderIndices(addresses, deps);
  // In apply order, so a replacement carried to a service reaches what references the service.
  ReplacementCarrier carrier;
  for (size_t i : order) carrier.Carry(planned[i].change);
  for (size_t i : order) plan.changes.push_back(std::move(planned[i].change));
  // Deletes go last, dependents before what they depend on: the reverse of their own order.
  // Under --target only the resources named are deleted, never their neighbours.
  std::map<std::string, std::vector<std::string>> delete_deps;
  for (const LiveResource& r : live) {
    if (desired.Find(r.address)) continue;
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
    change.depends_on = r->depends_on;
    MarkSchemaSensitive(change.before, {schema::FindResource(r->kind), nullptr});
    RecordPaths(change);
    plan.changes.push_back(std::move(change));
  }
  return plan;
}

}  // namespace berth::planner
