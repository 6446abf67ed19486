#include "controlplane/api/query_wire.h"

#include <pugixml.hpp>

#include <cctype>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <map>
#include <sstream>

#include "backends/aws_api/shape_ref.h"

namespace berth::controlplane::api {

using nlohmann::json;  // declared here too: alone in a unity batch, nothing else brings it in

// Named (and anonymous within): the build compiles several files as one unit.
namespace query_wire_impl {
namespace {

using aws_api::ModelFlag;
using aws_api::ModelString;
using aws_api::Protocol;
using aws_api::ShapeRef;
using nlohmann::json;

// The request side: field names exactly as query_serializer.cpp writes them, read back.
class Decoder {
 public:
  Decoder(const aws_api::ServiceModel& service, const aws_api::FormFields& fields)
      : service_(service), ec2_(service.protocol == Protocol::kEc2) {
    for (const auto& [name, value] : fields) fields_[name] = value;
  }

  bool PresentUnder(const std::string& prefix) const {
    std::string dotted = prefix + ".";
    auto found = fields_.lower_bound(dotted);
    return found != fields_.end() && found->first.compare(0, dotted.size(), dotted) == 0;
  }

  std::string SerializedName(const ShapeRef& ref, const std::string& fallback) const {
    return aws_api::SerializedName(ref, fallback, ec2_);
  }

  // nullopt-like: a discarded json when nothing of the member was sent.
  json Decode(const ShapeRef& ref, const std::string& prefix) const {
    const json& shape = *ref.shape;
    std::string type = ModelString(shape, "type");
    if (type == "structure") {
      json out = json::object();
      for (const auto& [name, member] : shape.at("members").items()) {
        ShapeRef member_ref = aws_api::ResolveRef(service_, member);
        std::string key = SerializedName(member_ref, name);
        std::string child = prefix.empty() ? key : prefix + "." + key;
        json value = Decode(member_ref, child);
        if (!value.is_discarded()) out[name] = std::move(value);
      }
      if (out.empty() && !prefix.empty() && !PresentUnder(prefix))
        return json(json::value_t::discarded);
      return out;
    }
    if (type == "list") {
      ShapeRef member = aws_api::ResolveRef(service_, shape.at("member"));
      std::string list_prefix = aws_api::ListItemsPrefix(ref, member, prefix, ec2_);
      json out = json::array();
      for (int i = 1;; ++i) {
        std::string item = list_prefix + "." + std::to_string(i);
        auto exact = fields_.find(item);
        if (exact == fields_.end() && !PresentUnder(item)) break;
        json value = Decode(member, item);
        out.push_back(value.is_discarded() ? json::object() : value);
      }
      // The query protocol sends an empty list as the bare name with an empty value.
      if (out.empty() && fields_.find(prefix) == fields_.end())
        return json(json::value_t::discarded);
      return out;
    }
    if (type == "map") {
      std::string full_prefix = ref.flattened ? prefix : prefix + ".entry";
      ShapeRef key_ref = aws_api::ResolveRef(service_, shape.at("key"));
      ShapeRef value_ref = aws_api::ResolveRef(service_, shape.at("value"));
      std::string key_suffix = SerializedName(key_ref, "key");
      std::string value_suffix = SerializedName(value_ref, "value");
      json out = json::object();
      for (int i = 1;; ++i) {
        std::string entry = full_prefix + "." + std::to_string(i) + ".";
        auto key = fields_.find(entry + key_suffix);
        if (key == fields_.end()) break;
        json value = Decode(value_ref, entry + value_suffix);
        out[key->second] = value.is_discarded() ? json("") : value;
      }
      if (out.empty()) return json(json::value_t::discarded);
      return out;
    }
    auto found = fields_.find(prefix);
    if (found == fields_.end()) return json(json::value_t::discarded);
    const std::string& text = found->second;
    if (type == "boolean") return text == "true";
    if (type == "integer" || type == "long") {
      char* end = nullptr;
      long long n = std::strtoll(text.c_str(), &end, 10);
      if (text.empty() || *end) return text;  // the handler's type check answers it
      return n;
    }
    if (type == "float" || type == "double") {
      char* end = nullptr;
      double d = std::strtod(text.c_str(), &end);
      if (text.empty() || *end) return text;
      return d;
    }
    return text;
  }

 private:
  const aws_api::ServiceModel& service_;
  bool ec2_;
  std::map<std::string, std::string> fields_;
};

// The response side: elements exactly as xml_response.cpp (botocore's parsers) reads them.
class Encoder {
 public:
  explicit Encoder(const aws_api::ServiceModel& service) : service_(service) {}

  // Writes the members of structure `shape` from `value` under `node`.
  void Members(pugi::xml_node node, const json& shape, const json& value) const {
    if (!value.is_object()) return;
    for (const auto& [name, member] : shape.at("members").items()) {
      auto found = value.find(name);
      if (found == value.end() || found->is_null()) continue;
      ShapeRef ref = aws_api::ResolveRef(service_, member);
      Write(node, ref, ElementName(ref, name), *found);
    }
  }

 private:
  // botocore's _member_key_name.
  std::string ElementName(const ShapeRef& ref, const std::string& member_name) const {
    if (ref.flattened && ModelString(*ref.shape, "type") == "list") {
      ShapeRef item = aws_api::ResolveRef(service_, ref.shape->at("member"));
      if (!item.location_name.empty()) return item.location_name;
    }
    return ref.location_name.empty() ? member_name : ref.location_name;
  }

