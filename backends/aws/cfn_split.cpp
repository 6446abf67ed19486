// Splitting a stack over CloudFormation's per-template limits (500 resources, 200 outputs, 200
// parameters, 1 MB) into templates deployed in order. Resources keep the builder's order, in
// which every reference points backwards, and a resource's address stays in one template; so
// every reference between templates points to an earlier one, and becomes an Fn::ImportValue
// of an Export of that template.
#include <fmt/format.h>

#include <algorithm>
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
  return CfnExportName(stack_name, target.first, target.second);
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

struct Unit {  // one address's resources (or the stack's outputs): never split apart
  std::vector<size_t> resources;
  size_t part = 0;             // where it was placed
  std::set<Target> targets;    // resources referred to
  std::set<std::string> refs;  // Ref names, including parameters
  size_t bytes = 0;
};

struct Part {
  std::vector<size_t> resources;
  std::set<std::string> parameters;
  std::set<Target> exports;
  size_t bytes = 0;
};

}  // namespace

std::string CfnExportName(const std::string& stack_name, const std::string& logical_id,
                          const std::string& attribute) {
  return stack_name + "-" + logical_id + (attribute.empty() ? "" : "-" + attribute);
}

CfnTemplateSet SplitTemplates(CfnStack stack, const CfnLimits& limits) {
  CfnTemplateSet set;
  set.notes = stack.notes;
  // The units, in order.
  std::vector<Unit> units;
  for (size_t i = 0; i < stack.resources.size(); ++i) {
    const CfnResource& resource = stack.resources[i];
    if (units.empty() || stack.resources[units.back().resources.back()].address != resource.address)
      units.emplace_back();
    Unit& unit = units.back();
    unit.resources.push_back(i);
    for (const CfnResource::Reference& reference : resource.references) {
      unit.targets.insert({reference.target, reference.attribute});
      if (reference.ref) unit.refs.insert(reference.target);
    }
    unit.bytes += ResourceBytes(resource) + 64;
  }
  Unit outputs;
  CollectTargets(stack.outputs, outputs.targets, outputs.refs);
  outputs.bytes = stack.outputs.dump(2).size();

  std::unordered_map<std::string, size_t> template_of;  // logical id -> part
  std::vector<Part> parts(1);
  // Whether `unit` fits into the last part: its own size and, for what it refers to in earlier
  // parts, their output counts.
  auto fits = [&](const Unit& unit, size_t own_outputs) {
    Part& part = parts.back();
    size_t here = parts.size() - 1;
    if (part.resources.size() + unit.resources.size() > limits.resources) return false;
    if (part.bytes + unit.bytes > limits.template_bytes) return false;
    std::map<size_t, size_t> new_exports;
    for (const Target& target : unit.targets) {
      auto found = template_of.find(target.first);
      if (found == template_of.end() || found->second == here) continue;
      if (!parts[found->second].exports.count(target)) ++new_exports[found->second];
    }
    for (const auto& [index, count] : new_exports) {
      if (parts[index].exports.size() + count > limits.outputs) return false;
    }
    std::set<std::string> parameters = part.parameters;
    for (const std::string& ref : unit.refs) {
      if (stack.parameters.contains(ref)) parameters.insert(ref);
    }
    return parameters.size() <= limits.parameters &&
           own_outputs + part.exports.size() <= limits.outputs;
  };
  auto place = [&](Unit& unit) {
    size_t here = parts.size() - 1;
    unit.part = here;
    Part& part = parts.back();
    for (size_t index : unit.resources) {
      part.resources.push_back(index);
      template_of[stack.resources[index].logical_id] = here;
    }
    part.bytes += unit.bytes;
    for (const std::string& ref : unit.refs) {
      if (stack.parameters.contains(ref)) part.parameters.insert(ref);
    }
    for (const Target& target : unit.targets) {
      auto found = template_of.find(target.first);
      if (found != template_of.end() && found->second != here)
        parts[found->second].exports.insert(target);
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

  auto placement = std::make_shared<CfnPlacement>();
  std::vector<std::string>& names = placement->stack_names;
  for (size_t p = 0; p < parts.size(); ++p)
    names.push_back(parts.size() == 1 ? stack.name : fmt::format("{}-{:02}", stack.name, p + 1));

  for (size_t p = 0; p < parts.size(); ++p) {
    const Part& part = parts[p];
    CfnTemplate out;
    for (const auto& [name, parameter] : stack.parameters.items()) {
      if (part.parameters.count(name)) out.parameters[name] = parameter;
    }
    out.resource_list.reserve(part.resources.size());
    for (size_t index : part.resources) {
      // Each resource is in exactly one part: it moves into its template.
      CfnResource& resource = stack.resources[index];
      std::vector<std::string> depends_on;
      for (const std::string& id : resource.depends_on) {
        // Earlier templates are deployed before this one: the order holds without DependsOn.
        if (template_of.at(id) == p) depends_on.push_back(id);
      }
      resource.depends_on = std::move(depends_on);
      out.resource_list.push_back(std::move(resource));
    }
    for (const Target& target : part.exports) {
      Json value = target.second.empty()
                       ? Json{{"Ref", target.first}}
                       : Json{{"Fn::GetAtt", Json::array({target.first, target.second})}};
      out.outputs[OutputName(target)] = {{"Value", std::move(value)},
                                         {"Export", {{"Name", ExportName(names[p], target)}}}};
    }
    for (const auto& [name, output] : stack.outputs.items()) {
      if (output_part[name] != p) continue;
      Json value = output;
      Rewrite(value, template_of, p, names);
      out.outputs[name] = std::move(value);
    }
    out.stack_name = names[p];
    out.file = names[p] + ".json";
    out.resources = out.resource_list.size();
    for (const Target& target : part.exports) out.exports.push_back(ExportName(names[p], target));
    // What the part refers to: its units' targets (collected before the rewrite) and its
    // outputs'.
    std::set<Target> targets;
    std::set<std::string> refs;
    for (const Unit& unit : units) {
      if (unit.part == p) targets.insert(unit.targets.begin(), unit.targets.end());
    }
    for (const auto& [name, output] : stack.outputs.items()) {
      if (output_part[name] == p) CollectTargets(output, targets, refs);
    }
    std::set<size_t> imports;
    for (const Target& target : targets) {
      auto found = template_of.find(target.first);
      if (found != template_of.end() && found->second != p) imports.insert(found->second);
    }
    for (size_t from : imports) out.imports_from.push_back(names[from]);
    out.description = parts.size() == 1 ? fmt::format("berth stack {}", stack.name)
                                        : fmt::format("berth stack {}, part {} of {}", stack.name,
                                                      p + 1, parts.size());
    out.index = p;
    out.placement = placement;
    set.templates.push_back(std::move(out));
  }
  placement->template_of = std::move(template_of);
  return set;
}

}  // namespace berth::aws
