#include "tests/unit/aws_cfn/cfn_fixture.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <array>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "compiler/check/check.h"

namespace berth::aws::testing {

namespace fs = std::filesystem;

namespace {

// The resource types berth emits: anything else is a bug.
const std::set<std::string> kKnownTypes = {
    "AWS::ECS::Cluster",
    "AWS::ECS::TaskDefinition",
    "AWS::ECS::Service",
    "AWS::ElasticLoadBalancingV2::LoadBalancer",
    "AWS::ElasticLoadBalancingV2::Listener",
    "AWS::ElasticLoadBalancingV2::ListenerRule",
    "AWS::ElasticLoadBalancingV2::TargetGroup",
    "AWS::IAM::Role",
    "AWS::Logs::LogGroup",
    "AWS::EC2::SecurityGroup",
    "AWS::ApplicationAutoScaling::ScalableTarget",
    "AWS::ApplicationAutoScaling::ScalingPolicy",
    "AWS::CloudWatch::Alarm",
    "AWS::Events::Rule",
    "AWS::ServiceDiscovery::Service",
};

bool Alphanumeric(const std::string& id) {
  if (id.empty() || id.size() > 255) return false;
  for (char c : id) {
    if (!std::isalnum(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

struct Walk {
  const std::string& where;
  const Json& resources;
  const Json& parameters;
  const std::set<std::string>& importable;  // exports of earlier templates
  std::vector<std::string>& problems;

  void operator()(const Json& value, const std::string& path) const {
    if (value.is_string()) {
      if (value.get<std::string>().find("{{berth:") != std::string::npos)
        problems.push_back(where + path + ": placeholder left: " + value.get<std::string>());
      return;
    }
    if (value.is_array()) {
      for (size_t i = 0; i < value.size(); ++i)
        (*this)(value[i], path + "[" + std::to_string(i) + "]");
      return;
    }
    if (!value.is_object()) return;
    if (value.contains("Ref")) {
      std::string name = value["Ref"].get<std::string>();
      if (!resources.contains(name) && !parameters.contains(name) && !name.starts_with("AWS::"))
        problems.push_back(where + path + ": Ref " + name + " resolves to nothing");
    }
    if (value.contains("Fn::GetAtt")) {
      const Json& args = value["Fn::GetAtt"];
      if (!args.is_array() || args.size() != 2 || !resources.contains(args[0].get<std::string>()))
        problems.push_back(where + path + ": Fn::GetAtt " + args.dump() + " resolves to nothing");
    }
    if (value.contains("Fn::ImportValue")) {
      std::string name = value["Fn::ImportValue"].get<std::string>();
      if (!importable.count(name))
        problems.push_back(where + path + ": Fn::ImportValue " + name +
                           " is exported by no earlier template");
    }
    for (const auto& [key, item] : value.items()) (*this)(item, path + "." + key);
  }
};

}  // namespace

ir::Program CompilePath(const std::string& path) {
  CheckOptions options;
  options.path = path;
  options.stdlib_dir = std::string(BERTH_SOURCE_DIR) + "/stdlib";
  SourceManager sources;
  Diagnostics diags;
  std::optional<ir::Program> program = Check(options, sources, diags);
  if (!program) {
    std::ostringstream text;
    RenderDiagnosticsText(diags, sources, text);
    ADD_FAILURE() << path << " does not compile:\n" << text.str();
    return {};
  }
  return *program;
}

ir::Program CompileSource(const std::string& source) {
  std::string pattern = (fs::temp_directory_path() / "berth-aws-cfn-XXXXXX").string();
  std::string dir = mkdtemp(pattern.data());
  std::ofstream(dir + "/main.berth") << source;
  ir::Program program = CompilePath(dir);
  fs::remove_all(dir);
  return program;
}

std::vector<std::string> TemplateProblems(const CfnTemplateSet& set, size_t max_resources) {
  std::vector<std::string> problems;
  std::set<std::string> importable;
  std::set<std::string> stack_names;
  for (const CfnTemplate& part : set.templates) {
    const std::string where = part.file + ": ";
    if (!stack_names.insert(part.stack_name).second)
      problems.push_back(where + "stack name " + part.stack_name + " used twice");
    // The template as its file holds it: valid JSON as written.
    std::ostringstream text;
    part.WriteText(text);
    Json body = Json::parse(text.str(), nullptr, false);
    if (body.is_discarded()) {
      problems.push_back(where + "not valid JSON");
      continue;
    }
    const Json empty = Json::object();
    const Json& resources = body.contains("Resources") ? body["Resources"] : empty;
    const Json& parameters = body.contains("Parameters") ? body["Parameters"] : empty;
    if (resources.empty()) problems.push_back(where + "no resources");
    if (resources.size() > max_resources)
      problems.push_back(where + std::to_string(resources.size()) + " resources, over " +
                         std::to_string(max_resources));
    if (body.contains("Outputs") && body["Outputs"].size() > 200)
      problems.push_back(where + "over 200 outputs");
    if (parameters.size() > 200) problems.push_back(where + "over 200 parameters");
    if (body.dump().size() > 1000000) problems.push_back(where + "over 1 MB");
    Walk walk{where, resources, parameters, importable, problems};
    for (const auto& [id, resource] : resources.items()) {
      if (!Alphanumeric(id))
        problems.push_back(where + "logical id " + id + " is not alphanumeric");
      std::string type = resource.value("Type", "");
      if (!kKnownTypes.count(type)) problems.push_back(where + id + ": unknown type " + type);
      if (resource.contains("DependsOn")) {
        for (const Json& dependency : resource["DependsOn"]) {
          if (!resources.contains(dependency.get<std::string>()))
            problems.push_back(where + id + ": DependsOn " + dependency.dump() +
                               " names no resource of this template");
        }
      }
      walk(resource["Properties"], id);
    }
    if (body.contains("Outputs")) {
      for (const auto& [name, output] : body["Outputs"].items()) {
        walk(output["Value"], "Outputs." + name);
        if (!Alphanumeric(name)) problems.push_back(where + "output " + name + " not alphanumeric");
      }
    }
    // Exports after the walk: a template cannot import its own.
    std::set<std::string> declared;
    if (body.contains("Outputs")) {
      for (const auto& [name, output] : body["Outputs"].items()) {
        if (output.contains("Export")) declared.insert(output["Export"]["Name"].get<std::string>());
      }
    }
    if (declared != std::set<std::string>(part.exports.begin(), part.exports.end()))
      problems.push_back(where + "exports differ from order.json's list");
    importable.insert(declared.begin(), declared.end());
  }
  return problems;
}

std::optional<std::string> CfnLint(const std::vector<std::string>& files,
                                   const std::string& region) {
  static const bool installed = std::system("command -v cfn-lint >/dev/null 2>&1") == 0;
  if (!installed) return std::nullopt;
  std::string command = "cfn-lint --regions " + region +
                        // W2001: the parameters documenting the stack's variables are not yet
                        // referred to (docs/cloudformation.md).
                        // E1150, E1151, E1154: the test stacks' made-up sg-, vpc- and subnet- ids.
                        " --ignore-checks W2001 E1150 E1151 E1154 --";
  for (const std::string& file : files) command += " " + file;
  command += " 2>&1";
  std::string output;
  FILE* pipe = popen(command.c_str(), "r");
  std::array<char, 4096> buffer;
  size_t read;
  while ((read = fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
    output.append(buffer.data(), read);
  pclose(pipe);
  return output;
}

}  // namespace berth::aws::testing