  void Write(pugi::xml_node parent, const ShapeRef& ref, const std::string& name,
             const json& value) const {
    const json& shape = *ref.shape;
    std::string type = ModelString(shape, "type");
    if (type == "structure") {
      Members(parent.append_child(name.c_str()), shape, value);
    } else if (type == "list") {
      if (!value.is_array()) return;
      ShapeRef item = aws_api::ResolveRef(service_, shape.at("member"));
      if (ref.flattened) {
        for (const json& element : value) Write(parent, item, name, element);
      } else {
        pugi::xml_node list = parent.append_child(name.c_str());
        std::string item_name = item.location_name.empty() ? "member" : item.location_name;
        for (const json& element : value) Write(list, item, item_name, element);
      }
    } else if (type == "map") {
      if (!value.is_object()) return;
      ShapeRef key_ref = aws_api::ResolveRef(service_, shape.at("key"));
      ShapeRef value_ref = aws_api::ResolveRef(service_, shape.at("value"));
      std::string key_name = key_ref.location_name.empty() ? "key" : key_ref.location_name;
      std::string value_name = value_ref.location_name.empty() ? "value" : value_ref.location_name;
      pugi::xml_node holder = ref.flattened ? parent : parent.append_child(name.c_str());
      for (const auto& [key, item] : value.items()) {
        pugi::xml_node entry = holder.append_child(ref.flattened ? name.c_str() : "entry");
        entry.append_child(key_name.c_str()).text().set(key.c_str());
        Write(entry, value_ref, value_name, item);
      }
    } else {
      parent.append_child(name.c_str()).text().set(Scalar(value, type).c_str());
    }
  }

  static std::string Scalar(const json& value, const std::string& type) {
    if (value.is_string()) return value.get<std::string>();
    if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
    if (type == "timestamp" && value.is_number()) return IsoTimestamp(value.get<double>());
    if (value.is_number_float() && (type == "integer" || type == "long"))
      return std::to_string(static_cast<long long>(value.get<double>()));
    return value.dump();
  }

  const aws_api::ServiceModel& service_;
};

std::string Namespace(const aws_api::ServiceModel& service) {
  const char* scheme = service.protocol == Protocol::kEc2 ? "http://" : "https://";
  return scheme + service.endpoint_prefix + ".amazonaws.com/doc/" + service.api_version + "/";
}

std::string Text(const pugi::xml_document& document) {
  std::ostringstream out;
  document.save(out, "", pugi::format_raw);
  return out.str();
}

}  // namespace
}  // namespace query_wire_impl

std::string IsoTimestamp(double epoch_seconds) {
  using namespace query_wire_impl;
  std::time_t whole = static_cast<std::time_t>(std::floor(epoch_seconds));
  int millis = static_cast<int>((epoch_seconds - static_cast<double>(whole)) * 1000);
  std::tm utc{};
  gmtime_r(&whole, &utc);
  char text[40];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, millis);
  return text;
}

json DecodeQueryInput(const aws_api::ServiceModel& service,
                      const aws_api::OperationModel& operation, const aws_api::FormFields& fields) {
  using namespace query_wire_impl;
  if (operation.input.empty()) return json::object();
  Decoder decoder(service, fields);
  json out = decoder.Decode(aws_api::ResolveRef(service, json{{"shape", operation.input}}), "");
  return out.is_discarded() ? json::object() : out;
}

std::string EncodeQueryOutput(const aws_api::ServiceModel& service,
                              const aws_api::OperationModel& operation, const json& output,
                              const std::string& request_id) {
  using namespace query_wire_impl;
  pugi::xml_document document;
  pugi::xml_node root = document.append_child((operation.name + "Response").c_str());
  root.append_attribute("xmlns").set_value(Namespace(service).c_str());
  Encoder encoder(service);
  if (service.protocol == Protocol::kEc2) {
    root.append_child("requestId").text().set(request_id.c_str());
    if (!operation.output.empty()) encoder.Members(root, service.Shape(operation.output), output);
  } else {
    if (!operation.output.empty()) {
      std::string wrapper =
          operation.result_wrapper.empty() ? operation.name + "Result" : operation.result_wrapper;
      encoder.Members(root.append_child(wrapper.c_str()), service.Shape(operation.output), output);
    }
    root.append_child("ResponseMetadata").append_child("RequestId").text().set(request_id.c_str());
  }
  return Text(document);
}

std::string EncodeQueryError(aws_api::Protocol protocol, const std::string& code,
                             const std::string& message, const std::string& request_id,
                             bool server_fault) {
  using namespace query_wire_impl;
  pugi::xml_document document;
  if (protocol == Protocol::kEc2) {
    pugi::xml_node root = document.append_child("Response");
    pugi::xml_node error = root.append_child("Errors").append_child("Error");
    error.append_child("Code").text().set(code.c_str());
    error.append_child("Message").text().set(message.c_str());
    root.append_child("RequestID").text().set(request_id.c_str());
  } else {
    pugi::xml_node root = document.append_child("ErrorResponse");
    pugi::xml_node error = root.append_child("Error");
    error.append_child("Type").text().set(server_fault ? "Receiver" : "Sender");
    error.append_child("Code").text().set(code.c_str());
    error.append_child("Message").text().set(message.c_str());
    root.append_child("RequestId").text().set(request_id.c_str());
  }
  return Text(document);
}

}  // namespace berth::controlplane::api
