#include <cctype>
#include <map>
#include <mutex>

#include "backends/aws_api/service_models.h"

namespace berth::aws_api {

namespace {

std::string Text(const nlohmann::json& object, const char* key) {
  auto found = object.find(key);
  return found != object.end() && found->is_string() ? found->get<std::string>() : "";
}

const std::map<std::string, ServiceModel, std::less<>>& Models() {
  static const std::map<std::string, ServiceModel, std::less<>> models = [] {
    std::string text;
    for (const char* const* chunk = kServiceModelChunks; *chunk; ++chunk) text += *chunk;
    nlohmann::json document = nlohmann::json::parse(text);
    std::map<std::string, ServiceModel, std::less<>> out;
    for (auto& [name, service] : document.items()) {
      ServiceModel& model = out[name];
      model.cli_name = name;
      std::string protocol = Text(service, "protocol");
      model.protocol = protocol == "query" ? Protocol::kQuery
                       : protocol == "ec2" ? Protocol::kEc2
                                           : Protocol::kJson;
      model.api_version = Text(service, "apiVersion");
      model.endpoint_prefix = Text(service, "endpointPrefix");
      model.signing_name = Text(service, "signingName");
      model.service_id = Text(service, "serviceId");
      model.global_endpoint = Text(service, "globalEndpoint");
      model.json_version = Text(service, "jsonVersion");
      model.target_prefix = Text(service, "targetPrefix");
      model.operations = std::move(service["operations"]);
      if (service.contains("shapes")) model.shapes = std::move(service["shapes"]);
    }
    return out;
  }();
  return models;
}

}  // namespace

std::optional<OperationModel> ServiceModel::Operation(std::string_view name) const {
  const nlohmann::json* found = nullptr;
  auto by_cli = operations.find(std::string(name));
  if (by_cli != operations.end()) {
    found = &*by_cli;
  } else {
    for (const auto& operation : operations) {
      if (Text(operation, "name") == name) {
        found = &operation;
        break;
      }
    }
  }
  if (!found) return std::nullopt;
  return OperationModel{Text(*found, "name"), Text(*found, "input"), Text(*found, "output"),
                        Text(*found, "resultWrapper")};
}

const ServiceModel* FindService(std::string_view cli_name) {
  const auto& models = Models();
  auto found = models.find(cli_name);
  return found == models.end() ? nullptr : &found->second;
}

std::string EndpointVariableSuffix(std::string_view service_id) {
  std::string out;
  for (char c : service_id) {
    out += (c == ' ' || c == '-') ? '_'
                                  : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

}  // namespace berth::aws_api
