#include "tests/e2e/aws_api/moto_env.h"

#include <httplib.h>
#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace berth::e2e {

namespace {

std::string Fixture() { return std::string(BERTH_SOURCE_DIR) + "/tests/moto/moto_fixture.sh"; }

}  // namespace

Moto& Moto::Get() {
  static Moto moto;
  return moto;
}

Moto::Moto() {
  std::string pattern = (std::filesystem::temp_directory_path() / "berth-aws-api-XXXXXX").string();
  std::string dir = mkdtemp(pattern.data());
  envfile_ = dir + "/moto.env";
  // The AWS managed policies stacks attach (AmazonECSTaskExecutionRolePolicy...) exist in moto
  // only when it loads them.
  setenv("MOTO_IAM_LOAD_MANAGED_POLICIES", "true", 1);
  int status = std::system((Fixture() + " start " + envfile_).c_str());
  std::ifstream in(envfile_);
  std::string line;
  while (std::getline(in, line)) {
    size_t eq = line.find('=');
    if (eq == std::string::npos) continue;
    std::string key = line.substr(0, eq);
    std::string value = line.substr(eq + 1);
    if (key == "SKIP") skip_ = value;
    if (key.rfind("AWS_", 0) == 0) env_[key] = value;
    if (key == "AWS_ENDPOINT_URL") url_ = value;
  }
  if (status != 0 && skip_.empty()) skip_ = "moto_fixture.sh start failed";
  env_["AWS_DEFAULT_REGION"] = "us-east-1";
}

Moto::~Moto() {
  std::system((Fixture() + " stop " + envfile_ + " 2>/dev/null").c_str());
  std::filesystem::remove_all(std::filesystem::path(envfile_).parent_path());
}

void Moto::Reset() const {
  if (url_.empty()) return;
  httplib::Client client(url_);
  client.Post("/moto-api/reset", "", "application/json");
}

}  // namespace berth::e2e
