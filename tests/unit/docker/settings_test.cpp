// Local secret sources, the engine socket, --wait-timeout, and the deployment arithmetic.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "backends/docker/docker_backend.h"
#include "backends/docker/engine_client.h"
#include "backends/docker/rollout.h"
#include "backends/docker/secrets.h"
#include "cli/wait_timeout.h"

namespace berth::docker {
namespace {

TEST(SecretResolver, ReadsEnvironmentAndFilesNamedByTheBackendBlock) {
  std::filesystem::path dir = std::filesystem::temp_directory_path() / "berth-secret-test";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "db.txt") << "file-value\n";
  setenv("BERTH_TEST_SECRET", "env-value", 1);
  Value block =
      Value::Map({{"secrets", Value::Map({{"arn:db", Value::String("file:db.txt")},
                                          {"arn:api", Value::String("env:BERTH_TEST_SECRET")},
                                          {"arn:gone", Value::String("env:BERTH_UNSET_X")}})}});
  SecretResolver resolver(block, dir.string());
  std::string error;
  EXPECT_EQ(resolver.Resolve("DB", "arn:db", error), "file-value");
  EXPECT_EQ(resolver.Resolve("API", "arn:api", error), "env-value");
  EXPECT_EQ(resolver.Resolve("DIRECT", "env:BERTH_TEST_SECRET", error), "env-value");
  EXPECT_FALSE(resolver.Resolve("GONE", "arn:gone", error));
  EXPECT_EQ(error,
            "secret GONE: environment variable BERTH_UNSET_X is not set (named by "
            "env:BERTH_UNSET_X)");
  EXPECT_FALSE(resolver.Resolve("CLOUD", "arn:aws:secretsmanager:eu-west-1:1:secret:x", error));
  EXPECT_EQ(error,
            "secret CLOUD has no local source: map its ARN to \"env:NAME\" or "
            "\"file:PATH\" in the backend block's `secrets`");
  std::filesystem::remove_all(dir);
}

TEST(EngineClient, SocketComesFromDockerHost) {
  std::string socket, error;
  unsetenv("DOCKER_HOST");
  ASSERT_TRUE(EngineClient::SocketFromEnvironment(socket, error));
  EXPECT_EQ(socket, "/var/run/docker.sock");
  setenv("DOCKER_HOST", "unix:///tmp/x/docker.sock", 1);
  ASSERT_TRUE(EngineClient::SocketFromEnvironment(socket, error));
  EXPECT_EQ(socket, "/tmp/x/docker.sock");
  setenv("DOCKER_HOST", "tcp://127.0.0.1:2375", 1);
  EXPECT_FALSE(EngineClient::SocketFromEnvironment(socket, error));
  EXPECT_EQ(error,
            "DOCKER_HOST=tcp://127.0.0.1:2375 is not a unix socket: the docker backend "
            "talks to a local engine over unix://PATH only");
  unsetenv("DOCKER_HOST");
}

TEST(EngineClient, AMissingEngineIsAMessageNotACrash) {
  EngineClient engine("/nonexistent/berth/docker.sock");
  EngineResponse r = engine.Get("/_ping");
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(
      r.Describe().rfind("cannot reach the Docker engine at /nonexistent/berth/docker.sock", 0), 0u)
      << r.Describe();
}

TEST(DockerBackend, ApplyingWithoutTheStackIsRefused) {
  std::string error;
  auto backend = DockerBackend::Open({}, error);
  ASSERT_TRUE(backend) << error;
  planner::ResourceChange change;
  change.address = "service.web";
  change.kind = "service";
  change.action = planner::Action::kCreate;
  backends::ActionResult result = backend->Apply(change);
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.error, "the docker backend was opened without the stack it applies to");
}

TEST(Deployment, ReadFromTheServiceWithEcsDefaults) {
  Deployment d = DeploymentOf(Value::Map({{"desired_count", Value::Number(4)}}));
  EXPECT_EQ(d.desired, 4);
  EXPECT_EQ(d.max_percent, 200);
  EXPECT_EQ(d.min_healthy_percent, 100);
  EXPECT_EQ(d.circuit_breaker, "rollback");
  d = DeploymentOf(
      Value::Map({{"deployment", Value::Map({{"max_percent", Value::Number(150)},
                                             {"min_healthy_percent", Value::Number(50)},
                                             {"circuit_breaker", Value::String("off")}})}}));
  EXPECT_EQ(d.desired, 1);
  EXPECT_EQ(d.max_percent, 150);
  EXPECT_EQ(d.min_healthy_percent, 50);
  EXPECT_EQ(d.circuit_breaker, "off");
}

TEST(Deployment, CircuitBreakerThresholdIsEcsOne) {
  EXPECT_EQ(CircuitBreakerThreshold(1), 3);
  EXPECT_EQ(CircuitBreakerThreshold(2), 3);
  EXPECT_EQ(CircuitBreakerThreshold(10), 5);
  EXPECT_EQ(CircuitBreakerThreshold(1000), 200);
}

TEST(WaitTimeout, DurationsAndBareSeconds) {
  EXPECT_EQ(cli::ParseWaitTimeout("90s"), 90000);
  EXPECT_EQ(cli::ParseWaitTimeout("5m"), 300000);
  EXPECT_EQ(cli::ParseWaitTimeout("1h"), 3600000);
  EXPECT_EQ(cli::ParseWaitTimeout("500ms"), 500);
  EXPECT_EQ(cli::ParseWaitTimeout("30"), 30000);
  EXPECT_FALSE(cli::ParseWaitTimeout("soon"));
  EXPECT_FALSE(cli::ParseWaitTimeout("0s"));
  EXPECT_FALSE(cli::ParseWaitTimeout("-5s"));
  EXPECT_FALSE(cli::ParseWaitTimeout("5 m"));
}

}  // namespace
}  // namespace berth::docker
