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
  std::vector<OutputFile> files;
  for (const CfnTemplate& part : set.templates)
    files.push_back({part.file, part.body.dump(2) + "\n"});
  files.push_back({"order.json", OrderManifest(stack, set).dump(2) + "\n"});
  return WriteFileSet(dir, "order.json", files, error);
}

}  // namespace berth::aws
