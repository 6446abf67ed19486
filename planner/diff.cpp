// The plan phase's entry: each desired resource against its live counterpart, then the deletes,
// in apply order.
#include <algorithm>
#include <map>
#include <set>

#include "compiler/schema/schema.h"
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

ResourceChange DiffResource(const ir::Resource& r, const LiveResource* live,
                            const DiffOptions& options) {
  SchemaCursor root{schema::FindResource(r.kind), nullptr};
  ResourceChange change;
  change.address = r.address;
  change.kind = r.kind;
  change.action = Action::kCreate;
  change.after = r.attributes;
  change.depends_on = r.depends_on;
  MarkSchemaSensitive(change.after, root);
  if (live) {
    change.before = live->attributes;
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

}  // namespace

Plan Diff(const DiffOptions& options, const ir::Program& desired,
          const std::vector<LiveResource>& live) {
  std::map<std::string, const LiveResource*> live_by_address;
  for (const LiveResource& r : live) live_by_address[r.address] = &r;
  std::set<std::string> targeted;
  if (!options.targets.empty()) targeted = TargetedAddresses(desired, options.targets);
  auto in_scope = [&](const std::string& address) {
    return options.targets.empty() || targeted.count(address) > 0;
  };

  std::map<std::string, ResourceChange> by_address;
  std::map<std::string, std::vector<std::string>> desired_deps;
  for (const ir::Resource& r : desired.resources) {
    if (!in_scope(r.address)) continue;
    auto it = live_by_address.find(r.address);
    by_address[r.address] =
        DiffResource(r, it == live_by_address.end() ? nullptr : it->second, options);
    desired_deps[r.address] = r.depends_on;
  }

  Plan plan;
  for (const std::string& address : ApplyOrder(desired_deps)) {
    plan.changes.push_back(std::move(by_address[address]));
  }
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
    const LiveResource* r = live_by_address[address];
    ResourceChange change;
    change.address = r->address;
    change.kind = r->kind;
    change.action = Action::kDelete;
    change.before = r->attributes;
    change.depends_on = r->depends_on;
    MarkSchemaSensitive(change.before, {schema::FindResource(r->kind), nullptr});
    RecordPaths(change);
    plan.changes.push_back(std::move(change));
  }
  return plan;
}

}  // namespace berth::planner
