#include "tests/e2e/aws_api/moto_env.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>

#include "tests/e2e/run_berth.h"

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
  Start();
  fresh_ = true;
}

void Moto::Start() {
  skip_.clear();
  url_.clear();
  env_.clear();
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

void Moto::Reset() {
  // A fresh server rather than moto's /moto-api/reset: after a reset, moto 5.2 with managed
  // policies loaded answers some calls (sts, acm) with HTTP 500.
  if (url_.empty()) return;
  if (fresh_) {  // nothing has called it yet
    fresh_ = false;
    return;
  }
  std::system((Fixture() + " stop " + envfile_ + " 2>/dev/null").c_str());
  Start();
}

std::vector<std::string> BerthEnv(const std::string& region) {
  std::vector<std::string> env;
  for (const auto& [key, value] : Moto::Get().Env()) {
    if (key != "AWS_DEFAULT_REGION") env.push_back(key + "=" + value);
  }
  env.push_back("AWS_DEFAULT_REGION=" + region);
  env.push_back("AWS_CONFIG_FILE=/nonexistent");
  env.push_back("AWS_SHARED_CREDENTIALS_FILE=/nonexistent");
  return env;
}

aws_api::Client MotoClient(const std::string& region) {
  aws_api::ClientConfig config;
  config.region = region;
  config.credentials = {Moto::Get().Env().at("AWS_ACCESS_KEY_ID"),
                        Moto::Get().Env().at("AWS_SECRET_ACCESS_KEY"), ""};
  config.endpoint = Moto::Get().Url();
  return aws_api::Client(config);
}

aws_api::Json Ok(const aws_api::Client& client, const char* service, const char* operation,
                 const aws_api::Json& input) {
  aws_api::CallResult result = client.Call(service, operation, input);
  EXPECT_TRUE(result.ok()) << result.error().ToString();
  return result.json();
}

// The example's ids made moto's: its VPC, subnets and ACM certificates.
void RewriteExampleIds(const std::string& dir, const aws_api::Client& aws) {
  aws_api::Json vpcs = Ok(aws, "ec2", "describe-vpcs",
                          {{"Filters", {{{"Name", "isDefault"}, {"Values", {"true"}}}}}});
  std::string vpc = vpcs["Vpcs"][0]["VpcId"];
  aws_api::Json subnets =
      Ok(aws, "ec2", "describe-subnets", {{"Filters", {{{"Name", "vpc-id"}, {"Values", {vpc}}}}}});
  ASSERT_GE(subnets["Subnets"].size(), 2u);
  std::string a = subnets["Subnets"][0]["SubnetId"], b = subnets["Subnets"][1]["SubnetId"];
  std::string certificate =
      Ok(aws, "acm", "request-certificate", {{"DomainName", "app.example.com"}})["CertificateArn"];
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".berth") continue;
    std::string text = ReadFile(entry.path().string());
    text = std::regex_replace(text, std::regex("vpc-0a1b2c3d4e5f60718"), vpc);
    text = std::regex_replace(text, std::regex("subnet-0a1b2c3d4e5f60[01]01"), a);
    text = std::regex_replace(text, std::regex("subnet-0a1b2c3d4e5f60[01]02"), b);
    text = std::regex_replace(
        text, std::regex("arn:aws:acm:[a-z0-9-]+:[0-9]+:certificate/[0-9a-f-]+"), certificate);
    std::ofstream(entry.path()) << text;
  }
}

}  // namespace berth::e2e
