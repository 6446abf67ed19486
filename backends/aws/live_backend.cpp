#include "backends/aws/live_backend.h"

#include <algorithm>
#include <map>
#include <set>

#include "backends/aws/ecs_requests.h"
#include "backends/aws/emitters.h"
#include "backends/aws/live_templates.h"
#include "backends/aws/rule_ports.h"
#include "compiler/base/json_input.h"
#include "compiler/schema/schema.h"
#include "compiler/schema/server_defaults.h"

namespace berth::aws {

namespace {

using live::LiveObject;

std::string_view IrKey(const schema::BlockSpec& block) {
  return block.ir_key.empty() ? block.name : block.ir_key;
}

// Schema defaults for what the live object left out, as the compiler fills them for source.
void FillDefaults(Value& map, const schema::BlockSpec& spec) {
  if (!map.is(ValueKind::kMap)) return;
  for (const schema::AttributeSpec& a : spec.attributes) {
    if (a.default_value && map.Get(a.name) == nullptr)
      map.Set(std::string(a.name), *a.default_value);
  }
  for (const schema::BlockSpec* nested : spec.blocks) {
    for (auto& [key, value] : map.mutable_map()) {
      if (key != IrKey(*nested)) continue;
      if (value.is(ValueKind::kList)) {
        for (Value& item : value.mutable_list()) FillDefaults(item, *nested);
      } else {
        FillDefaults(value, *nested);
      }
    }
  }
}

bool IsEmpty(const Value& v) {
  return (v.is(ValueKind::kList) && v.list().empty()) || (v.is(ValueKind::kMap) && v.map().empty());
}

// Lists whose order AWS does not keep: compared as sets, shown in the desired order.
bool IsSetLike(std::string_view key) {
  static const std::set<std::string_view> keys = {
      "managed",   "trust",    "subnets", "security_groups", "cidr",
      "ipv6_cidr", "requires", "actions", "resources",       "capacity_providers",
      "path",      "host",     "values"};
  return keys.count(key) > 0;
}

bool SameItems(const ValueList& a, const ValueList& b) {
  if (a.size() != b.size()) return false;
  std::vector<bool> used(b.size());
  for (const Value& item : a) {
    bool found = false;
    for (size_t i = 0; i < b.size() && !found; ++i) {
      if (!used[i] && b[i] == item) used[i] = found = true;
    }
    if (!found) return false;
  }
  return true;
}

const Value* ByName(const Value& list, const Value& item) {
  const Value* name = item.Get("name");
  if (!name || !list.is(ValueKind::kList)) return nullptr;
  for (const Value& other : list.list()) {
    const Value* n = other.Get("name");
    if (n && *n == *name) return &other;
  }
  return nullptr;
}

// The schema's server defaults (schema::ServerDefaults), for one default along its path: an
// attribute that one side leaves out and the other holds at the server default is the same on
// both sides. A nested block the desired tree leaves out counts as an empty one.
void NormaliseServerDefault(Value& live, const Value& desired, const schema::ServerDefault& d,
                            const std::vector<std::string>& parts, size_t i) {
  if (!live.is(ValueKind::kMap) || !desired.is(ValueKind::kMap)) return;
  const std::string& key = parts[i];
  const Value* want = desired.Get(key);
  // An empty list or map is the same as none (Align).
  if (want && ((want->is(ValueKind::kList) && want->list().empty()) ||
               (want->is(ValueKind::kMap) && want->map().empty())))
    want = nullptr;
  ValueMap& entries = live.mutable_map();
  auto have = std::find_if(entries.begin(), entries.end(),
                           [&](const auto& entry) { return entry.first == key; });
  if (i + 1 == parts.size()) {
    if (!want && have != entries.end() && have->second == d.value) entries.erase(have);
    if (want && have == entries.end() && *want == d.value) live.Set(key, *want);
    return;
  }
  if (have == entries.end()) return;
  static const Value kNone = Value::Map({});
  if (have->second.is(ValueKind::kList)) {
    if (!want || !want->is(ValueKind::kList)) return;
    for (Value& item : have->second.mutable_list()) {
      const Value* match = ByName(*want, item);
      if (match && (!d.applies_to_item || d.applies_to_item(*match)))
        NormaliseServerDefault(item, *match, d, parts, i + 1);
    }
  } else {
    NormaliseServerDefault(have->second, want ? *want : kNone, d, parts, i + 1);
  }
}

void NormaliseServerDefaults(Value& live, const Value& desired, std::string_view kind) {
  for (const schema::ServerDefault& d : schema::ServerDefaults()) {
    if (d.kind != kind || (d.applies && !d.applies(desired))) continue;
    std::vector<std::string> parts(1);
    for (char c : d.path) {
      if (c == '.') {
        parts.emplace_back();
      } else {
        parts.back() += c;
      }
    }
    NormaliseServerDefault(live, desired, d, parts, 0);
  }
}

// Brings `live` to the desired tree's conventions where both mean the same: an empty list or map
// is the same as none; a nested block left at all its defaults is the same as no block; set-like
// lists with the same items take the desired order.
void Align(Value& live, const Value& desired, const schema::BlockSpec* spec) {
  if (!live.is(ValueKind::kMap) || !desired.is(ValueKind::kMap)) return;
  for (const auto& [key, want] : desired.map()) {
    if (live.Get(key) == nullptr && IsEmpty(want)) live.Set(key, want);
  }
  ValueMap& entries = live.mutable_map();
  for (auto it = entries.begin(); it != entries.end();) {
    const Value* want = desired.Get(it->first);
    const schema::BlockSpec* nested = nullptr;
    if (spec) {
      for (const schema::BlockSpec* b : spec->blocks)
        if (IrKey(*b) == it->first) nested = b;
    }
    if (want == nullptr) {
      bool drop = IsEmpty(it->second);
      if (!drop && nested && !nested->repeated) {
        Value defaults = Value::Map({});
        FillDefaults(defaults, *nested);
        drop = it->second == defaults;
      }
      it = drop ? entries.erase(it) : it + 1;
      continue;
    }
    Value& have = it->second;
    if (have.is(ValueKind::kList) && want->is(ValueKind::kList)) {
      if (IsSetLike(it->first) && SameItems(have.list(), want->list())) {
        have = *want;
      } else {
        for (Value& item : have.mutable_list()) {
          if (const Value* match = ByName(*want, item)) Align(item, *match, nested);
        }
        // Unlabeled blocks in the same count: item by item.
        if (have.list().size() == want->list().size() && !have.list().empty() &&
            have.list()[0].Get("name") == nullptr) {
          for (size_t i = 0; i < have.list().size(); ++i)
            Align(have.mutable_list()[i], want->list()[i], nested);
        }
      }
    } else if (have.is(ValueKind::kMap)) {
      Align(have, *want, nested);
    }
    ++it;
  }
}

// A service or schedule declared without launch_type runs with the one berth implied (its
// task's first `requires`, ecs_service_body.cpp and events_schedule.cpp): reading that back is
// no change.
void ImpliedLaunchType(Value& live, const Value& desired, std::string_view kind,
                       const ir::Program& program) {
  if (desired.Get("launch_type") != nullptr) return;
  EmitContext context(program);
  std::optional<std::string> implied;
  if (kind == "service") implied = ecs::ImplicitLaunchType(desired, context);
  if (kind == "schedule") implied = ScheduleLaunchType(desired, context);
  if (!implied || implied->empty()) return;
  ValueMap& entries = live.mutable_map();
  auto it = std::find_if(entries.begin(), entries.end(),
                         [](const auto& entry) { return entry.first == "launch_type"; });
  if (it != entries.end() && it->second == Value::String(*implied)) entries.erase(it);
}

// A service's registry: the Cloud Map service's ARN (`registry`, an existing one) and its
// settings (namespace, name, DNS records, of one berth makes) are both read; what the desired
// block does not use is not compared.
void RegistryAsDeclared(Value& live, const Value& desired) {
  const Value* want = desired.Get("service_discovery");
  if (!want || !live.Get("service_discovery")) return;
  Value have = *live.Get("service_discovery");
  bool existing = want->Get("registry") != nullptr;
  ValueMap& entries = have.mutable_map();
  std::vector<std::string> unused = {"registry"};
  if (existing) unused = {"namespace", "name", "dns_type", "ttl"};
  for (const std::string& key : unused) {
    std::erase_if(entries, [&](const auto& entry) { return entry.first == key; });
    if (existing && want->Get(key)) have.Set(key, *want->Get(key));
  }
  live.Set("service_discovery", std::move(have));
}

// A security group's rules as EC2 reports them carry their ports in one spelling (RulePorts): a
// declared rule that allows the same traffic in another spelling (protocol all with from_port =
// 0 and to_port = 0, tcp with from_port = 0 and to_port = 65535, port = 80) is no change.
void RulesAsDeclared(Value& live, const Value& desired) {
  for (std::string_view direction : {"ingress", "egress"}) {
    const Value* want = desired.Get(direction);
    const Value* have = live.Get(direction);
    if (!want || !have || !want->is(ValueKind::kList) || !have->is(ValueKind::kList)) continue;
    Value rules = *have;
    for (Value& rule : rules.mutable_list()) {
      for (const Value& declared : want->list()) {
        if (SameRule(rule, declared)) {
          rule = declared;
          break;
        }
      }
    }
    live.Set(std::string(direction), std::move(rules));
  }
}

// Strings that are the ARN or id of a live object of the stack become references to it. A
// handle that stands for the resource itself (an ARN) is a reference to the resource where the
// schema wants one (`task_role = role.app`), and to its `arn` anywhere else (a policy
// statement's `resources = [role.app.arn]`), as the source spells each.
void Reference(Value& value, const std::map<std::string, RefTarget>& handles, bool ref_place) {
  if (value.is(ValueKind::kString)) {
    auto it = handles.find(value.str());
    if (it == handles.end()) return;
    std::string attribute = it->second.attribute;
    if (attribute.empty() && !ref_place) attribute = "arn";
    value = Value::Ref(it->second.address, attribute);
  } else if (value.is(ValueKind::kList)) {
    for (Value& item : value.mutable_list()) Reference(item, handles, ref_place);
  } else if (value.is(ValueKind::kMap)) {
    for (auto& [key, item] : value.mutable_map()) Reference(item, handles, ref_place);
  }
}

bool WantsReference(const schema::Type& type) {
  if (type.kind == schema::TypeKind::kRef) return true;
  return type.kind == schema::TypeKind::kList && type.element && WantsReference(*type.element);
}

// Reference for the attributes of a block of `spec` (nullptr: not in the schema, every place
// taken as one for a reference).
void ReferenceIn(Value& map, const std::map<std::string, RefTarget>& handles,
                 const schema::BlockSpec* spec) {
  if (!map.is(ValueKind::kMap)) return Reference(map, handles, true);
  for (auto& [key, item] : map.mutable_map()) {
    const schema::AttributeSpec* attribute = spec ? spec->FindAttribute(key) : nullptr;
    const schema::BlockSpec* nested = nullptr;
    if (spec) {
      for (const schema::BlockSpec* b : spec->blocks)
        if (IrKey(*b) == key) nested = b;
    }
    if (attribute && attribute->type) {
      Reference(item, handles, WantsReference(*attribute->type));
    } else if (nested && item.is(ValueKind::kList)) {
      for (Value& block : item.mutable_list()) ReferenceIn(block, handles, nested);
    } else if (nested) {
      ReferenceIn(item, handles, nested);
    } else {
      Reference(item, handles, true);  // not in the schema: as before
    }
  }
}

// Strings of `live` that are shared handles (LiveObject::shared_handles) of the very object and
// attribute the desired tree references at the same place become that reference; anywhere else
// they stay strings.
void ReferenceAsDesired(Value& live, const Value& desired,
                        const std::multimap<std::string, RefTarget>& shared) {
  if (live.is(ValueKind::kString) && desired.is(ValueKind::kRef)) {
    auto [first, last] = shared.equal_range(live.str());
    for (auto it = first; it != last; ++it) {
      if (it->second == desired.ref()) {
        live = desired;
        return;
      }
    }
  } else if (live.is(ValueKind::kMap) && desired.is(ValueKind::kMap)) {
    for (auto& [key, item] : live.mutable_map()) {
      if (const Value* want = desired.Get(key)) ReferenceAsDesired(item, *want, shared);
    }
  } else if (live.is(ValueKind::kList) && desired.is(ValueKind::kList)) {
    ValueList& items = live.mutable_list();
    for (size_t i = 0; i < items.size(); ++i) {
      const Value* want = ByName(desired, items[i]);
      if (!want && i < desired.list().size()) want = &desired.list()[i];
      if (want) ReferenceAsDesired(items[i], *want, shared);
    }
  }
}

void CollectRefs(const Value& value, std::set<std::string>& out) {
  if (value.is(ValueKind::kRef)) {
    out.insert(value.ref().address);
  } else if (value.is(ValueKind::kTemplate)) {
    for (const Value& part : value.parts()) CollectRefs(part, out);
  } else if (value.is(ValueKind::kList)) {
    for (const Value& item : value.list()) CollectRefs(item, out);
  } else if (value.is(ValueKind::kMap)) {
    for (const auto& [key, item] : value.map()) CollectRefs(item, out);
  }
}

// True when the object carries every tag of the stack: berth made it for this stack.
bool CarriesStackTags(const LiveObject& object, const ir::Program& desired) {
  if (desired.stack.tags.empty()) return false;
  const Value* tags = object.attributes.Get("tags");
  if (tags == nullptr) return false;
  for (const auto& [key, value] : desired.stack.tags) {
    const Value* have = tags->Get(key);
    if (have == nullptr || !have->is(ValueKind::kString) || have->str() != value) return false;
  }
  return true;
}

std::string Identifier(const std::string& name) {
  std::string out;
  for (char c : name) out += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  if (out.empty() || std::isdigit(static_cast<unsigned char>(out[0]))) out = "_" + out;
  return out;
}

}  // namespace

bool AwsLiveBackend::ReadLive(const state::State& state, std::vector<planner::LiveResource>& out,
                              std::string& error) {
  try {
    live::Snapshot snapshot;
    if (in_memory_) {
      live::AddDocuments(snapshot, std::move(documents_));
      documents_.clear();
    } else {
      snapshot = live::LoadSnapshot(dir_);
    }
    std::map<std::pair<std::string, std::string>, std::string> desired_by_key;
    for (const ir::Resource& r : desired_.resources)
      desired_by_key[{r.kind, live::DesiredKey(r)}] = r.address;
    // An undeclared object the stack made keeps the address the state knew it by.
    std::map<std::pair<std::string, std::string>, std::string> state_by_key;
    for (const state::Resource& r : state.resources) {
      ir::Resource as_ir{r.address, r.kind, "", "", r.attributes, {}, {}};
      state_by_key[{r.kind, live::DesiredKey(as_ir)}] = r.address;
    }

    std::vector<LiveObject> objects;
    for (auto* decode :
         {&live::DecodeClusters, &live::DecodeLogGroups, &live::DecodeRoles,
          &live::DecodeSecurityGroups, &live::DecodeTargetGroups, &live::DecodeSchedules}) {
      for (LiveObject& o : decode(snapshot)) objects.push_back(std::move(o));
    }
    // Listener rules declared as resources of their own, known by the ARN the state recorded.
    std::map<std::string, std::string> recorded_rules;  // address -> ARN
    for (const state::Resource& r : state.resources) {
      const Value* arn = r.kind == "listener_rule" ? r.computed.Get("arn") : nullptr;
      if (arn && arn->is(ValueKind::kString)) recorded_rules[r.address] = arn->str();
    }
    std::map<std::string, std::string> claimed =
        live::ClaimedRules(snapshot, desired_, recorded_rules);
    for (LiveObject& o : live::DecodeLoadBalancers(snapshot, desired_, claimed))
      objects.push_back(std::move(o));
    for (LiveObject& o : live::DecodeListenerRules(snapshot, desired_, claimed))
      objects.push_back(std::move(o));

    // Addresses first: references between objects need them.
    std::vector<std::string> addresses(objects.size());
    std::map<std::string, RefTarget> handles;
    std::multimap<std::string, RefTarget> shared;
    auto address_of = [&](const LiveObject& o) -> std::string {
      auto it = desired_by_key.find({o.kind, o.key});
      if (it != desired_by_key.end()) return it->second;
      return "";
    };
    for (size_t i = 0; i < objects.size(); ++i) {
      addresses[i] = address_of(objects[i]);
      if (addresses[i].empty() && CarriesStackTags(objects[i], desired_)) {
        auto known = state_by_key.find({objects[i].kind, objects[i].key});
        const Value* name = objects[i].attributes.Get("name");
        addresses[i] = known != state_by_key.end()
                           ? known->second
                           : objects[i].kind + "." +
                                 Identifier(name && name->is(ValueKind::kString) ? name->str()
                                                                                 : objects[i].key);
      }
      if (addresses[i].empty()) continue;
      for (const auto& [handle, attribute] : objects[i].handles)
        handles[handle] = RefTarget{addresses[i], attribute};
      for (const auto& [handle, attribute] : objects[i].shared_handles)
        shared.emplace(handle, RefTarget{addresses[i], attribute});
    }
    // The task definitions services run: the newest ACTIVE revision of each declared family.
    std::map<std::string, long long> newest;
    for (const live::Node& doc : snapshot.task_definitions) {
      live::Node definition = doc.At("taskDefinition");
      if (definition.OptStr("status").value_or("ACTIVE") != "ACTIVE") continue;
      long long& revision = newest[definition.Str("family")];
      revision = std::max(revision, definition.OptInt("revision").value_or(0));
    }
    for (const live::Node& doc : snapshot.task_definitions) {
      live::Node definition = doc.At("taskDefinition");
      std::string family = definition.Str("family");
      long long revision = definition.OptInt("revision").value_or(0);
      auto declared = desired_by_key.find({"task", family});
      if (declared == desired_by_key.end() || newest[family] != revision ||
          definition.OptStr("status").value_or("ACTIVE") != "ACTIVE")
        continue;
      RefTarget target{declared->second, ""};
      if (auto arn = definition.OptStr("taskDefinitionArn")) {
        handles[*arn] = target;
        // Without its revision: the latest one (a schedule's target names it so).
        if (size_t colon = arn->rfind(':'); colon != std::string::npos)
          handles[arn->substr(0, colon)] = target;
      }
      handles[family + ":" + std::to_string(revision)] = target;
    }
    // ECS services and task definitions, with references resolved through the same handles.
    auto resolve = [&](std::string_view kind,
                       std::string_view value) -> std::optional<std::string> {
      auto it = handles.find(std::string(value));
      if (it != handles.end() && it->second.address.starts_with(std::string(kind) + "."))
        return it->second.address;
      auto named = desired_by_key.find({std::string(kind), std::string(value)});
      if (named != desired_by_key.end()) return named->second;
      return std::nullopt;
    };
    std::vector<LiveObject> ecs = live::DecodeEcs(snapshot, resolve);
    for (LiveObject& o : ecs) {
      std::string address = address_of(o);
      if (address.empty() && CarriesStackTags(o, desired_)) {
        auto known = state_by_key.find({o.kind, o.key});
        address = known != state_by_key.end() ? known->second : o.kind + "." + Identifier(o.key);
      }
      if (o.kind == "task" && !address.empty()) {
        for (const auto& [handle, attribute] : o.handles)
          handles[handle] = RefTarget{address, attribute};
      }
      addresses.push_back(address);
      objects.push_back(std::move(o));
    }

    for (size_t i = 0; i < objects.size(); ++i) {
      if (addresses[i].empty()) continue;  // not the stack's
      LiveObject& o = objects[i];
      const schema::BlockSpec* spec = schema::FindResource(o.kind);
      ReferenceIn(o.attributes, handles, spec);
      if (spec) FillDefaults(o.attributes, *spec);
      if (const ir::Resource* d = desired_.Find(addresses[i])) {
        ReferenceAsDesired(o.attributes, d->attributes, shared);
        RestoreTemplates(o.attributes, d->attributes, handles);
        NormaliseServerDefaults(o.attributes, d->attributes, o.kind);
        ImpliedLaunchType(o.attributes, d->attributes, o.kind, desired_);
        if (o.kind == "service") RegistryAsDeclared(o.attributes, d->attributes);
        if (o.kind == "security_group") RulesAsDeclared(o.attributes, d->attributes);
        Align(o.attributes, d->attributes, spec);
      }
      std::set<std::string> refs;
      CollectRefs(o.attributes, refs);
      refs.erase(addresses[i]);
      out.push_back({addresses[i], o.kind, std::move(o.attributes),
                     std::vector<std::string>(refs.begin(), refs.end())});
    }
    std::sort(out.begin(), out.end(),
              [](const auto& a, const auto& b) { return a.address < b.address; });
    return true;
  } catch (const live::SnapshotError& e) {
    error = e.what();
    return false;
  } catch (const Json::exception& e) {
    error = (in_memory_ ? std::string("what AWS answered") : dir_) + ": unreadable snapshot (" +
            JsonErrorText(e) + ")";
    return false;
  }
}

backends::ActionResult AwsLiveBackend::Apply(const planner::ResourceChange& change) {
  return {false, "a --live snapshot is read only: apply without --live", Value::Null()};
}

}  // namespace berth::aws
