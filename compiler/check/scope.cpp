// The names an instance's expressions see (Instance's EvalContext side): lets, `var`, `each`,
// `stack`, one namespace per resource kind declared here (`task.api` is a reference), and
// `module`.
#include <algorithm>

#include "compiler/check/instance.h"
#include "compiler/check/lower.h"
#include "compiler/check/names.h"

namespace berth::check {

void Instance::BuildNamespaces() {
  StringMap<ValueMap> entries;
  for (const ResourceDecl& r : module_.resources) {
    std::string address = prefix_ + r.kind + "." + r.label;
    // A for_each resource is a map key -> reference, filled in once its keys are known.
    entries[r.kind].emplace_back(r.label,
                                 r.for_each ? Value::Map({}) : Value::Ref(std::move(address)));
  }
  for (const ModuleCallDecl& c : module_.calls) {
    std::string address = prefix_ + "module." + c.label;
    entries["module"].emplace_back(c.label,
                                   c.for_each ? Value::Map({}) : Value::Ref(std::move(address)));
  }
  for (auto& [ns, map] : entries) namespaces_.emplace(ns, MapOfUniqueKeys(std::move(map)));
}

Value* Instance::NamespaceEntry(const std::string& ns, const std::string& label) {
  auto it = namespaces_.find(ns);
  if (it == namespaces_.end()) return nullptr;
  ValueMap& map = it->second.mutable_map();
  auto entry = std::lower_bound(map.begin(), map.end(), label,
                                [](const auto& e, const std::string& k) { return e.first < k; });
  return entry != map.end() && entry->first == label ? &entry->second : nullptr;
}

std::string Instance::Display(std::string_view address) const {
  if (!prefix_.empty() && address.substr(0, prefix_.size()) == prefix_) {
    address.remove_prefix(prefix_.size());
  }
  return std::string(address);
}

const Value* Instance::Lookup(std::string_view name) const {
  if (name == "each") return each_ ? &*each_ : nullptr;
  if (auto it = module_.let_index.find(name); it != module_.let_index.end()) {
    const std::optional<Value>& value = lets_[it->second];
    return value ? &*value : nullptr;
  }
  if (name == "var") return &vars_.values;
  if (name == "stack") return &state_.stack_settings;
  if (auto it = namespaces_.find(name); it != namespaces_.end()) return &it->second;
  return nullptr;
}

std::optional<Value> Instance::GetRefAttribute(const Value& ref, std::string_view attr,
                                               const SourceRange& range, Diagnostics& diags) {
  const RefTarget& target = ref.ref();
  std::string shown = Display(target.address);
  if (!target.attribute.empty()) {
    diags.Error(range, "`" + shown + "." + target.attribute +
                           "` is known only after apply; it has no attribute `" +
                           std::string(attr) + "`");
    return std::nullopt;
  }
  const Entity* entity = state_.Find(target.address);
  if (!entity) {
    diags.Error(range, "`" + shown + "` does not exist");
    return std::nullopt;
  }
  if (!entity->spec) {
    if (const Value* output = entity->outputs.Get(attr)) return *output;
    Diagnostic& d = diags.Error(range, "`" + shown + "` has no output `" + std::string(attr) + "`");
    std::vector<std::string> names;
    for (const auto& [name, value] : entity->outputs.map()) names.push_back(name);
    SuggestName(d, attr, names);
    return std::nullopt;
  }
  const schema::BlockSpec& spec = *entity->spec;
  const Value& attributes = state_.program.resources[entity->resource].attributes;
  if (const Value* value = attributes.Get(attr)) return *value;
  for (std::string_view computed : spec.computed) {
    if (computed == attr) return Value::Ref(target.address, std::string(attr), range);
  }
  // Declared by the schema but not set and without a default: there is nothing to read.
  if (spec.FindAttribute(attr)) return Value::Null(range);
  // Nested blocks are read under their IR key (`listener` blocks as `listeners`): the names
  // offered are those that read something.
  std::vector<std::string> names;
  for (const schema::AttributeSpec& a : spec.attributes) names.emplace_back(a.name);
  for (const schema::BlockSpec* b : spec.blocks) {
    std::string key(b->ir_key.empty() ? b->name : b->ir_key);
    if (key == attr) return Value::Null(range);  // a block none of which is declared
    names.push_back(std::move(key));
  }
  names.insert(names.end(), spec.computed.begin(), spec.computed.end());
  Diagnostic& d =
      diags.Error(range, "`" + shown + "` has no attribute `" + std::string(attr) + "`");
  SuggestName(d, attr, names);
  return std::nullopt;
}

std::string Instance::BaseDirectory() const { return module_.dir; }

std::vector<std::string> Instance::NamesInScope() const {
  std::vector<std::string> names;
  for (const LetDecl& let : module_.lets) names.push_back(let.name);
  names.push_back("var");
  names.push_back("stack");
  if (each_) names.push_back("each");
  for (const auto& [ns, value] : namespaces_) names.push_back(ns);
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace berth::check
