// What the e2e tests that talk to moto_server (an independent AWS on 127.0.0.1) share: a moto of
// the test's own, started and stopped by tests/moto/moto_fixture.sh, and running shell commands
// against it.
#pragma once

#include <string>

#include "tests/e2e/run_berth.h"

namespace berth::e2e {

// 'text' for sh.
std::string ShellQuote(const std::string& text);

struct ShellResult {
  int exit_code = -1;
  std::string out;
};

// Runs `command` with sh; stdout is returned, stderr appended to the file `log`.
ShellResult Shell(const std::string& command, const std::string& log);

std::string Trim(std::string s);

// A moto_server of this test's own, stopped (and its directory removed) when the object goes.
class MotoServer {
 public:
  // `server_env`: settings for moto_server itself, "NAME=value ..." (e.g.
  // MOTO_IAM_LOAD_MANAGED_POLICIES=true, without which moto knows no AWS managed policy).
  explicit MotoServer(const TempDir& dir, const std::string& server_env = "");
  ~MotoServer();
  MotoServer(const MotoServer&) = delete;
  MotoServer& operator=(const MotoServer&) = delete;
  // Why the test must skip (no moto_server, it did not start), or empty.
  const std::string& skip() const { return skip_; }
  // "env AWS_ENDPOINT_URL=... AWS_ACCESS_KEY_ID=... ... AWS_DEFAULT_REGION=ap-northeast-1 ": the
  // environment every command talking to this server runs with.
  std::string Env() const { return "env " + env_ + "AWS_DEFAULT_REGION=ap-northeast-1 "; }

 private:
  std::string envfile_;
  bool started_ = false;
  std::string skip_;
  std::string env_;
};

}  // namespace berth::e2e
