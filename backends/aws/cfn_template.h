// `berth emit cloudformation`: the stack as CloudFormation templates (docs/cloudformation.md).
// The resources are derived from the same builders as `berth emit aws`: each create call's body,
// key-cased into CloudFormation's PascalCase, becomes a resource or part of one
// (cfn_properties.cpp holds the per-call rules and the per-key exceptions, in one table each);
// placeholders become Ref / Fn::GetAtt; a stack over CloudFormation's limits is split into
// several templates linked by exports (cfn_split.cpp).
#pragma once

#include <string>
#include <vector>

#include "backends/aws/aws_call.h"

namespace berth::aws {

struct CfnResource {
  std::string logical_id;  // "ServiceApi": alphanumeric, unique, derived from the address
  std::string type;        // "AWS::ECS::Service"
  std::string address;     // the IR resource it comes from
  Json properties = Json::object();
  std::vector<std::string> depends_on = {};  // logical ids not already implied by a Ref/GetAtt
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

// The template JSON of a CfnStack (AWSTemplateFormatVersion, Description, Parameters,
// Resources, Outputs).
Json TemplateJson(const CfnStack& stack, const std::string& description);
// The same, taking the stack's properties instead of copying them.
Json TemplateJson(CfnStack&& stack, const std::string& description);

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
  Json body;
  size_t resources = 0;
  std::vector<std::string> exports;
  std::vector<std::string> imports_from;  // stack names
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
