#include "planner/value_diff.h"

#include <algorithm>
#include <set>
#include <unordered_map>

#include "planner/attribute_path.h"

namespace berth::planner {

namespace {

std::string_view IrKey(const schema::BlockSpec& block) {
  return block.ir_key.empty() ? block.name : block.ir_key;
}

// A list whose items are all maps with a distinct string `name`: labeled blocks (containers,
// listeners, statements...). Their order carries no meaning, so they are matched by name.
bool IsLabeledList(const Value& v) {
  if (!v.is(ValueKind::kList)) return false;
  std::set<std::string> names;
  for (const Value& item : v.list()) {
    const Value* name = item.Get("name");
    if (!name || !name->is(ValueKind::kString) || !names.insert(name->str()).second) return false;
  }
  return true;
}

bool IsListOfMaps(const Value& v) {
  return v.is(ValueKind::kList) && std::all_of(v.list().begin(), v.list().end(),
                                               [](auto& i) { return i.is(ValueKind::kMap); });
}

// Unlabeled blocks (port mappings, ingress rules) as a multiset: a reordering is no change.
bool SameItemsInAnyOrder(const Value& a, const Value& b) {
  if (a.list().size() != b.list().size()) return false;
  auto sorted = [](const Value& v) {
    std::vector<std::string> texts;
    for (const Value& item : v.list()) texts.push_back(item.ToSource(true));
    std::sort(texts.begin(), texts.end());
    return texts;
  };
  return sorted(a) == sorted(b);
}

const Value* FindByName(const Value& list, const std::string& name) {
  for (const Value& item : list.list()) {
    if (item.Get("name")->str() == name) return &item;
  }
  return nullptr;
}

bool OwnedElsewhere(const std::string& path, SchemaCursor cursor, const OwnershipRules& rules) {
  if (cursor.attribute && cursor.block == nullptr) {
    if (cursor.attribute->owned_by == schema::Owner::kAutoscaling && rules.autoscaled) return true;
    if (cursor.attribute->owned_by == schema::Owner::kPipeline) return true;
  }
  return std::any_of(rules.ignored.begin(), rules.ignored.end(),
                     [&](const std::string& p) { return PathWithin(path, p); });
}

void Record(const std::string& path, const Value& before, const Value& after, SchemaCursor cursor,
            std::vector<AttributeChange>& out) {
  bool forces = cursor.attribute && cursor.attribute->forces_replacement;
  out.push_back({path, before, after, forces});
}

}  // namespace

SchemaCursor SchemaCursor::Enter(std::string_view key) const {
  if (attribute) return *this;  // inside an attribute's value (env, tags): the attribute rules
  if (!block) return {};
  if (const schema::AttributeSpec* a = block->FindAttribute(key)) return {nullptr, a};
  for (const schema::BlockSpec* nested : block->blocks) {
    if (IrKey(*nested) == key) return {nested, nullptr};
  }
  return {};
}

void DiffValues(const std::string& path, const Value& before, Value& after, SchemaCursor cursor,
                const OwnershipRules& rules, std::vector<AttributeChange>& out) {
  if (!path.empty() && !before.is_null() && OwnedElsewhere(path, cursor, rules)) {
    after = before;
    return;
  }
  if (before == after) return;
  if (before.is(ValueKind::kMap) && after.is(ValueKind::kMap)) {
    std::set<std::string> keys;
    for (const auto& [k, v] : before.map()) keys.insert(k);
    for (const auto& [k, v] : after.map()) keys.insert(k);
    for (const std::string& key : keys) {
      const Value* b = before.Get(key);
      const Value* a = after.Get(key);
      Value bv = b ? *b : Value::Null();
      Value av = a ? *a : Value::Null();
      Value kept = av;
      DiffValues(AppendKey(path, key), bv, kept, cursor.Enter(key), rules, out);
      // Only write back what ownership changed: an absent key stays absent.
      if (!(kept == av) || (a == nullptr && !kept.is_null())) after.Set(key, kept);
    }
    return;
  }
  if (IsLabeledList(before) && IsLabeledList(after)) {
    for (Value& item : after.mutable_list()) {
      const std::string name = item.Get("name")->str();
      const Value* b = FindByName(before, name);
      DiffValues(AppendLabel(path, name), b ? *b : Value::Null(), item, cursor, rules, out);
    }
    for (const Value& item : before.list()) {
      const std::string& name = item.Get("name")->str();
      if (!FindByName(after, name)) {
        Record(AppendLabel(path, name), item, Value::Null(), cursor, out);
      }
    }
    return;
  }
  if (IsListOfMaps(before) && IsListOfMaps(after)) {
    if (SameItemsInAnyOrder(before, after)) return;
    if (before.list().size() == after.list().size()) {
      for (size_t i = 0; i < after.list().size(); ++i) {
        DiffValues(AppendIndex(path, i), before.list()[i], after.mutable_list()[i], cursor, rules,
                   out);
      }
      return;
    }
  }
  Record(path, before, after, cursor, out);
}

namespace {

// Whether `block` or a block nested in it declares a sensitive attribute.
bool DeclaresSensitive(const schema::BlockSpec& block) {
  for (const schema::AttributeSpec& a : block.attributes) {
    if (a.sensitive) return true;
  }
  return std::any_of(block.blocks.begin(), block.blocks.end(),
                     [](const schema::BlockSpec* nested) { return DeclaresSensitive(*nested); });
}

// DeclaresSensitive, remembered per block: MarkSchemaSensitive walks only into blocks that
// declare a sensitive attribute (most resources hold none, and walking 70,000 attribute trees
// twice was a third of a no-op plan's diff). Per thread, so no lock.
bool WalkForSensitive(const schema::BlockSpec* block) {
  thread_local std::unordered_map<const schema::BlockSpec*, bool> known;
  auto [it, inserted] = known.try_emplace(block, false);
  if (inserted) it->second = DeclaresSensitive(*block);
  return it->second;
}

}  // namespace

void MarkSchemaSensitive(Value& value, SchemaCursor cursor) {
  if (cursor.attribute) {
    // Inside an attribute's value the cursor stays on the attribute: nothing below it can be
    // marked but the value itself.
    if (cursor.attribute->sensitive && !value.is_null()) value.MarkSensitive();
    return;
  }
  // Off the schema nothing is marked; nor in a block with no sensitive attribute below it.
  if (cursor.block == nullptr || !WalkForSensitive(cursor.block)) return;
  if (value.is(ValueKind::kMap)) {
    for (auto& [k, v] : value.mutable_map()) MarkSchemaSensitive(v, cursor.Enter(k));
  } else if (value.is(ValueKind::kList)) {
    for (Value& item : value.mutable_list()) MarkSchemaSensitive(item, cursor);
  }
}

namespace {

// `contains(v)` says whether `v` or anything inside it satisfies `pred`. Most attribute trees
// hold no match, and checking that first skips building a path string for every node. Called
// for a value that contains a match.
template <typename Pred, typename Contains>
void CollectMatches(const std::string& path, const Value& value, Pred pred, Contains contains,
                    std::vector<std::string>& out) {
  if (pred(value)) {
    out.push_back(path);
    return;
  }
  // A child's path is built only when the child holds a match: most siblings of a reference
  // hold none.
  if (value.is(ValueKind::kMap)) {
    for (const auto& [k, v] : value.map()) {
      if (contains(v)) CollectMatches(AppendKey(path, k), v, pred, contains, out);
    }
  } else if (value.is(ValueKind::kList)) {
    bool labeled = IsLabeledList(value);
    for (size_t i = 0; i < value.list().size(); ++i) {
      const Value& item = value.list()[i];
      if (!contains(item)) continue;
      std::string item_path =
          labeled ? AppendLabel(path, item.Get("name")->str()) : AppendIndex(path, i);
      CollectMatches(item_path, item, pred, contains, out);
    }
  }
}

template <typename Pred, typename Contains>
void CollectPaths(const std::string& path, const Value& value, Pred pred, Contains contains,
                  std::vector<std::string>& out) {
  if (contains(value)) CollectMatches(path, value, pred, contains, out);
}

}  // namespace

void CollectUnknownPaths(const std::string& path, const Value& value,
                         std::vector<std::string>& out) {
  CollectPaths(
      path, value, [](const Value& v) { return v.is_unknown(); },
      [](const Value& v) { return v.ContainsRef(); }, out);
}

void CollectSensitivePaths(const std::string& path, const Value& value,
                           std::vector<std::string>& out) {
  CollectPaths(
      path, value, [](const Value& v) { return v.sensitive(); },
      [](const Value& v) { return v.ContainsSensitive(); }, out);
}

}  // namespace berth::planner
