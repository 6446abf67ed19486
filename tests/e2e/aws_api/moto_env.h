// One moto_server for the whole aws_api_e2e_test run (tests/moto/moto_fixture.sh on a free
// 127.0.0.1 port, stopped at exit), reset to empty before each test that asks, so tests never see
// each other's resources.
#pragma once

#include <map>
#include <string>

namespace berth::e2e {

class Moto {
 public:
  // Started on first use; Skip() says why when moto_server is not installed.
  static Moto& Get();
  const std::string& Skip() const { return skip_; }
  const std::string& Url() const { return url_; }
  // AWS_ENDPOINT_URL, the fake keys and AWS_DEFAULT_REGION, for a child process or setenv.
  const std::map<std::string, std::string>& Env() const { return env_; }
  // Empties every service (moto's /moto-api/reset).
  void Reset() const;
  ~Moto();

 private:
  Moto();
  std::string envfile_;
  std::string skip_;
  std::string url_;
  std::map<std::string, std::string> env_;
};

}  // namespace berth::e2e
