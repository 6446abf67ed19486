#include "backends/aws_api/shape_ref.h"

#include <cctype>

namespace berth::aws_api {

using nlohmann::json;

std::string ModelString(const json& object, const char* key) {
  auto found = object.find(key);
  return found != object.end() && found->is_string() ? found->get<std::string>() : "";
}

bool ModelFlag(const json& object, const char* key) {
  auto found = object.find(key);
  return found != object.end() && found->is_boolean() && found->get<bool>();
}

ShapeRef ResolveRef(const ServiceModel& service, const json& ref) {
  const json& shape = service.Shape(ref.at("shape").get<std::string>());
  // The reference's serialization keys win over the shape's, as botocore merges them.
  bool flattened =
      ref.contains("flattened") ? ModelFlag(ref, "flattened") : ModelFlag(shape, "flattened");
  ShapeRef r{&shape, ModelString(ref, "locationName"), ModelString(ref, "queryName"), flattened};
  if (r.location_name.empty()) r.location_name = ModelString(shape, "locationName");
  return r;
}

std::string SerializedName(const ShapeRef& ref, const std::string& fallback, bool ec2) {
  if (ec2) {
    if (!ref.query_name.empty()) return ref.query_name;
    if (!ref.location_name.empty()) {
      std::string name = ref.location_name;
      name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
      return name;
    }
    return fallback;
  }
  return ref.location_name.empty() ? fallback : ref.location_name;
}

std::string ListItemsPrefix(const ShapeRef& list, const ShapeRef& member, const std::string& prefix,
                            bool ec2) {
  if (ec2) return prefix;
  if (!list.flattened) {
    return prefix + "." + (member.location_name.empty() ? "member" : member.location_name);
  }
  if (member.location_name.empty()) return prefix;
  size_t dot = prefix.rfind('.');
  return (dot == std::string::npos ? "" : prefix.substr(0, dot + 1)) +
         SerializedName(member, "", false);
}

}  // namespace berth::aws_api
