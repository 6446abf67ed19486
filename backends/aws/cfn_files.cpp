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
    for (const auto& [name, parameter] : part.parameters.items()) parameters.push_back(name);
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
  // Each template's text is written into its file as it is made: no template's text (54 MB for
  // all of them at 10,000 services) sits in memory whole.
  size_t templates = set.templates.size();
  auto file = [&](size_t i) -> OutputFile {
    if (i < templates) {
      const CfnTemplate& part = set.templates[i];
      return {.name = part.file, .content = {}, .write = [&part](std::ostream& out) {
                part.WriteText(out);
              }};
    }
    return {"order.json", OrderManifest(stack, set).dump(2) + "\n"};
  };
  return WriteFileSet(dir, "order.json", templates + 1, file, error);
}

}  // namespace berth::aws
