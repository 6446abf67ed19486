// The wire client's configuration found the AWS way (environment, ~/.aws/credentials and
// ~/.aws/config, per-service endpoints), its retry policy, and the JMESPath of captures.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "backends/aws_api/client.h"
#include "backends/aws_api/retry_policy.h"
#include "backends/aws_api_backend/capture_query.h"

namespace berth::aws_api {
namespace {

Environment Env(std::map<std::string, std::string> values) {
  return [values](const std::string& name) -> std::optional<std::string> {
    auto found = values.find(name);
    if (found == values.end()) return std::nullopt;
    return found->second;
  };
}

class ProfileFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "berth-cfg-XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
    std::ofstream(dir_ + "/credentials") << "[default]\naws_access_key_id = AKIADEFAULT\n"
                                            "aws_secret_access_key = s3cr3t\n\n"
                                            "# a comment\n[deploy]\n"
                                            "aws_access_key_id=AKIADEPLOY\n"
                                            "aws_secret_access_key = deploy-secret\n"
                                            "aws_session_token = tok\n";
    std::ofstream(dir_ + "/config") << "[default]\nregion = us-west-2\n"
                                       "[profile deploy]\nregion = eu-central-1\n"
                                       "endpoint_url = http://127.0.0.1:4566\n"
                                       "max_attempts = 7\n"
                                       "s3 =\n  addressing_style = path\n";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::map<std::string, std::string> Files() {
    return {{"AWS_SHARED_CREDENTIALS_FILE", dir_ + "/credentials"},
            {"AWS_CONFIG_FILE", dir_ + "/config"}};
  }
  std::string dir_;
};

TEST_F(ProfileFiles, TheDefaultProfileGivesKeysAndRegion) {
  std::string error;
  auto config = LoadClientConfig({}, Env(Files()), error);
  ASSERT_TRUE(config.has_value()) << error;
  EXPECT_EQ(config->credentials.access_key_id, "AKIADEFAULT");
  EXPECT_EQ(config->credentials.secret_access_key, "s3cr3t");
  EXPECT_EQ(config->region, "us-west-2");
  EXPECT_EQ(config->max_attempts, 3);
  Client client(*config);
  EXPECT_EQ(client.EndpointOf("ecs"), "https://ecs.us-west-2.amazonaws.com");
  EXPECT_EQ(client.EndpointOf("elbv2"), "https://elasticloadbalancing.us-west-2.amazonaws.com");
  EXPECT_EQ(client.EndpointOf("iam"), "https://iam.amazonaws.com");
  EXPECT_EQ(client.EndpointOf("cloudwatch"), "https://monitoring.us-west-2.amazonaws.com");
}

TEST_F(ProfileFiles, AwsProfileChoosesTheNamedProfile) {
  auto env = Files();
  env["AWS_PROFILE"] = "deploy";
  std::string error;
  auto config = LoadClientConfig({}, Env(env), error);
  ASSERT_TRUE(config.has_value()) << error;
  EXPECT_EQ(config->credentials.access_key_id, "AKIADEPLOY");
  EXPECT_EQ(config->credentials.session_token, "tok");
  EXPECT_EQ(config->region, "eu-central-1");
  EXPECT_EQ(config->max_attempts, 7);
  EXPECT_EQ(Client(*config).EndpointOf("ecs"), "http://127.0.0.1:4566");
}

TEST_F(ProfileFiles, TheEnvironmentComesBeforeTheProfileAndTheBlockBeforeBoth) {
  auto env = Files();
  env["AWS_ACCESS_KEY_ID"] = "AKIAENV";
  env["AWS_SECRET_ACCESS_KEY"] = "env-secret";
  env["AWS_DEFAULT_REGION"] = "ap-south-1";
  env["AWS_ENDPOINT_URL"] = "http://127.0.0.1:1111";
  env["AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2"] = "http://127.0.0.1:2222";
  env["AWS_ENDPOINT_URL_ECS"] = "https://ecs.local:8443";
  std::string error;
  auto config = LoadClientConfig({}, Env(env), error);
  ASSERT_TRUE(config.has_value()) << error;
  EXPECT_EQ(config->credentials.access_key_id, "AKIAENV");
  EXPECT_EQ(config->region, "ap-south-1");
  Client client(*config);
  EXPECT_EQ(client.EndpointOf("elbv2"), "http://127.0.0.1:2222");
  EXPECT_EQ(client.EndpointOf("ecs"), "https://ecs.local:8443");
  EXPECT_EQ(client.EndpointOf("iam"), "http://127.0.0.1:1111");
  env["AWS_REGION"] = "sa-east-1";
  config = LoadClientConfig({"http://127.0.0.1:3333", "us-east-2", "ignored"}, Env(env), error);
  ASSERT_TRUE(config.has_value()) << error;
  EXPECT_EQ(config->region, "us-east-2");
  EXPECT_EQ(Client(*config).EndpointOf("elbv2"), "http://127.0.0.1:3333");
}

TEST(ClientConfig, MissingCredentialsAndBadSettingsAreErrors) {
  std::string error;
  EXPECT_FALSE(LoadClientConfig({"", "", "eu-west-1"}, Env({{"HOME", "/nonexistent"}}), error));
  EXPECT_EQ(error,
            "no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE "
            "to a profile with keys in /nonexistent/.aws/credentials (profile 'default')");
  std::map<std::string, std::string> keys = {
      {"HOME", "/nonexistent"}, {"AWS_ACCESS_KEY_ID", "a"}, {"AWS_SECRET_ACCESS_KEY", "b"}};
  auto config = LoadClientConfig({"", "", "eu-west-1"}, Env(keys), error);
  ASSERT_TRUE(config.has_value()) << error;
  EXPECT_EQ(config->region, "eu-west-1");  // the stack's, when nothing else names one
  EXPECT_FALSE(LoadClientConfig({}, Env(keys), error));
  EXPECT_EQ(error, "no AWS region: set AWS_REGION, the profile's region, or the stack's region");
  keys["AWS_MAX_ATTEMPTS"] = "zero";
  EXPECT_FALSE(LoadClientConfig({"", "", "eu-west-1"}, Env(keys), error));
  EXPECT_EQ(error, "AWS_MAX_ATTEMPTS must be a positive number, not 'zero'");
  keys.erase("AWS_MAX_ATTEMPTS");
  keys["AWS_ENDPOINT_URL"] = "ftp://x";
  EXPECT_FALSE(LoadClientConfig({"", "", "eu-west-1"}, Env(keys), error));
  EXPECT_NE(error.find("AWS_ENDPOINT_URL: endpoint URL 'ftp://x'"), std::string::npos) << error;
}

TEST(RetryPolicy, StandardModeRetriesThrottlingAndTransientErrorsOnly) {
  EXPECT_TRUE(IsRetryable(400, "Throttling"));
  EXPECT_TRUE(IsRetryable(400, "ThrottlingException"));
  EXPECT_TRUE(IsRetryable(503, "RequestLimitExceeded"));
  EXPECT_TRUE(IsRetryable(500, "InternalFailure"));
  EXPECT_TRUE(IsRetryable(502, ""));
  EXPECT_TRUE(IsRetryable(0, "ConnectionError"));
  EXPECT_TRUE(IsRetryable(429, "Whatever"));
  EXPECT_FALSE(IsRetryable(400, "ValidationError"));
  EXPECT_FALSE(IsRetryable(400, "ClientException"));
  EXPECT_FALSE(IsRetryable(403, "AccessDenied"));
  EXPECT_DOUBLE_EQ(BackoffSeconds(1, 1.0, 0.5), 0.5);
  EXPECT_DOUBLE_EQ(BackoffSeconds(3, 1.0, 0.5), 2.0);
  EXPECT_DOUBLE_EQ(BackoffSeconds(10, 1.0, 1.0), 20.0);  // capped
  EXPECT_DOUBLE_EQ(BackoffSeconds(2, 0.001, 1.0), 0.002);
}

TEST(CaptureQuery, TheFormsTheEmittersWrite) {
  using aws_api_backend::EvaluateQuery;
  Json out = Json::parse(R"({"TargetGroups":[{"TargetGroupArn":"arn:tg"}],"Service":{"Id":"srv-1"},
    "RuleArn":"arn:rule","Port":80,
    "Services":[{"Name":"web","Id":"a"},{"Name":"api","Id":"b","Arn":"arn:b"}]})");
  std::string error;
  EXPECT_EQ(EvaluateQuery("TargetGroups[0].TargetGroupArn", out, error), Json("arn:tg"));
  EXPECT_EQ(EvaluateQuery("Service.Id", out, error), Json("srv-1"));
  EXPECT_EQ(EvaluateQuery("RuleArn", out, error), Json("arn:rule"));
  EXPECT_EQ(EvaluateQuery("Services[?Name=='api'].Id | [0]", out, error), Json("b"));
  EXPECT_EQ(aws_api_backend::AsText(*EvaluateQuery("Port", out, error)), "80");
  EXPECT_FALSE(EvaluateQuery("Services[?Name=='db'].Id | [0]", out, error).has_value());
  EXPECT_FALSE(EvaluateQuery("TargetGroups[3].TargetGroupArn", out, error).has_value());
  EXPECT_TRUE(error.empty()) << error;
  EXPECT_FALSE(EvaluateQuery("length(TargetGroups)", out, error).has_value());
  EXPECT_EQ(error, "unsupported query 'length(TargetGroups)' at offset 6");
}

}  // namespace
}  // namespace berth::aws_api
