#include "backends/aws_api/query_serializer.h"

#include "backends/aws_api/shape_ref.h"

#include <string_view>

namespace berth::aws_api {

namespace {

using nlohmann::json;
using nlohmann::ordered_json;

const json* Find(const json& object, const char* key) {
  auto found = object.find(key);
  return found == object.end() ? nullptr : &*found;
}

class Serializer {
 public:
  Serializer(const ServiceModel& service, FormFields& out)
      : service_(service), ec2_(service.protocol == Protocol::kEc2), out_(out) {}

  ShapeRef Resolve(const json& ref) const { return ResolveRef(service_, ref); }

  std::string SerializedName(const ShapeRef& ref, const std::string& fallback) const {
    return aws_api::SerializedName(ref, fallback, ec2_);
  }

  void Serialize(const ordered_json& value, const ShapeRef& ref, const std::string& prefix,
                 const std::string& path) {
    const json& shape = *ref.shape;
    std::string type = ModelString(shape, "type");
    if (type == "structure") {
      if (!value.is_object()) throw SerializeError("expected an object for " + path);
      const json& members = shape.at("members");
      for (const auto& [key, member_value] : value.items()) {
        const json* member = Find(members, key.c_str());
        if (!member) throw SerializeError("Unknown parameter " + Join(path, key));
        ShapeRef member_ref = Resolve(*member);
        std::string name = SerializedName(member_ref, key);
        Serialize(member_value, member_ref, prefix.empty() ? name : prefix + "." + name,
                  Join(path, key));
      }
    } else if (type == "list") {
      if (!value.is_array()) throw SerializeError("expected a list for " + path);
      ShapeRef member = Resolve(shape.at("member"));
      if (ec2_) {
        for (size_t i = 0; i < value.size(); ++i)
          Serialize(value[i], member, prefix + "." + std::to_string(i + 1), Indexed(path, i));
        return;
      }
      if (value.empty()) {  // the query protocol sends an empty list as an empty field
        out_.emplace_back(prefix, "");
        return;
      }
      std::string list_prefix = ListItemsPrefix(ref, member, prefix, false);
      for (size_t i = 0; i < value.size(); ++i)
        Serialize(value[i], member, list_prefix + "." + std::to_string(i + 1), Indexed(path, i));
    } else if (type == "map") {
      if (!value.is_object()) throw SerializeError("expected an object for " + path);
      std::string full_prefix = ref.flattened ? prefix : prefix + ".entry";
      ShapeRef key_ref = Resolve(shape.at("key"));
      ShapeRef value_ref = Resolve(shape.at("value"));
      std::string key_suffix = SerializedName(key_ref, "key");
      std::string value_suffix = SerializedName(value_ref, "value");
      size_t i = 0;
      for (const auto& [key, item] : value.items()) {
        std::string entry = full_prefix + "." + std::to_string(++i) + ".";
        Serialize(ordered_json(key), key_ref, entry + key_suffix, Join(path, key));
        Serialize(item, value_ref, entry + value_suffix, Join(path, key));
      }
    } else {
      out_.emplace_back(prefix, Scalar(value, type, path));
    }
  }

 private:
  static std::string Join(const std::string& path, const std::string& key) {
    return path.empty() ? key : path + "." + key;
  }
  static std::string Indexed(const std::string& path, size_t i) {
    return path + "[" + std::to_string(i) + "]";
  }
  static std::string Scalar(const ordered_json& value, const std::string& type,
                            const std::string& path) {
    if (value.is_string()) return value.get<std::string>();
    if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
    if (value.is_number_integer() || value.is_number_unsigned()) return value.dump();
    if (value.is_number_float()) {
      double d = value.get<double>();
      if (type == "integer" || type == "long") return std::to_string(static_cast<long long>(d));
      return value.dump();
    }
    throw SerializeError("expected a " + type + " for " + path + ", not " + value.type_name());
  }

  const ServiceModel& service_;
  bool ec2_;
  FormFields& out_;
};

}  // namespace

FormFields SerializeQuery(const ServiceModel& service, const OperationModel& operation,
                          const ordered_json& input) {
  FormFields out = {{"Action", operation.name}, {"Version", service.api_version}};
  if (operation.input.empty() || input.is_null()) return out;
  Serializer serializer(service, out);
  json ref = {{"shape", operation.input}};
  serializer.Serialize(input, serializer.Resolve(ref), "", "");
  return out;
}

}  // namespace berth::aws_api
