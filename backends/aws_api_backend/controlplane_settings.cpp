#include "backends/aws_api_backend/controlplane_settings.h"

#include <filesystem>
#include <fstream>
#include <map>

#include "backends/aws_api/credentials_file.h"

namespace berth::aws_api_backend {

std::string ControlPlaneDataDir(const Value& backend_block, const std::string& stack_dir,
                                const aws_api::Environment& environment) {
  const Value* data = backend_block.is(ValueKind::kMap) ? backend_block.Get("data") : nullptr;
  if (data && data->is(ValueKind::kString) && !data->str().empty()) {
    std::filesystem::path path(data->str());
    return path.is_absolute() ? path.string() : (std::filesystem::path(stack_dir) / path).string();
  }
  return environment("BERTH_CONTROLPLANE_DATA").value_or("");
}

bool ControlPlaneSettings(const std::string& data_dir, Settings& settings, std::string& error) {
  if (data_dir.empty()) {
    error =
        "backend controlplane needs the data directory of `berth serve`: set data = \"DIR\" in "
        "the stack's backend \"controlplane\" block, or BERTH_CONTROLPLANE_DATA=DIR";
    return false;
  }
  std::string endpoint;
  std::ifstream(data_dir + "/endpoint") >> endpoint;
  if (endpoint.empty()) {
    error = data_dir + "/endpoint is missing: is `berth serve --data " + data_dir +
            "` running? It writes the address it listens on there";
    return false;
  }
  aws_api::sigv4::Credentials credentials;
  switch (aws_api::ReadCredentialsFile(data_dir + "/credentials", credentials, error)) {
    case aws_api::CredentialsFileRead::kRead:
      break;
    case aws_api::CredentialsFileRead::kMissing:
      error = data_dir + "/credentials is missing: `berth serve --data " + data_dir +
              "` makes it on first start";
      return false;
    case aws_api::CredentialsFileRead::kMalformed:
      return false;
  }
  // The stack's region, else the one the server names its ARNs with (`berth serve --region`,
  // written beside the endpoint), so that an import from it declares that region.
  std::string region = settings.stack.region;
  if (region.empty()) std::ifstream(data_dir + "/region") >> region;
  if (region.empty()) region = "us-east-1";
  std::map<std::string, std::string> values = {
      {"AWS_ENDPOINT_URL", endpoint},
      {"AWS_ACCESS_KEY_ID", credentials.access_key_id},
      {"AWS_SECRET_ACCESS_KEY", credentials.secret_access_key},
      {"AWS_REGION", region},
      // Not ~/.aws: nothing of the machine's AWS configuration applies.
      {"AWS_CONFIG_FILE", "/dev/null"},
      {"AWS_SHARED_CREDENTIALS_FILE", "/dev/null"},
  };
  settings.environment = [values](const std::string& name) -> std::optional<std::string> {
    auto it = values.find(name);
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
  settings.check_caller = false;
  settings.name = "controlplane";
  return true;
}

}  // namespace berth::aws_api_backend
