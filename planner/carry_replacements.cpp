#include "planner/carry_replacements.h"

#include <algorithm>
#include <set>
#include <vector>

#include "compiler/schema/schema.h"
#include "planner/attribute_path.h"
#include "planner/value_diff.h"

namespace berth::planner {

namespace {

// Whether replacing `target` gives `attribute` ("" for a bare reference) a new value: computed
// attributes and identities always, others when the replacement changes them (a renamed
// cluster's name; not a task's family, which a new revision keeps).
bool Renews(const ResourceChange& target, const std::string& attribute) {
  const schema::BlockSpec* spec = schema::FindResource(target.kind);
  std::string handle = attribute;
  if (handle.empty() && spec != nullptr) handle = std::string(spec->handle);
  if (handle.empty()) return true;
  if (spec != nullptr &&
      std::find(spec->computed.begin(), spec->computed.end(), handle) != spec->computed.end())
    return true;
  const Value* before = target.before.Get(handle);
  const Value* after = target.after.Get(handle);
  if (before == nullptr || after == nullptr) return before != after;
  return !(*before == *after);
}

bool IsLabeledList(const Value& v) {
  if (!v.is(ValueKind::kList) || v.list().empty()) return false;
  std::set<std::string> names;
  for (const Value& item : v.list()) {
    const Value* name = item.Get("name");
    if (!name || !name->is(ValueKind::kString) || !names.insert(name->str()).second) return false;
  }
  return true;
}

void References(const Value& v, std::vector<const RefTarget*>& out) {
  if (v.is(ValueKind::kRef)) {
    out.push_back(&v.ref());
  } else if (v.is(ValueKind::kTemplate)) {
    for (const Value& part : v.parts()) References(part, out);
  }
}

// The references in one resource's attributes that a replacement renews, as attribute changes.
class Finder {
 public:
  Finder(const std::map<std::string, const ResourceChange*, std::less<>>& replaced,
         const std::vector<AttributeChange>& existing)
      : replaced_(replaced), existing_(existing) {}

  void Visit(const std::string& path, const Value& v, SchemaCursor cursor) {
    if (!v.ContainsRef()) return;
    if (v.is_unknown()) {
      std::vector<const RefTarget*> refs;
      References(v, refs);
      std::set<std::string> renewing;
      for (const RefTarget* ref : refs) {
        auto it = replaced_.find(ref->address);
        if (it != replaced_.end() && Renews(*it->second, ref->attribute))
          renewing.insert(ref->address);
      }
      if (!renewing.empty() && !AlreadyChanging(path)) {
        bool forces = cursor.attribute != nullptr && cursor.attribute->forces_replacement;
        found.push_back({path, v, v, forces});
        std::string names;
        for (const std::string& a : renewing) names += (names.empty() ? "" : ", ") + a;
        because.push_back(names + (renewing.size() == 1 ? " is" : " are") + " replaced");
      }
      return;
    }
    if (v.is(ValueKind::kMap)) {
      for (const auto& [key, item] : v.map()) Visit(AppendKey(path, key), item, cursor.Enter(key));
    } else if (v.is(ValueKind::kList)) {
      bool labeled = IsLabeledList(v);
      for (size_t i = 0; i < v.list().size(); ++i) {
        const Value& item = v.list()[i];
        Visit(labeled ? AppendLabel(path, item.Get("name")->str()) : AppendIndex(path, i), item,
              cursor);
      }
    }
  }

  std::vector<AttributeChange> found;
  std::vector<std::string> because;  // per found change: "target_group.api is replaced"

 private:
  // A path the diff already shows changing (a reference moved to another target group).
  bool AlreadyChanging(const std::string& path) const {
    return std::any_of(existing_.begin(), existing_.end(),
                       [&](const AttributeChange& c) { return PathWithin(path, c.path); });
  }

  const std::map<std::string, const ResourceChange*, std::less<>>& replaced_;
  const std::vector<AttributeChange>& existing_;
};

}  // namespace

void ReplacementCarrier::Carry(ResourceChange& change) {
  // A create or a replacement gets the new values anyway; a delete holds no desired reference.
  if ((change.action == Action::kNoOp || change.action == Action::kUpdate) && !replaced_.empty()) {
    Finder finder(replaced_, change.changes);
    finder.Visit("", change.after, {schema::FindResource(change.kind), nullptr});
    for (size_t i = 0; i < finder.found.size(); ++i) {
      AttributeChange& found = finder.found[i];
      if (found.forces_replacement) {
        change.replace_reasons.push_back("`" + found.path + "` forces replacement (" +
                                         finder.because[i] + ")");
      }
      change.changes.push_back(std::move(found));
    }
    if (!change.replace_reasons.empty()) {
      change.action = Action::kReplace;
    } else if (!change.changes.empty()) {
      change.action = Action::kUpdate;
    }
  }
  if (change.action == Action::kReplace) replaced_[change.address] = &change;
}

std::string CarriedText(const Value& reference) {
  std::vector<const RefTarget*> refs;
  References(reference, refs);
  std::set<std::string> addresses;
  for (const RefTarget* ref : refs) addresses.insert(ref->address);
  std::string names;
  for (const std::string& a : addresses) names += (names.empty() ? "" : ", ") + a;
  return "(known after apply: " + names + (addresses.size() == 1 ? " is" : " are") + " replaced)";
}

}  // namespace berth::planner
