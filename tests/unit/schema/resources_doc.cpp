#include "tests/unit/schema/resources_doc.h"

#include <fmt/format.h>

namespace berth::testing {

namespace {

std::string Cell(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '|')
      out += "\\|";
    else
      out += c;
  }
  return out;
}

std::string Code(std::string_view text) { return "`" + Cell(text) + "`"; }

std::string TypeCell(const schema::Type& type) { return Cell(type.Describe()); }

std::string DefaultCell(const schema::AttributeSpec& a) {
  if (a.default_is_label) return "the label";
  // Enums are written as bare words in berth, whatever the IR stores.
  if (a.default_value && a.type->kind == schema::TypeKind::kEnum &&
      a.default_value->is(ValueKind::kString)) {
    return Code(a.default_value->str());
  }
  if (a.default_value) return Code(a.default_value->ToSource());
  return "";
}

std::string Notes(const schema::AttributeSpec& a) {
  std::string notes(a.doc);
  if (a.owned_by == schema::Owner::kAutoscaling)
    notes += " Owned by autoscaling under an autoscaling block: set on create, never reset.";
  if (a.owned_by == schema::Owner::kPipeline) notes += " Owned by the deploy pipeline.";
  if (a.sensitive) notes += " Sensitive: masked in every output.";
  return Cell(notes);
}

void RenderTable(const schema::BlockSpec& block, std::string& out) {
  if (block.attributes.empty()) return;
  out += "| attribute | type | default | required | replaces | notes |\n";
  out += "|---|---|---|---|---|---|\n";
  for (const schema::AttributeSpec& a : block.attributes) {
    out += fmt::format("| {} | {} | {} | {} | {} | {} |\n", Code(a.name), TypeCell(*a.type),
                       DefaultCell(a), a.required ? "yes" : "", a.forces_replacement ? "yes" : "",
                       Notes(a));
  }
  out += "\n";
}

std::string Shape(const schema::BlockSpec& block) {
  std::vector<std::string> parts;
  if (block.labeled) parts.push_back("labeled");
  if (block.repeated) parts.push_back("repeated");
  if (block.required) parts.push_back("required");
  if (!block.ir_key.empty() && block.ir_key != block.name) {
    parts.push_back("IR key `" + std::string(block.ir_key) + "`");
  }
  return parts.empty() ? "" : " (" + fmt::format("{}", fmt::join(parts, ", ")) + ")";
}

void RenderNested(const schema::BlockSpec& block, const std::string& path, std::string& out) {
  for (const schema::BlockSpec* nested : block.blocks) {
    std::string nested_path = path + " > " + std::string(nested->name);
    out += fmt::format("#### `{}`{}\n\n{}\n\n", nested_path, Shape(*nested), nested->doc);
    RenderTable(*nested, out);
    RenderNested(*nested, nested_path, out);
  }
}

}  // namespace

std::string RenderResourceReference(const schema::BlockSpec& kind) {
  std::string out;
  RenderTable(kind, out);
  if (!kind.computed.empty()) {
    std::vector<std::string> names;
    for (std::string_view c : kind.computed) names.push_back("`" + std::string(c) + "`");
    out += "Known after apply: " + fmt::format("{}", fmt::join(names, ", ")) + ".\n\n";
  }
  RenderNested(kind, std::string(kind.name), out);
  return out;
}

std::string RefreshGeneratedSections(const std::string& page) {
  std::string out = page;
  for (const schema::BlockSpec* kind : schema::AllResources()) {
    std::string begin = fmt::format("<!-- BEGIN GENERATED {} -->\n", kind->name);
    std::string end = fmt::format("<!-- END GENERATED {} -->", kind->name);
    size_t b = out.find(begin);
    size_t e = out.find(end);
    if (b == std::string::npos || e == std::string::npos || e < b) continue;
    b += begin.size();
    out.replace(b, e - b, RenderResourceReference(*kind));
  }
  return out;
}

}  // namespace berth::testing
