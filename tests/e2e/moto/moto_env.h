// Tests against the run's shared moto_server (the ctest fixture `moto_server`, started by
// tests/moto/moto_fixture.sh on a free 127.0.0.1 port): its environment for the AWS CLI and the
// emitted apply.sh, and a shell runner. Tests share the server, so each names its resources
// after itself.
#pragma once

#include <string>

#include "tests/e2e/run_berth.h"

namespace berth::e2e {

std::string ShellQuote(const std::string& text);

struct ShellResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs `command` with sh.
ShellResult Shell(const std::string& command);
// Runs `command` with sh, its stderr appended to the file `log` (`err` stays empty).
ShellResult Shell(const std::string& command, const std::string& log);

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
  // The AWS CLI to run (the fixture's AWS_CLI: a pyenv shim resolved to its program).
  const std::string& Cli() const { return cli_; }

 private:
  std::string skip_;
  std::string env_;
  std::string cli_ = "aws";
};

// Subnet ids of moto's default VPC in ap-northeast-1 (two, in different zones), as a berth
// list: ["subnet-...", "subnet-..."]; and that VPC's id.
std::string DefaultSubnets(const Moto& moto);
std::string DefaultVpc(const Moto& moto);

std::string Trim(std::string s);

// A moto_server of one test's own (tests/moto/moto_fixture.sh, in `dir`), for a test that must
// see nothing of other tests' resources; stopped when the object goes.
class MotoServer {
 public:
  explicit MotoServer(const TempDir& dir);
  ~MotoServer();
  MotoServer(const MotoServer&) = delete;
  MotoServer& operator=(const MotoServer&) = delete;
  // Why the test must skip (no moto_server, it did not start), or empty.
  const std::string& skip() const { return skip_; }
  // "env AWS_ENDPOINT_URL=... AWS_DEFAULT_REGION=ap-northeast-1 ": the prefix of every command
  // talking to this server.
  std::string Env() const { return "env " + env_ + "AWS_DEFAULT_REGION=ap-northeast-1 "; }
  // The AWS CLI to run, quoted for sh (the fixture's AWS_CLI).
  std::string Cli() const { return ShellQuote(cli_); }
  // `aws ARGS` against this server; its stderr goes to the server's command log.
  ShellResult Aws(const std::string& args) const;
  // `command` with sh (apply.sh, capture.sh...); its stderr goes to the command log too.
  ShellResult Run(const std::string& command) const;
  // "commands' stderr:\n" and what the commands wrote there: for failure messages.
  std::string CommandsLog() const;

 private:
  std::string log_;  // DIR/commands.log
  std::string envfile_;
  std::string skip_;
  std::string env_;
  std::string cli_ = "aws";
};

}  // namespace berth::e2e
