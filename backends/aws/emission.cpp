#include "backends/aws/emission.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <queue>
#include <set>

#include "backends/aws/emitters.h"
#include "backends/aws/text_index.h"

namespace berth::aws {

namespace {

constexpr std::string_view kOpen = "{{berth:";
constexpr std::string_view kClose = "}}";
constexpr std::string_view kSensitivePrefix = "sensitive.";

// Resources in dependency order: Kahn's algorithm taking the lowest ready index first, so the
// order is the address order wherever the dependencies allow it.
std::vector<size_t> DependencyOrder(const ir::Program& program) {
  const std::vector<ir::Resource>& resources = program.resources;
  // The addresses as the resources hold them: 70,000 of them at 10,000 services.
  auto address_of = [&](uint32_t i) -> std::string_view { return resources[i].address; };
  TextIndex index;
  index.Reserve(resources.size());
  for (size_t i = 0; i < resources.size(); ++i)
    index.FindOrAdd(resources[i].address, static_cast<uint32_t>(i), address_of);
  std::vector<int> waits(resources.size(), 0);
  std::vector<std::vector<size_t>> dependents(resources.size());
  std::map<std::string, std::vector<std::string>> extra = EmissionEdges(program);
  auto wait_for = [&](size_t i, const std::vector<std::string>& dependencies) {
    for (const std::string& dependency : dependencies) {
      uint32_t found = index.Find(dependency, address_of);
      if (found == TextIndex::kNone || found == i) continue;
      ++waits[i];
      dependents[found].push_back(i);
    }
  };
  for (size_t i = 0; i < resources.size(); ++i) {
    wait_for(i, resources[i].depends_on);
    auto more = extra.find(resources[i].address);
    if (more != extra.end()) wait_for(i, more->second);
  }
  // The lowest ready index first: a heap (a std::set made a node per resource). An index met
  // twice (after a cycle was broken) is skipped as placed.
  std::priority_queue<size_t, std::vector<size_t>, std::greater<>> ready;
  for (size_t i = 0; i < resources.size(); ++i) {
    if (waits[i] == 0) ready.push(i);
  }
  std::vector<size_t> order;
  order.reserve(resources.size());
  std::vector<bool> placed(resources.size(), false);
  while (order.size() < resources.size()) {
    if (ready.empty()) {
      // A cycle the checker should have rejected: carry on in address order rather than drop.
      for (size_t i = 0; i < resources.size(); ++i) {
        if (!placed[i]) {
          ready.push(i);
          break;
        }
      }
    }
    size_t next = ready.top();
    ready.pop();
    if (placed[next]) continue;
    placed[next] = true;
    order.push_back(next);
    for (size_t dependent : dependents[next]) {
      if (--waits[dependent] == 0 && !placed[dependent]) ready.push(dependent);
    }
  }
  return order;
}

// The block label of `address` (`service.api` -> `api`, `module.web.service.api["blue"]` ->
// `api["blue"]`): what builders fall back to when a resource has no name attribute.
std::string NameOf(std::string_view address, std::string_view kind) {
  std::string prefix = std::string(kind) + ".";
  size_t at = 0;
  while ((at = address.find(prefix, at)) != std::string_view::npos) {
    if (at == 0 || address[at - 1] == '.') return std::string(address.substr(at + prefix.size()));
    at += prefix.size();
  }
  return std::string(address);
}

ir::Resource ResourceOf(const std::string& address, const std::string& kind,
                        const Value& attributes, const std::vector<std::string>& depends_on) {
  ir::Resource resource;
  resource.address = address;
  resource.kind = kind;
  resource.name = NameOf(address, kind);
  resource.attributes = attributes;
  resource.depends_on = depends_on;
  return resource;
}

bool SameValue(const Value& before, const Value& after, const char* attribute) {
  const Value* old_value = before.Get(attribute);
  const Value* new_value = after.Get(attribute);
  return old_value != nullptr && new_value != nullptr && *old_value == *new_value;
}

// Replacing in place of a name that stays the same is impossible for most AWS resources (the
// name is unique), so those are destroyed first; a renamed resource can coexist with its
// predecessor. (A task of the same family is no replacement for AWS: NewRevision.)
bool CreateBeforeDestroy(const planner::ResourceChange& change) {
  if (change.kind == "task") return true;
  const Value* old_name = change.before.Get("name");
  const Value* new_name = change.after.Get("name");
  return old_name != nullptr && new_name != nullptr && !(*old_name == *new_name);
}

void ReplaceSensitive(Value& value, const std::string& path) {
  // secret("arn:...") is where ECS reads a secret at run time: the ARN is no secret and is
  // written (valueFrom, credentialsParameter), although renderers mask it like one.
  if (value.is(ValueKind::kSecret)) return;
  if (value.sensitive()) {
    value = Value::String(std::string(kOpen) + std::string(kSensitivePrefix) + path +
                          std::string(kClose));
    return;
  }
  if (value.is(ValueKind::kMap)) {
    for (auto& [key, item] : value.mutable_map()) ReplaceSensitive(item, path + "." + key);
  } else if (value.is(ValueKind::kList)) {
    ValueList& items = value.mutable_list();
    for (size_t i = 0; i < items.size(); ++i) {
      // Labeled blocks (containers, listeners) by their name, which survives reordering.
      const Value* name = items[i].Get("name");
      bool labeled = name != nullptr && name->is(ValueKind::kString) && !name->sensitive();
      ReplaceSensitive(items[i], path + "." + (labeled ? name->str() : std::to_string(i)));
    }
  }
}

bool ReferencesAny(const Value& value, const std::set<std::string>& addresses) {
  if (value.is(ValueKind::kRef)) return addresses.count(value.ref().address) > 0;
  if (value.is(ValueKind::kTemplate)) {
    return std::any_of(value.parts().begin(), value.parts().end(),
                       [&](const Value& part) { return ReferencesAny(part, addresses); });
  }
  return false;
}

void MarkReplaced(Value& value, const std::set<std::string>& addresses) {
  if (value.is_unknown()) {
    if (ReferencesAny(value, addresses)) value = Value::String("(replaced) " + value.ToSource());
  } else if (value.is(ValueKind::kMap)) {
    for (auto& [key, item] : value.mutable_map()) MarkReplaced(item, addresses);
  } else if (value.is(ValueKind::kList)) {
    for (Value& item : value.mutable_list()) MarkReplaced(item, addresses);
  }
}

// The attributes an update changes from. A reference to a resource the plan replaces is the
// same reference before and after (carry_replacements.h), yet it named the old resource: it is
// written as a value no new one equals, so builders comparing old and new send it.
Value ChangedFrom(const planner::ResourceChange& change) {
  std::set<std::string> replaced;
  for (const planner::AttributeChange& c : change.changes) {
    if (!(c.before == c.after)) continue;
    if (c.after.is(ValueKind::kRef)) replaced.insert(c.after.ref().address);
    if (c.after.is(ValueKind::kTemplate)) {
      for (const Value& part : c.after.parts()) {
        if (part.is(ValueKind::kRef)) replaced.insert(part.ref().address);
      }
    }
  }
  Value before = change.before;
  if (!replaced.empty()) MarkReplaced(before, replaced);
  return before;
}

// The walk of ReplaceSensitive, collecting instead of replacing: the same names, the values'
// text (a string as it is, anything else as berth source writes it).
void CollectSensitive(const Value& value, const std::string& path,
                      std::map<std::string, std::string>& out) {
  if (value.is(ValueKind::kSecret)) return;
  if (value.sensitive()) {
    out[std::string(kSensitivePrefix) + path] =
        value.is(ValueKind::kString) ? value.str() : value.ToSource(/*reveal=*/true);
    return;
  }
  if (value.is(ValueKind::kMap)) {
    for (const auto& [key, item] : value.map()) CollectSensitive(item, path + "." + key, out);
  } else if (value.is(ValueKind::kList)) {
    const ValueList& items = value.list();
    for (size_t i = 0; i < items.size(); ++i) {
      const Value* name = items[i].Get("name");
      bool labeled = name != nullptr && name->is(ValueKind::kString) && !name->sensitive();
      CollectSensitive(items[i], path + "." + (labeled ? name->str() : std::to_string(i)), out);
    }
  }
}

void AppendAll(std::vector<AwsCall>& to, std::vector<AwsCall> calls) {
  for (AwsCall& call : calls) to.push_back(std::move(call));
}

}  // namespace

bool NewRevision(const planner::ResourceChange& change) {
  return change.kind == "task" && change.action == planner::Action::kReplace &&
         SameValue(change.before, change.after, "family");
}

std::map<std::string, std::vector<std::string>> EmissionEdges(const ir::Program& program) {
  std::map<std::string, std::vector<std::string>> edges;
  for (const ir::Resource& resource : program.resources) {
    if (resource.kind != "service") continue;
    for (std::string& source : RequestsTrafficSources(resource, program))
      edges[resource.address].push_back(std::move(source));
  }
  return edges;
}

std::map<std::string, std::vector<std::string>> ApplyEdges(const ir::Program& program) {
  std::map<std::string, std::vector<std::string>> edges;
  for (const ir::Resource& resource : program.resources) {
    if (resource.kind != "service") continue;
    std::vector<std::string> sources = TrafficSources(resource, program);
    if (!sources.empty()) edges[resource.address] = std::move(sources);
  }
  return edges;
}

std::map<std::string, std::vector<std::string>> PlaceholderEdges(const planner::Plan& plan,
                                                                 const EmitContext& context) {
  std::set<std::string> acted;
  for (const planner::ResourceChange& change : plan.changes) {
    if (change.action != planner::Action::kNoOp && change.action != planner::Action::kDelete)
      acted.insert(change.address);
  }
  std::map<std::string, std::vector<std::string>> edges;
  for (const planner::ResourceChange& change : plan.changes) {
    if (!acted.count(change.address)) continue;
    std::set<std::string> firsts;
    for (const std::string& name : UncapturedPlaceholderNames(EmitChange(change, context).now)) {
      if (IsSensitivePlaceholder(name)) continue;
      for (size_t dot = name.rfind('.'); dot != std::string::npos && dot > 0;
           dot = name.rfind('.', dot - 1)) {
        std::string address = name.substr(0, dot);
        if (acted.count(address)) {
          if (address != change.address) firsts.insert(address);
          break;
        }
      }
    }
    if (!firsts.empty()) edges[change.address].assign(firsts.begin(), firsts.end());
  }
  return edges;
}

std::vector<const ir::Resource*> ServicesRunning(const ir::Program& program,
                                                 std::string_view task_address) {
  std::vector<const ir::Resource*> services;
  for (const ir::Resource& resource : program.resources) {
    const Value* task = resource.kind == "service" ? resource.attributes.Get("task") : nullptr;
    if (task && task->is(ValueKind::kRef) && task->ref().address == task_address)
      services.push_back(&resource);
  }
  return services;
}

std::string MissingEmitterNote(std::string_view kind, const std::vector<std::string>& addresses) {
  std::string note = "no AWS emitter for kind " + std::string(kind) + " yet: ";
  for (size_t i = 0; i < addresses.size(); ++i) note += (i ? ", " : "") + addresses[i];
  return note + (addresses.size() == 1 ? " is" : " are") + " not emitted";
}

ir::Resource WithSensitivePlaceholders(const ir::Resource& resource) {
  if (!resource.attributes.ContainsSensitive()) return resource;
  ir::Resource masked = resource;
  ReplaceSensitive(masked.attributes, resource.address);
  return masked;
}

std::map<std::string, std::string> SensitiveValues(const ir::Resource& resource) {
  std::map<std::string, std::string> out;
  if (resource.attributes.ContainsSensitive())
    CollectSensitive(resource.attributes, resource.address, out);
  return out;
}

std::string SensitiveVariable(std::string_view name) {
  std::string variable = "BERTH_";
  for (char c : name) {
    bool word = std::isalnum(static_cast<unsigned char>(c));
    if (word) {
      variable += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    } else if (variable.back() != '_') {
      variable += '_';
    }
  }
  while (variable.back() == '_') variable.pop_back();
  return variable;
}

Emission EmitStack(const ir::Program& program, EmitContext::Derived derived) {
  Emission emission;
  emission.notes = EmitStack(program, derived, [&](std::vector<AwsCall>&& calls) {
    AppendAll(emission.calls, std::move(calls));
  });
  return emission;
}

std::vector<std::string> EmitStack(const ir::Program& program, EmitContext::Derived derived,
                                   const std::function<void(std::vector<AwsCall>&&)>& each) {
  EmitContext context(program, derived);
  std::vector<std::string> notes;
  std::map<std::string, std::vector<std::string>> missing;  // kind -> addresses
  for (size_t index : DependencyOrder(program)) {
    const ir::Resource& resource = program.resources[index];
    std::vector<const KindEmitter*> emitters = EmittersOf(resource.kind);
    if (emitters.empty()) {
      missing[resource.kind].push_back(resource.address);
      continue;
    }
    // Only a resource holding a sensitive value is copied to mask it; the others are used as
    // they are (a copy of every attribute tree cost a tenth of the emission).
    std::optional<ir::Resource> masked;
    if (resource.attributes.ContainsSensitive()) masked = WithSensitivePlaceholders(resource);
    const ir::Resource& emitted = masked ? *masked : resource;
    std::vector<AwsCall> calls;
    for (const KindEmitter* emitter : emitters) AppendAll(calls, emitter->create(emitted, context));
    each(std::move(calls));
  }
  for (const auto& [kind, addresses] : missing)
    notes.push_back(MissingEmitterNote(kind, addresses));
  return notes;
}

namespace {

// A task's new revision (an update or a replacement within the family): `registers` at the
// action's place, and the previous revision deregistered with the deletes, once the services
// moved off it (docs/backends.md). The removal's reads (`describe-task-definition` of the family,
// capturing its latest ACTIVE revision when the state has no ARN) run before the registration,
// while the latest revision is still the previous one.
template <typename Removes>
void NewRevisionCalls(const ir::Resource& old, std::vector<AwsCall> registers,
                      const Removes& removes, ChangeCalls& calls) {
  for (AwsCall& call : removes(old))
    (call.captures.empty() ? calls.after : calls.now).push_back(std::move(call));
  AppendAll(calls.now, std::move(registers));
}

}  // namespace

ChangeCalls EmitChange(const planner::ResourceChange& change, const EmitContext& context) {
  ChangeCalls calls;
  calls.kind = change.kind;
  std::vector<const KindEmitter*> emitters = EmittersOf(change.kind);
  if (emitters.empty()) {
    calls.no_emitter = true;
    return calls;
  }
  // Deletes rebuild the resource from what the state recorded (live edges).
  auto old = [&] {
    return WithSensitivePlaceholders(
        ResourceOf(change.address, change.kind, change.before, change.depends_on));
  };
  auto desired = [&] {
    return WithSensitivePlaceholders(
        ResourceOf(change.address, change.kind, change.after, change.depends_on));
  };
  // Removes run in the reverse of the create order (an ECS service before its Cloud Map service).
  auto removes = [&](const ir::Resource& before) {
    std::vector<AwsCall> out;
    for (auto it = emitters.rbegin(); it != emitters.rend(); ++it)
      AppendAll(out, (*it)->remove(before, context));
    return out;
  };
  auto creates = [&](const ir::Resource& after) {
    std::vector<AwsCall> out;
    for (const KindEmitter* emitter : emitters) AppendAll(out, emitter->create(after, context));
    return out;
  };
  // Every emitter's update in table order, then the parts that wait for all of them
  // (update_last) in reverse: a Cloud Map service is deleted after ECS stopped naming it.
  auto updates = [&](const ir::Resource& after, const Value& before) {
    std::vector<AwsCall> out;
    for (const KindEmitter* emitter : emitters)
      AppendAll(out, emitter->update(after, before, context));
    for (auto it = emitters.rbegin(); it != emitters.rend(); ++it) {
      if ((*it)->update_last != nullptr) AppendAll(out, (*it)->update_last(after, before, context));
    }
    return out;
  };
  switch (change.action) {
    case planner::Action::kNoOp:
      break;
    case planner::Action::kCreate:
      calls.now = creates(desired());
      break;
    case planner::Action::kUpdate:
      if (change.kind == "task") {
        NewRevisionCalls(old(), updates(desired(), old().attributes), removes, calls);
        break;
      }
      calls.now = updates(
          desired(), WithSensitivePlaceholders(ResourceOf(change.address, change.kind,
                                                          ChangedFrom(change), change.depends_on))
                         .attributes);
      break;
    case planner::Action::kReplace:
      if (NewRevision(change)) {
        NewRevisionCalls(old(), updates(desired(), old().attributes), removes, calls);
      } else if (CreateBeforeDestroy(change)) {
        calls.now = creates(desired());
        calls.after = removes(old());
      } else {
        calls.now = removes(old());
        AppendAll(calls.now, creates(desired()));
      }
      break;
    case planner::Action::kDelete:
      calls.now = removes(old());
      break;
  }
  return calls;
}

void ReadCallAdder::Add(AwsCall call) {
  std::vector<std::string> placeholders = PlaceholdersIn(call.body);
  for (const std::string& name : placeholders) {
    if (IsSensitivePlaceholder(name) || captured_.count(name) || noted_.count(name)) continue;
    // NAME is ADDRESS.ATTRIBUTE; addresses contain dots, attributes do not.
    std::string address = name.substr(0, name.rfind('.'));
    const ir::Resource* resource = context_.program().Find(address);
    const KindEmitter* reader = nullptr;
    if (resource != nullptr) {
      for (const KindEmitter* emitter : EmittersOf(resource->kind)) {
        if (emitter->read != nullptr) reader = emitter;
      }
    }
    if (reader == nullptr) {
      noted_.insert(name);
      notes_.push_back("no AWS call captures {{berth:" + name + "}}" +
                       (resource ? " (kind " + resource->kind + " has no reader yet)" : "") +
                       ": apply.sh stops at " + call.address + " until it is emitted");
      continue;
    }
    for (AwsCall& read : reader->read(WithSensitivePlaceholders(*resource), context_)) {
      for (const Capture& capture : read.captures) captured_.insert(capture.name);
      std::vector<std::string> read_placeholders = PlaceholdersIn(read.body);
      sink_(std::move(read), std::move(read_placeholders));
    }
    if (!captured_.count(name)) {
      noted_.insert(name);
      notes_.push_back("no AWS call captures {{berth:" + name + "}}: apply.sh stops at " +
                       call.address + " until it is emitted");
    }
  }
  for (const Capture& capture : call.captures) captured_.insert(capture.name);
  sink_(std::move(call), std::move(placeholders));
}

void AddReadCalls(const EmitContext& context, Emission& emission) {
  std::vector<AwsCall> calls;
  ReadCallAdder adder(context, [&](AwsCall&& call, std::vector<std::string>&&) {
    calls.push_back(std::move(call));
  });
  for (AwsCall& call : emission.calls) adder.Add(std::move(call));
  emission.calls = std::move(calls);
  for (std::string& note : adder.notes()) emission.notes.push_back(std::move(note));
}

}  // namespace berth::aws
