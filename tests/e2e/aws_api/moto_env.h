// A moto_server for aws_api_e2e_test (tests/moto/moto_fixture.sh on a free 127.0.0.1 port,
// stopped at exit), started afresh before each test that asks, so tests never see each other's
// resources.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "backends/aws_api/client.h"

namespace berth::e2e {

class Moto {
 public:
  // Started on first use; Skip() says why when moto_server is not installed.
  static Moto& Get();
  const std::string& Skip() const { return skip_; }
  const std::string& Url() const { return url_; }
  // AWS_ENDPOINT_URL, the fake keys and AWS_DEFAULT_REGION, for a child process or setenv.
  const std::map<std::string, std::string>& Env() const { return env_; }
  // A new, empty server (a new port: read Url() and Env() after).
  void Reset();
  ~Moto();

 private:
  Moto();
  void Start();
  std::string envfile_;
  // Started and not handed out yet: the first Reset (every test's SetUp) keeps it, saving a
  // start of moto (seconds) per test.
  bool fresh_ = false;
  std::string skip_;
  std::string url_;
  std::map<std::string, std::string> env_;
};

// The environment `berth` runs with against the server: its endpoint and keys, `region`, and no
// AWS config or credential files of the machine's.
std::vector<std::string> BerthEnv(const std::string& region = "ap-northeast-1");
// A wire client for the server.
aws_api::Client MotoClient(const std::string& region = "ap-northeast-1");
// The answer to a call that must succeed (a failed expectation when it does not).
aws_api::Json Ok(const aws_api::Client& client, const char* service, const char* operation,
                 const aws_api::Json& input);

// Makes the example stack copied to `dir` use the server's ids: its default VPC and two of its
// subnets, and a certificate requested from its ACM (every .berth file rewritten).
void RewriteExampleIds(const std::string& dir, const aws_api::Client& aws);

}  // namespace berth::e2e
