#include "backends/aws_api/client_config.h"

#include <cstdlib>
#include <fstream>

#include "backends/aws_api/service_models.h"
#include "backends/aws_api/url.h"

namespace berth::aws_api {

namespace {

std::string Trim(const std::string& text) {
  size_t begin = text.find_first_not_of(" \t\r");
  if (begin == std::string::npos) return "";
  size_t end = text.find_last_not_of(" \t\r");
  return text.substr(begin, end - begin + 1);
}

std::string HomePath(const Environment& env, const char* variable, const char* relative) {
  if (auto path = env(variable)) return *path;
  std::string home = env("HOME").value_or("");
  return home + "/" + relative;
}

}  // namespace

Environment ProcessEnvironment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (!value || !*value) return std::nullopt;
    return std::string(value);
  };
}

std::map<std::string, std::string> ReadIniSection(const std::string& path,
                                                  const std::string& section) {
  std::map<std::string, std::string> out;
  std::ifstream in(path);
  std::string line;
  bool inside = false;
  while (std::getline(in, line)) {
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) continue;  // a sub-setting
    std::string text = Trim(line);
    if (text.empty() || text[0] == '#' || text[0] == ';') continue;
    if (text.front() == '[' && text.back() == ']') {
      inside = Trim(text.substr(1, text.size() - 2)) == section;
      continue;
    }
    size_t equals = text.find('=');
    if (!inside || equals == std::string::npos) continue;
    std::string value = Trim(text.substr(equals + 1));
    if (!value.empty()) out[Trim(text.substr(0, equals))] = value;
  }
  return out;
}

std::optional<ClientConfig> LoadClientConfig(const ConfigOverrides& overrides,
                                             const Environment& env, std::string& error) {
  ClientConfig config;
  config.profile = env("AWS_PROFILE").value_or(env("AWS_DEFAULT_PROFILE").value_or("default"));
  std::string credentials_file = HomePath(env, "AWS_SHARED_CREDENTIALS_FILE", ".aws/credentials");
  std::string config_file = HomePath(env, "AWS_CONFIG_FILE", ".aws/config");
  std::map<std::string, std::string> profile_credentials =
      ReadIniSection(credentials_file, config.profile);
  std::map<std::string, std::string> profile_config = ReadIniSection(
      config_file, config.profile == "default" ? "default" : "profile " + config.profile);
  auto setting = [&](const char* key) {
    auto found = profile_config.find(key);
    return found == profile_config.end() ? std::string() : found->second;
  };

  config.region = overrides.region;
  if (config.region.empty()) config.region = env("AWS_REGION").value_or("");
  if (config.region.empty()) config.region = env("AWS_DEFAULT_REGION").value_or("");
  if (config.region.empty()) config.region = setting("region");
  if (config.region.empty()) config.region = overrides.fallback_region;
  if (config.region.empty()) {
    error = "no AWS region: set AWS_REGION, the profile's region, or the stack's region";
    return std::nullopt;
  }

  auto key_id = env("AWS_ACCESS_KEY_ID");
  auto secret = env("AWS_SECRET_ACCESS_KEY");
  if (key_id && secret) {
    config.credentials = {*key_id, *secret, env("AWS_SESSION_TOKEN").value_or("")};
  } else {
    for (const auto* source : {&profile_credentials, &profile_config}) {
      auto id = source->find("aws_access_key_id");
      auto key = source->find("aws_secret_access_key");
      if (id == source->end() || key == source->end()) continue;
      auto token = source->find("aws_session_token");
      config.credentials = {id->second, key->second, token == source->end() ? "" : token->second};
      break;
    }
  }
  if (config.credentials.access_key_id.empty()) {
    error =
        "no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE "
        "to a profile with keys in " +
        credentials_file + " (profile '" + config.profile + "')";
    return std::nullopt;
  }

  auto check_url = [&](const std::string& url, const std::string& where) {
    std::string why;
    if (url.empty() || Url::Parse(url, why)) return true;
    error = where + ": " + why;
    return false;
  };
  config.endpoint = overrides.endpoint;
  if (!check_url(config.endpoint, "the backend block's endpoint")) return std::nullopt;
  for (const char* service : {"ecs", "elbv2", "iam", "logs", "application-autoscaling", "events",
                              "servicediscovery", "ec2", "sts", "cloudwatch", "acm"}) {
    const ServiceModel* model = FindService(service);
    if (!model) continue;
    std::string variable = "AWS_ENDPOINT_URL_" + EndpointVariableSuffix(model->service_id);
    if (auto url = env(variable)) {
      if (!check_url(*url, variable)) return std::nullopt;
      config.endpoints[service] = *url;
    }
  }
  config.profile_endpoint = env("AWS_ENDPOINT_URL").value_or(setting("endpoint_url"));
  if (!check_url(config.profile_endpoint, "AWS_ENDPOINT_URL")) return std::nullopt;

  std::string attempts = env("AWS_MAX_ATTEMPTS").value_or(setting("max_attempts"));
  if (!attempts.empty()) {
    char* end = nullptr;
    long value = std::strtol(attempts.c_str(), &end, 10);
    if (*end != '\0' || value < 1) {
      error = "AWS_MAX_ATTEMPTS must be a positive number, not '" + attempts + "'";
      return std::nullopt;
    }
    config.max_attempts = static_cast<int>(value);
  }
  if (auto base = env("BERTH_AWS_RETRY_BASE_MS"))
    config.retry_base_seconds = std::strtod(base->c_str(), nullptr) / 1000.0;
  config.ca_bundle = env("AWS_CA_BUNDLE").value_or(setting("ca_bundle"));
  return config;
}

}  // namespace berth::aws_api
