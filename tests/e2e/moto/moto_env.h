// Tests against the run's shared moto_server (the ctest fixture `moto_server`, started by
// tests/moto/moto_fixture.sh on a free 127.0.0.1 port): its environment for the AWS CLI and the
// emitted apply.sh, and a shell runner. Tests share the server, so each names its resources
// after itself.
#pragma once

#include <string>

namespace berth::e2e {

std::string ShellQuote(const std::string& text);

struct ShellResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs `command` with sh.
ShellResult Shell(const std::string& command);

class Moto {
 public:
  Moto();  // reads the fixture's env file
  // Why the tests must skip ("moto_server is not installed"), or "" when it runs.
  const std::string& skip() const { return skip_; }
  // "env AWS_ENDPOINT_URL=... AWS_ACCESS_KEY_ID=... AWS_DEFAULT_REGION=REGION ": the prefix of
  // every command talking to the server. Config and credential files are /dev/null, so nothing
  // of the machine's own AWS setup takes part.
  std::string Env(const std::string& region = "ap-northeast-1") const;
  // `aws ARGS` against the server.
  ShellResult Aws(const std::string& args, const std::string& region = "ap-northeast-1") const;

 private:
  std::string skip_;
  std::string env_;
};

// Subnet ids of moto's default VPC in ap-northeast-1 (two, in different zones), as a berth
// list: ["subnet-...", "subnet-..."]; and that VPC's id.
std::string DefaultSubnets(const Moto& moto);
std::string DefaultVpc(const Moto& moto);

std::string Trim(std::string s);

}  // namespace berth::e2e
