// Where and as whom the AWS wire client calls, found the way the AWS CLI and SDKs find it:
//   region       AWS_REGION, AWS_DEFAULT_REGION, the profile's `region` (~/.aws/config)
//   credentials  AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN), else the
//                profile's keys in ~/.aws/credentials (AWS_SHARED_CREDENTIALS_FILE) or
//                ~/.aws/config (AWS_CONFIG_FILE); the profile is AWS_PROFILE, else "default"
//   endpoint     AWS_ENDPOINT_URL_<SERVICE ID> (AWS_ENDPOINT_URL_ECS,
//                AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2...), AWS_ENDPOINT_URL, the profile's
//                `endpoint_url`, else https://PREFIX.REGION.amazonaws.com
//   retries      AWS_MAX_ATTEMPTS (default 3, the SDKs' standard mode)
//   TLS          AWS_CA_BUNDLE, else the system's CA certificates
// What a stack's `backend "aws-api" { endpoint region }` block says comes first.
// Not read (yet): credential_process, SSO, assume-role profiles, instance and container roles.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>

#include "backends/aws_api/sigv4.h"

namespace berth::aws_api {

struct ClientConfig {
  std::string region;
  sigv4::Credentials credentials;
  std::string endpoint;                          // every service, when set
  std::map<std::string, std::string> endpoints;  // by the CLI's service name ("elbv2")
  std::string profile_endpoint;                  // the profile's endpoint_url
  int max_attempts = 3;
  // The backoff's scale: the n-th retry waits random(0, 1) * base * 2^(n-1) seconds, at most 20 s.
  // Tests shrink it (BERTH_AWS_RETRY_BASE_MS) so retried faults finish quickly.
  double retry_base_seconds = 1.0;
  std::string ca_bundle;
  std::string profile;  // the profile read, for messages
};

struct ConfigOverrides {
  std::string endpoint;         // the backend block's `endpoint`
  std::string region;           // the backend block's `region`
  std::string fallback_region;  // the stack's region, when nothing else names one
};

using Environment = std::function<std::optional<std::string>(const std::string&)>;
// The process environment (getenv; empty values count as unset, as the CLI treats them).
Environment ProcessEnvironment();

// nullopt with `error` when no credentials are found or a setting is malformed
// ("AWS_MAX_ATTEMPTS must be a positive number, not 'x'").
std::optional<ClientConfig> LoadClientConfig(const ConfigOverrides& overrides,
                                             const Environment& environment, std::string& error);

// One `[section]` of an INI file as ~/.aws/credentials and ~/.aws/config write them (`key =
// value`, `#` and `;` comments, indented sub-settings ignored); empty when the file or the
// section is missing.
std::map<std::string, std::string> ReadIniSection(const std::string& path,
                                                  const std::string& section);

}  // namespace berth::aws_api
