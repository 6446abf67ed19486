#include "backends/aws_api/credentials_file.h"

#include <fstream>

namespace berth::aws_api {

CredentialsFileRead ReadCredentialsFile(const std::string& path, sigv4::Credentials& credentials,
                                        std::string& error) {
  std::ifstream in(path);
  if (!in) return CredentialsFileRead::kMissing;
  std::string line;
  while (std::getline(in, line)) {
    auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    std::string key = line.substr(0, eq), value = line.substr(eq + 1);
    if (key == "AWS_ACCESS_KEY_ID") credentials.access_key_id = value;
    if (key == "AWS_SECRET_ACCESS_KEY") credentials.secret_access_key = value;
  }
  if (credentials.access_key_id.empty() || credentials.secret_access_key.empty()) {
    error = path + ": expected AWS_ACCESS_KEY_ID=... and AWS_SECRET_ACCESS_KEY=... lines";
    return CredentialsFileRead::kMalformed;
  }
  return CredentialsFileRead::kRead;
}

std::string CredentialsFileText(const sigv4::Credentials& credentials) {
  return "AWS_ACCESS_KEY_ID=" + credentials.access_key_id +
         "\nAWS_SECRET_ACCESS_KEY=" + credentials.secret_access_key + "\n";
}

}  // namespace berth::aws_api
