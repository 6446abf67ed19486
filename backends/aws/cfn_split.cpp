// Splitting a stack over CloudFormation's per-template limits (500 resources, 200 outputs, 200
// parameters, 1 MB) into templates deployed in order. Resources keep the builder's order, in
// which every reference points backwards, and a resource's address stays in one template; so
// every reference between templates points to an earlier one, and becomes an Fn::ImportValue
// of an Export of that template.
#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <unordered_map>

#include "backends/aws/cfn_template.h"
#include "backends/aws/json_size.h"

namespace berth::aws {

namespace {

// A Ref or Fn::GetAtt target: logical id and attribute ("" for Ref).
using Target = std::pair<std::string, std::string>;

void CollectTargets(const Json& value, std::set<Target>& targets, std::set<std::string>& refs) {
  if (value.is_array()) {
    for (const Json& item : value) CollectTargets(item, targets, refs);
    return;
  }
  if (!value.is_object()) return;
  if (value.size() == 1 && value.contains("Ref") && value["Ref"].is_string()) {
    targets.insert({value["Ref"].get<std::string>(), ""});
    refs.insert(value["Ref"].get<std::string>());
    return;
  }
  if (value.size() == 1 && value.contains("Fn::GetAtt") && value["Fn::GetAtt"].is_array()) {
    const Json& args = value["Fn::GetAtt"];
    targets.insert({args[0].get<std::string>(), args[1].get<std::string>()});
    return;
  }
  for (const auto& [key, item] : value.items()) CollectTargets(item, targets, refs);
}

std::string OutputName(const Target& target) { return target.first + target.second; }

std::string ExportName(const std::string& stack_name, const Target& target) {
  return stack_name + "-" + target.first + (target.second.empty() ? "" : "-" + target.second);
}

// References to resources of earlier templates become imports of their exports. In place, in the
// stack's outputs; resources are rewritten as their text is written (WriteText).
void Rewrite(Json& value, const std::unordered_map<std::string, size_t>& template_of, size_t here,
             const std::vector<std::string>& stack_names) {
  if (value.is_array()) {
    for (Json& item : value) Rewrite(item, template_of, here, stack_names);
    return;
  }
  if (!value.is_object()) return;
  std::optional<Target> target;
  if (value.size() == 1 && value.contains("Ref") && value["Ref"].is_string())
    target = Target{value["Ref"].get<std::string>(), ""};
  if (value.size() == 1 && value.contains("Fn::GetAtt") && value["Fn::GetAtt"].is_array())
    target = Target{value["Fn::GetAtt"][0].get<std::string>(),
                    value["Fn::GetAtt"][1].get<std::string>()};
  if (target) {
    auto found = template_of.find(target->first);
    if (found == template_of.end() || found->second == here) return;
    value = Json{{"Fn::ImportValue", ExportName(stack_names[found->second], *target)}};
    return;
  }
  for (auto& [key, item] : value.items()) Rewrite(item, template_of, here, stack_names);
}

// The bytes `{"LOGICAL_ID": properties}` takes in a pretty-printed template, as the splitter has
// always weighed a resource: "{\n  " + the quoted id + ": " + the properties one level in + "\n}".
size_t ResourceBytes(const CfnResource& resource) {
  return 4 + StringDumpedSize(resource.logical_id) + 2 + resource.properties_bytes + 2;
}

constexpr size_t kUnplaced = SIZE_MAX;

// A resource referred to, and the attribute (an index in CfnStack::names; 0 for a Ref).
using Link = std::pair<uint32_t, uint32_t>;

struct Unit {  // one address's resources (or the stack's outputs): never split apart
  std::vector<size_t> resources;
  size_t part = 0;                   // where it was placed
  std::vector<Link> links;           // resources referred to, sorted, each once
  std::set<std::string> parameters;  // parameters referred to
  size_t bytes = 0;
};

struct Part {
  std::vector<size_t> resources;
  std::set<std::string> parameters;
  std::set<Link> exports;
  size_t bytes = 0;
};

void SortUnique(std::vector<Link>& links) {
  std::sort(links.begin(), links.end());
  links.erase(std::unique(links.begin(), links.end()), links.end());
}

}  // namespace

CfnTemplateSet SplitTemplates(CfnStack stack, const CfnLimits& limits) {
  CfnTemplateSet set;
  set.notes = stack.notes;
  std::set<std::string> parameter_names;
  for (const auto& [name, parameter] : stack.parameters.items()) parameter_names.insert(name);
  std::vector<std::string>& names = stack.names;
  std::unordered_map<std::string, uint32_t> name_index;
  for (size_t i = 0; i < names.size(); ++i) name_index.emplace(names[i], i);
  auto intern = [&](const std::string& name) {
    auto [at, added] = name_index.try_emplace(name, static_cast<uint32_t>(names.size()));
    if (added) names.push_back(name);
    return at->second;
  };

  // The units, in order.
  std::vector<Unit> units;
  // One per address: counted first, so that the vector is made once rather than grown.
  size_t addresses = 0;
  for (size_t i = 0; i < stack.resources.size(); ++i)
    addresses += i == 0 || stack.resources[i].address != stack.resources[i - 1].address;
  units.reserve(addresses);
  for (size_t i = 0; i < stack.resources.size(); ++i) {
    const CfnResource& resource = stack.resources[i];
    if (units.empty() || stack.resources[units.back().resources.back()].address != resource.address)
      units.emplace_back();
    Unit& unit = units.back();
    unit.resources.push_back(i);
    for (const CfnReference& reference : resource.references) {
      if (reference.target != CfnReference::kNone) {
        unit.links.push_back({reference.target, reference.attribute});
        // A Ref of a logical id that is also a parameter's name counts as both.
        if (reference.ref && stack.id_is_parameter[reference.target])
          unit.parameters.insert(stack.resources[reference.target].logical_id);
      } else if (reference.ref && parameter_names.count(names[reference.name])) {
        unit.parameters.insert(names[reference.name]);
      }
    }
    unit.bytes += ResourceBytes(resource) + 64;
  }
  for (Unit& unit : units) SortUnique(unit.links);

  // The outputs are few: their references are found by a walk, and the resources they name by
  // a look at every logical id.
  std::set<Target> output_targets;
  std::set<std::string> output_refs;
  CollectTargets(stack.outputs, output_targets, output_refs);
  std::unordered_map<std::string, uint32_t> output_ids;  // logical id -> index
  for (const Target& target : output_targets) output_ids.emplace(target.first, CfnReference::kNone);
  if (!output_ids.empty()) {
    for (size_t i = 0; i < stack.resources.size(); ++i) {
      auto found = output_ids.find(stack.resources[i].logical_id);
      if (found != output_ids.end() && found->second == CfnReference::kNone)
        found->second = static_cast<uint32_t>(i);
    }
  }
  Unit outputs;
  for (const Target& target : output_targets) {
    uint32_t index = output_ids.at(target.first);
    if (index != CfnReference::kNone) outputs.links.push_back({index, intern(target.second)});
  }
  SortUnique(outputs.links);
  for (const std::string& ref : output_refs) {
    if (parameter_names.count(ref)) outputs.parameters.insert(ref);
  }
  outputs.bytes = stack.outputs.dump(2).size();

  std::vector<size_t> part_of(stack.resources.size(), kUnplaced);
  std::vector<Part> parts(1);
  // Whether `unit` fits into the last part: its own size and, for what it refers to in earlier
  // parts, their output counts.
  auto fits = [&](const Unit& unit, size_t own_outputs) {
    Part& part = parts.back();
    size_t here = parts.size() - 1;
    if (part.resources.size() + unit.resources.size() > limits.resources) return false;
    if (part.bytes + unit.bytes > limits.template_bytes) return false;
    std::map<size_t, size_t> new_exports;
    for (const Link& link : unit.links) {
      size_t from = part_of[link.first];
      if (from == kUnplaced || from == here) continue;
      if (!parts[from].exports.count(link)) ++new_exports[from];
    }
    for (const auto& [index, count] : new_exports) {
      if (parts[index].exports.size() + count > limits.outputs) return false;
    }
    size_t parameters = part.parameters.size();
    for (const std::string& name : unit.parameters) parameters += !part.parameters.count(name);
    return parameters <= limits.parameters && own_outputs + part.exports.size() <= limits.outputs;
  };
  auto place = [&](Unit& unit) {
    size_t here = parts.size() - 1;
    unit.part = here;
    Part& part = parts.back();
    for (size_t index : unit.resources) {
      part.resources.push_back(index);
      part_of[index] = here;
    }
    part.bytes += unit.bytes;
    part.parameters.insert(unit.parameters.begin(), unit.parameters.end());
    for (const Link& link : unit.links) {
      size_t from = part_of[link.first];
      if (from != kUnplaced && from != here) parts[from].exports.insert(link);
    }
  };
  for (Unit& unit : units) {
    if (!parts.back().resources.empty() && !fits(unit, 0)) parts.emplace_back();
    if (!fits(unit, 0))
      set.notes.push_back(
          fmt::format("{} does not fit CloudFormation's limits even in a template of its own",
                      stack.resources[unit.resources[0]].address));
    place(unit);
  }
  // A template needs a resource, so the outputs stay in the last one whatever its count.
  if (!fits(outputs, stack.outputs.size()))
    set.notes.push_back("the stack's outputs exceed the output limit of the last template");
  place(outputs);
  if (stack.resources.empty())
    set.notes.push_back(
        "the stack has no resource CloudFormation can create: the template is "
        "not deployable");

  // Variables nobody refers to still belong to the stack: the first template declares them.
  for (const auto& [name, parameter] : stack.parameters.items()) {
    bool used = false;
    for (const Part& part : parts) used = used || part.parameters.count(name);
    if (!used) parts[0].parameters.insert(name);
  }

  // Where the resources the outputs name are, for the outputs' own rewriting.
  std::unordered_map<std::string, size_t> template_of;
  for (const auto& [id, index] : output_ids) {
    if (index != CfnReference::kNone && part_of[index] != kUnplaced)
      template_of.emplace(id, part_of[index]);
  }

  // Each stack output goes to the template of the latest resource it refers to (the last
  // template when it refers to none), so that no output merely re-exports an import.
  std::map<std::string, size_t> output_part;
  for (const auto& [name, output] : stack.outputs.items()) {
    std::set<Target> targets;
    std::set<std::string> refs;
    CollectTargets(output, targets, refs);
    size_t part = targets.empty() ? parts.size() - 1 : 0;
    for (const Target& target : targets) {
      if (auto found = template_of.find(target.first); found != template_of.end())
        part = std::max(part, found->second);
    }
    output_part[name] = part;
  }

  std::vector<std::string> stack_names;
  for (size_t p = 0; p < parts.size(); ++p)
    stack_names.push_back(parts.size() == 1 ? stack.name
                                            : fmt::format("{}-{:02}", stack.name, p + 1));
  auto target_of = [&](const Link& link) {
    return Target{stack.resources[link.first].logical_id, names[link.second]};
  };

  // Before the resources move into the templates' shared list (their logical ids are read here):
  // each part's exports by name, and each reference to another part's resource as the import of its
  // export.
  std::vector<std::set<Target>> exports(parts.size());
  for (size_t p = 0; p < parts.size(); ++p) {
    for (const Link& link : parts[p].exports) exports[p].insert(target_of(link));
  }
  std::vector<std::vector<std::string>> imports(parts.size());
  for (size_t p = 0; p < parts.size(); ++p) {
    std::unordered_map<std::string, uint32_t> import_index;
    for (size_t index : parts[p].resources) {
      for (CfnReference& reference : stack.resources[index].references) {
        if (reference.target == CfnReference::kNone) continue;
        size_t from = part_of[reference.target];
        if (from == kUnplaced || from == p) continue;
        std::string name =
            ExportName(stack_names[from], target_of({reference.target, reference.attribute}));
        auto [at, added] =
            import_index.try_emplace(std::move(name), static_cast<uint32_t>(imports[p].size()));
        if (added) imports[p].push_back(at->first);
        reference.import = at->second;
      }
    }
  }

  // The templates share the stack's resources, each a range of them: units are placed in order,
  // each into the last part, so a part's resources are consecutive.
  for (size_t p = 0; p < parts.size(); ++p) {
    for (size_t index : parts[p].resources) {
      CfnResource& resource = stack.resources[index];
      std::vector<std::string> depends_on;
      for (size_t d = 0; d < resource.depends_on.size(); ++d) {
        // Earlier templates are deployed before this one: the order holds without DependsOn.
        if (part_of[resource.depends_on_index[d]] == p)
          depends_on.push_back(std::move(resource.depends_on[d]));
      }
      resource.depends_on = std::move(depends_on);
    }
  }
  auto resources = std::make_shared<std::vector<CfnResource>>(std::move(stack.resources));
  // The parts each part's units refer to, from one pass over the units (a pass per part read
  // all 70,000 units of 10,000 services 181 times).
  std::vector<std::set<size_t>> imports_from(parts.size());
  for (const Unit& unit : units) {
    for (const Link& link : unit.links) {
      size_t from = part_of[link.first];
      if (from != kUnplaced && from != unit.part) imports_from[unit.part].insert(from);
    }
  }

  for (size_t p = 0; p < parts.size(); ++p) {
    const Part& part = parts[p];
    CfnTemplate out;
    for (const auto& [name, parameter] : stack.parameters.items()) {
      if (part.parameters.count(name)) out.parameters[name] = parameter;
    }
    out.stack_resources = resources;
    out.first = part.resources.empty() ? 0 : part.resources.front();
    out.resources = part.resources.size();
    out.imports = std::move(imports[p]);
    for (const Target& target : exports[p]) {
      Json value = target.second.empty()
                       ? Json{{"Ref", target.first}}
                       : Json{{"Fn::GetAtt", Json::array({target.first, target.second})}};
      out.outputs[OutputName(target)] = {
          {"Value", std::move(value)}, {"Export", {{"Name", ExportName(stack_names[p], target)}}}};
    }
    for (const auto& [name, output] : stack.outputs.items()) {
      if (output_part[name] != p) continue;
      Json value = output;
      Rewrite(value, template_of, p, stack_names);
      out.outputs[name] = std::move(value);
    }
    out.stack_name = stack_names[p];
    out.file = stack_names[p] + ".json";
    for (const Target& target : exports[p])
      out.exports.push_back(ExportName(stack_names[p], target));
    // What the part refers to: its units' links and its outputs' targets.
    for (const auto& [name, output] : stack.outputs.items()) {
      if (output_part[name] != p) continue;
      std::set<Target> targets;
      std::set<std::string> refs;
      CollectTargets(output, targets, refs);
      for (const Target& target : targets) {
        auto found = template_of.find(target.first);
        if (found != template_of.end() && found->second != p) imports_from[p].insert(found->second);
      }
    }
    for (size_t from : imports_from[p]) out.imports_from.push_back(stack_names[from]);
    out.description = parts.size() == 1 ? fmt::format("berth stack {}", stack.name)
                                        : fmt::format("berth stack {}, part {} of {}", stack.name,
                                                      p + 1, parts.size());
    set.templates.push_back(std::move(out));
  }
  return set;
}

}  // namespace berth::aws
