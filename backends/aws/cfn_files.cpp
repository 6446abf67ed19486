// The files of `berth emit cloudformation`: one template per stack to deploy, and order.json
// saying in which order, under which stack names (docs/cloudformation.md).
#include "backends/aws/cfn_template.h"
#include "backends/aws/file_set.h"

namespace berth::aws {

Json OrderManifest(const ir::Stack& stack, const CfnTemplateSet& set) {
  Json stacks = Json::array();
  for (size_t i = 0; i < set.templates.size(); ++i) {
    const CfnTemplate& part = set.templates[i];
    Json parameters = Json::array();
    if (part.body.contains("Parameters")) {
      for (const auto& [name, parameter] : part.body["Parameters"].items())
        parameters.push_back(name);
    }
    stacks.push_back({{"order", i + 1},
                      {"stack_name", part.stack_name},
                      {"template", part.file},
                      {"resources", part.resources},
                      {"parameters", std::move(parameters)},
                      {"exports", part.exports},
                      {"imports_from", part.imports_from}});
  }
  return {{"format_version", 1},      {"stack", stack.name},         {"region", stack.region},
          {"account", stack.account}, {"stacks", std::move(stacks)}, {"notes", set.notes}};
}

bool WriteCloudFormation(const std::string& dir, const ir::Stack& stack, const CfnTemplateSet& set,
                         std::string& error) {
  // Each template's text is made just before it is written: the texts of all of them (54 MB at
  // 10,000 services) never sit in memory at once.
  size_t templates = set.templates.size();
  auto file = [&](size_t i) -> OutputFile {
    if (i < templates) return {set.templates[i].file, set.templates[i].body.dump(2) + "\n"};
    return {"order.json", OrderManifest(stack, set).dump(2) + "\n"};
  };
  return WriteFileSet(dir, "order.json", templates + 1, file, error);
}

}  // namespace berth::aws
