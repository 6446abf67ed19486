// `berth emit cloudformation`: the stack as CloudFormation templates (docs/cloudformation.md).
// The resources are derived from the same builders as `berth emit aws`: each create call's body,
// key-cased into CloudFormation's PascalCase, becomes a resource or part of one
// (cfn_properties.cpp holds the per-call rules and the per-key exceptions, in one table each);
// placeholders become Ref / Fn::GetAtt; a stack over CloudFormation's limits is split into
// several templates linked by exports (cfn_split.cpp).
#pragma once

#include <cstdint>
#include <memory>
#include <ostream>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "backends/aws/aws_call.h"
#include "backends/aws/cfn_properties.h"

namespace berth::aws {

// A Ref or Fn::GetAtt in a resource's properties, found as the properties are written as text:
// the splitter reads these instead of walking every resource, and writes a reference to a
// resource of another template as its import.
struct CfnReference {
  static constexpr uint32_t kNone = UINT32_MAX;
  uint32_t begin = 0;  // the object's bytes in the resource's text
  uint32_t end = 0;
  uint32_t target = kNone;  // the resource named (an index in the stack's), or none: see `name`
  uint32_t name = 0;        // in CfnStack::names: what a Ref names when it is no resource
  uint32_t attribute = 0;   // in CfnStack::names: "" (names[0]) for a Ref
  uint32_t import = kNone;  // set by the splitter: the export it imports (CfnTemplate::imports)
  uint16_t indent = 0;      // spaces before the object's closing brace
  bool ref = true;          // a Ref (else an Fn::GetAtt)
};

struct CfnResource {
  std::string logical_id;  // "ServiceApi": alphanumeric, unique, derived from the address
  std::string_view type;   // "AWS::ECS::Service": a literal of cfn_properties.cpp's table
  std::string address;     // the IR resource it comes from
  // The properties while the resource is being made, as its calls' bodies held them; once
  // complete they are written as `text` (keys cased, placeholders resolved) and freed: the text
  // is a third of the trees' memory.
  std::vector<CfnProperty> properties = {};
  std::vector<std::string> depends_on = {};     // logical ids not already implied by a Ref/GetAtt
  std::vector<uint32_t> depends_on_index = {};  // the same, as indexes in the stack
  // The properties as a template holds them: dump(2)'s text at a depth of 6 spaces.
  std::string text;
  std::vector<CfnReference> references = {};
  // The bytes of the properties pretty-printed one level in (the splitter's weight).
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
  // The names references use (CfnReference::name, attribute); names[0] is "".
  std::vector<std::string> names = {""};
  // Per resource: its logical id is also a parameter's name (a Ref of it counts as both).
  std::vector<bool> id_is_parameter;
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
  // Its resources: a range of the stack's, which the set's templates share (a template holds
  // consecutive resources; moving 120,000 of them into templates of their own cost memory).
  std::shared_ptr<std::vector<CfnResource>> stack_resources;
  size_t first = 0;  // resources [first, first + resources)
  std::span<const CfnResource> resource_list() const {
    if (!stack_resources) return {};
    return std::span<const CfnResource>(*stack_resources).subspan(first, resources);
  }
  Json outputs = Json::object();     // references already imports
  std::vector<std::string> imports;  // export names, by CfnReference::import

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
