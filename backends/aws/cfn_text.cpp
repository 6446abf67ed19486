// A template's text, written into its file as it is made: the same bytes as the template's JSON
// tree dumped with an indent of 2, without building the tree (each resource's properties are
// text already, CfnResource::text) or the template's text as a string. A Ref or Fn::GetAtt of a
// resource that another template holds is written as the Fn::ImportValue of that template's
// export on the way (the splitter names the export: CfnReference::import).
#include <sstream>

#include "backends/aws/cfn_template.h"
#include "backends/aws/json_text.h"

namespace berth::aws {

namespace {

// The resource's text with each reference to another template's resource written as
// {"Fn::ImportValue": EXPORT}, pretty-printed where the reference was.
void WriteProperties(JsonTextWriter& writer, const CfnResource& resource,
                     const std::vector<std::string>& imports) {
  std::string_view text = resource.text;
  size_t at = 0;
  for (const CfnReference& reference : resource.references) {
    if (reference.import == CfnReference::kNone) continue;
    writer.Raw(text.substr(at, reference.begin - at));
    writer.Raw("{\n");
    writer.Spaces(reference.indent + 2u);
    writer.Raw("\"Fn::ImportValue\": ");
    writer.String(imports[reference.import]);
    writer.Raw("\n");
    writer.Spaces(reference.indent);
    writer.Raw("}");
    at = reference.end;
  }
  writer.Raw(text.substr(at));
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
  std::span<const CfnResource> list = resource_list();
  if (list.empty()) {
    writer.Raw("{}");
  } else {
    // Each resource's constant parts as one piece each (9,000 resources at 1,000 services).
    for (size_t i = 0; i < list.size(); ++i) {
      const CfnResource& resource = list[i];
      writer.Raw(i > 0 ? ",\n    " : "{\n    ");
      writer.String(resource.logical_id);
      writer.Raw(": {\n      \"Type\": ");
      writer.String(resource.type);
      if (!resource.depends_on.empty()) {
        writer.Raw(",\n      \"DependsOn\": [");
        for (size_t d = 0; d < resource.depends_on.size(); ++d) {
          writer.Raw(d > 0 ? ",\n        " : "\n        ");
          writer.String(resource.depends_on[d]);
        }
        writer.Raw("\n      ]");
      }
      writer.Raw(",\n      \"Properties\": ");
      WriteProperties(writer, resource, imports);
      writer.Raw("\n    }");
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
