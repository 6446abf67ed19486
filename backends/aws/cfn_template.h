// `berth emit cloudformation`: the stack as CloudFormation templates (docs/cloudformation.md).
// The resources are derived from the same builders as `berth emit aws`: each create call's body,
// key-cased into CloudFormation's PascalCase, becomes a resource or part of one
// (cfn_properties.cpp holds the per-call rules and the per-key exceptions, in one table each);
// placeholders become Ref / Fn::GetAtt; a stack over CloudFormation's limits is split into
// several templates linked by exports (cfn_split.cpp).
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <unordered_map>
#include <vector>

#include "backends/aws/aws_call.h"

namespace berth::aws {

struct CfnResource {
  std::string logical_id;  // "ServiceApi": alphanumeric, unique, derived from the address
  std::string type;        // "AWS::ECS::Service"
  std::string address;     // the IR resource it comes from
  Json properties = Json::object();
  std::vector<std::string> depends_on = {};  // logical ids not already implied by a Ref/GetAtt
  // The Ref and Fn::GetAtt objects in `properties`, recorded by the builder as it makes them
  // (the splitter reads these instead of walking every tree): a Ref names a logical id or a
  // parameter (attribute ""), an Fn::GetAtt a logical id and an attribute.
  struct Reference {
    std::string target;
    std::string attribute;
    bool ref = true;
  };
  std::vector<Reference> references = {};
  // The bytes of `properties` pretty-printed one level in (PrettyDumpedSize(properties, 2)).
  size_t properties_bytes = 0;
};

// One template before splitting: parameters, resources in an order where every reference and
// DependsOn points to an earlier resource, outputs.
struct CfnStack {
  std::string name;  // the CloudFormation stack name: the berth stack's name, made valid
  Json parameters = Json::object();
  std::vector<CfnResource> resources;
  Json outputs = Json::object();
  std::vector<std::string> notes;  // what could not be expressed, one line each
};

CfnStack BuildCloudFormation(const ir::Program& program);

// CloudFormation's limits per template that splitting respects.
struct CfnLimits {
  size_t resources = 500;
  size_t outputs = 200;
  size_t parameters = 200;
  size_t template_bytes = 1000000;  // 1 MB: the S3-uploaded template body limit
};

// Deployment units: the templates in the order they must be deployed. Each template's
// references to resources of earlier templates are Fn::ImportValue of an export of that
// template. A stack within the limits gives one template. The stack is taken by value: its
// resources move into the templates (pass it with std::move, or a copy is made).
// Which template of a set holds each logical id, and the templates' stack names: what writing a
// template needs to turn a reference to another template's resource into its import.
struct CfnPlacement {
  std::unordered_map<std::string, size_t> template_of;
  std::vector<std::string> stack_names;
};
// The export of a resource's Ref (attribute "") or Fn::GetAtt by the template `stack_name`.
std::string CfnExportName(const std::string& stack_name, const std::string& logical_id,
                          const std::string& attribute);
struct CfnTemplate {
  std::string stack_name;
  std::string file;  // "sample-api.json", or "sample-api-01.json" ... when split
  size_t resources = 0;
  std::vector<std::string> exports;
  std::vector<std::string> imports_from;  // stack names
  // What the template holds: its text is written from these as the file is written
  // (WriteText), each reference to a resource of another template written as its
  // Fn::ImportValue on the way; no JSON tree of the whole template is built.
  std::string description;
  Json parameters = Json::object();
  std::vector<CfnResource> resource_list;
  Json outputs = Json::object();  // references already imports
  size_t index = 0;               // in the set
  std::shared_ptr<const CfnPlacement> placement;

  // The template's text, as its file holds it (pretty-printed JSON, a newline at the end).
  void WriteText(std::ostream& out) const;
  // The same, parsed: for tests.
  Json Body() const;
};
struct CfnTemplateSet {
  std::vector<CfnTemplate> templates;
  std::vector<std::string> notes;
};
CfnTemplateSet SplitTemplates(CfnStack stack, const CfnLimits& limits = {});

// order.json: the stacks in deployment order (stack name, template file, resources, exports,
// the stacks it imports from, parameters) and the notes.
Json OrderManifest(const ir::Stack& stack, const CfnTemplateSet& set);

// Writes the templates and order.json into `dir`, as a whole or not at all.
bool WriteCloudFormation(const std::string& dir, const ir::Stack& stack, const CfnTemplateSet& set,
                         std::string& error);

}  // namespace berth::aws
