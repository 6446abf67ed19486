// A template's text, written into its file as it is made: the same bytes as the template's JSON
// tree dumped with an indent of 2, without building the tree (the resources' properties are
// written where they are) or the text as a string. A Ref or Fn::GetAtt of a resource that another
// template holds is written as the Fn::ImportValue of that template's export on the way.
#include <sstream>

#include "backends/aws/cfn_template.h"
#include "backends/aws/json_text.h"

namespace berth::aws {

namespace {

// The resource's target when `object` (of one key) is a Ref or Fn::GetAtt of another template's
// resource: writes its import instead.
bool WriteImport(JsonTextWriter& writer, const Json& object, unsigned indent,
                 const CfnPlacement& placement, size_t here) {
  const auto& [key, value] = object.get_ref<const Json::object_t&>().front();
  const std::string* id = nullptr;
  std::string attribute;
  if (key == "Ref" && value.is_string()) {
    id = &value.get_ref<const std::string&>();
  } else if (key == "Fn::GetAtt" && value.is_array()) {
    id = &value[0].get_ref<const std::string&>();
    attribute = value[1].get<std::string>();
  } else {
    return false;
  }
  auto found = placement.template_of.find(*id);
  if (found == placement.template_of.end() || found->second == here) return false;
  writer.Raw("{\n");
  writer.Spaces(indent + 2);
  writer.Raw("\"Fn::ImportValue\": ");
  writer.String(CfnExportName(placement.stack_names[found->second], *id, attribute));
  writer.Raw("\n");
  writer.Spaces(indent);
  writer.Raw("}");
  return true;
}

void Key(JsonTextWriter& writer, unsigned indent, std::string_view key) {
  writer.Spaces(indent);
  writer.String(key);
  writer.Raw(": ");
}

}  // namespace

void CfnTemplate::WriteText(std::ostream& out) const {
  JsonTextWriter writer(out);
  writer.Raw("{\n");
  Key(writer, 2, "AWSTemplateFormatVersion");
  writer.Raw("\"2010-09-09\",\n");
  Key(writer, 2, "Description");
  writer.String(description);
  writer.Raw(",\n");
  if (!parameters.empty()) {
    Key(writer, 2, "Parameters");
    writer.Value(parameters, 2);
    writer.Raw(",\n");
  }
  Key(writer, 2, "Resources");
  if (resource_list.empty()) {
    writer.Raw("{}");
  } else {
    writer.Raw("{\n");
    for (size_t i = 0; i < resource_list.size(); ++i) {
      const CfnResource& resource = resource_list[i];
      if (i > 0) writer.Raw(",\n");
      Key(writer, 4, resource.logical_id);
      writer.Raw("{\n");
      Key(writer, 6, "Type");
      writer.String(resource.type);
      writer.Raw(",\n");
      if (!resource.depends_on.empty()) {
        Key(writer, 6, "DependsOn");
        writer.Raw("[\n");
        for (size_t d = 0; d < resource.depends_on.size(); ++d) {
          if (d > 0) writer.Raw(",\n");
          writer.Spaces(8);
          writer.String(resource.depends_on[d]);
        }
        writer.Raw("\n");
        writer.Spaces(6);
        writer.Raw("],\n");
      }
      Key(writer, 6, "Properties");
      if (placement) {
        writer.one_key_object = [&](JsonTextWriter& w, const Json& object, unsigned indent) {
          return WriteImport(w, object, indent, *placement, index);
        };
      }
      writer.Value(resource.properties, 6);
      writer.one_key_object = nullptr;
      writer.Raw("\n");
      writer.Spaces(4);
      writer.Raw("}");
    }
    writer.Raw("\n");
    writer.Spaces(2);
    writer.Raw("}");
  }
  if (!outputs.empty()) {
    writer.Raw(",\n");
    Key(writer, 2, "Outputs");
    writer.Value(outputs, 2);
  }
  writer.Raw("\n}\n");
}

Json CfnTemplate::Body() const {
  std::ostringstream text;
  WriteText(text);
  return Json::parse(text.str());
}

}  // namespace berth::aws
