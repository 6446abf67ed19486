#include "backends/aws_api/xml_response.h"

#include <pugixml.hpp>

#include <cstdlib>
#include <map>
#include <vector>

#include "backends/aws_api/shape_ref.h"

namespace berth::aws_api {

namespace {

using nlohmann::json;
using nlohmann::ordered_json;

// An element's name without a namespace prefix.
std::string_view Tag(const pugi::xml_node& node) {
  std::string_view name = node.name();
  size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

// botocore's _build_name_to_xml_node: the child elements by name; repeated names keep every
// element (a flattened list).
std::map<std::string, std::vector<pugi::xml_node>, std::less<>> Children(
    const pugi::xml_node& node) {
  std::map<std::string, std::vector<pugi::xml_node>, std::less<>> out;
  for (pugi::xml_node child : node.children()) {
    if (child.type() == pugi::node_element) out[std::string(Tag(child))].push_back(child);
  }
  return out;
}

class Parser {
 public:
  explicit Parser(const ServiceModel& service) : service_(service) {}

  ShapeRef Resolve(const json& ref) const { return ResolveRef(service_, ref); }

  // `nodes`: one element, or several when a flattened list repeats its name.
  ordered_json Parse(const ShapeRef& ref, const std::vector<pugi::xml_node>& nodes) {
    const json& shape = *ref.shape;
    std::string type = ModelString(shape, "type");
    const pugi::xml_node& node = nodes.front();
    if (type == "structure") {
      ordered_json out = ordered_json::object();
      auto children = Children(node);
      for (const auto& [name, member] : shape.at("members").items()) {
        ShapeRef member_ref = Resolve(member);
        auto found = children.find(MemberKey(member_ref, name));
        if (found != children.end()) out[name] = Parse(member_ref, found->second);
      }
      return out;
    }
    if (type == "list") {
      ShapeRef member = Resolve(shape.at("member"));
      ordered_json out = ordered_json::array();
      if (ref.flattened) {
        for (const pugi::xml_node& item : nodes) out.push_back(Parse(member, {item}));
      } else {
        for (pugi::xml_node item : node.children()) {
          if (item.type() == pugi::node_element) out.push_back(Parse(member, {item}));
        }
      }
      return out;
    }
    if (type == "map") {
      ShapeRef key_ref = Resolve(shape.at("key"));
      ShapeRef value_ref = Resolve(shape.at("value"));
      std::string key_name = key_ref.location_name.empty() ? "key" : key_ref.location_name;
      std::string value_name = value_ref.location_name.empty() ? "value" : value_ref.location_name;
      std::vector<pugi::xml_node> entries;
      if (ref.flattened) {
        entries = nodes;
      } else {
        for (pugi::xml_node entry : node.children())
          if (entry.type() == pugi::node_element) entries.push_back(entry);
      }
      ordered_json out = ordered_json::object();
      for (const pugi::xml_node& entry : entries) {
        std::string key;
        ordered_json value;
        for (pugi::xml_node pair : entry.children()) {
          if (Tag(pair) == key_name) key = pair.text().get();
          if (Tag(pair) == value_name) value = Parse(value_ref, {pair});
        }
        out[key] = std::move(value);
      }
      return out;
    }
    std::string text = node.text().get();
    if (type == "boolean") return text == "true";
    if (type == "integer" || type == "long") return std::strtoll(text.c_str(), nullptr, 10);
    if (type == "float" || type == "double") return std::strtod(text.c_str(), nullptr);
    return text;  // string, timestamp (as AWS wrote it), blob (base64)
  }

 private:
  // botocore's _member_key_name: a flattened list is named by its member's locationName.
  std::string MemberKey(const ShapeRef& ref, const std::string& member_name) const {
    if (ref.flattened && ModelString(*ref.shape, "type") == "list") {
      ShapeRef member = Resolve(ref.shape->at("member"));
      if (!member.location_name.empty()) return member.location_name;
    }
    return ref.location_name.empty() ? member_name : ref.location_name;
  }

  const ServiceModel& service_;
};

// The first descendant element named `name` (any namespace).
pugi::xml_node Descendant(const pugi::xml_node& from, std::string_view name) {
  for (pugi::xml_node child : from.children()) {
    if (child.type() != pugi::node_element) continue;
    if (Tag(child) == name) return child;
    if (pugi::xml_node found = Descendant(child, name)) return found;
  }
  return {};
}

std::string ChildText(const pugi::xml_node& node, std::string_view name) {
  for (pugi::xml_node child : node.children())
    if (Tag(child) == name) return child.text().get();
  return "";
}

}  // namespace

std::optional<ordered_json> ParseXmlResponse(const ServiceModel& service,
                                             const OperationModel& operation, std::string_view body,
                                             std::string& error) {
  pugi::xml_document document;
  pugi::xml_parse_result parsed = document.load_buffer(body.data(), body.size());
  if (!parsed) {
    error = std::string("the response is not XML: ") + parsed.description();
    return std::nullopt;
  }
  pugi::xml_node root = document.document_element();
  ordered_json out = ordered_json::object();
  if (!operation.output.empty()) {
    pugi::xml_node start = root;
    if (!operation.result_wrapper.empty()) start = Descendant(root, operation.result_wrapper);
    if (start) {
      Parser parser(service);
      out = parser.Parse(parser.Resolve(json{{"shape", operation.output}}), {start});
    }
  }
  // botocore: ResponseMetadata.RequestId (query: <ResponseMetadata><RequestId>; ec2: requestId).
  std::string request_id;
  if (pugi::xml_node metadata = Descendant(root, "ResponseMetadata"))
    request_id = ChildText(metadata, "RequestId");
  if (request_id.empty()) request_id = ChildText(root, "requestId");
  if (!request_id.empty()) out["ResponseMetadata"] = {{"RequestId", request_id}};
  return out;
}

std::optional<XmlError> ParseXmlError(std::string_view body) {
  pugi::xml_document document;
  if (!document.load_buffer(body.data(), body.size())) return std::nullopt;
  pugi::xml_node root = document.document_element();
  pugi::xml_node error = Tag(root) == "Error" ? root : Descendant(root, "Error");
  if (!error) return std::nullopt;
  XmlError out{ChildText(error, "Code"), ChildText(error, "Message"), ChildText(root, "RequestId")};
  if (out.request_id.empty()) out.request_id = ChildText(root, "RequestID");
  if (out.code.empty()) return std::nullopt;
  return out;
}

}  // namespace berth::aws_api
