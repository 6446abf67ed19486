#include "tests/e2e/moto/moto_env.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "tests/e2e/run_berth.h"

namespace berth::e2e {

std::string ShellQuote(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

ShellResult Shell(const std::string& command) {
  TempDir capture;
  std::string err_path = capture.path() + "/err";
  ShellResult result;
  int status = ShellStdout("(" + command + ") 2>" + ShellQuote(err_path), result.out);
  if (status == -1) return result;
  result.exit_code = status;
  result.err = ReadFile(err_path);
  return result;
}

ShellResult Shell(const std::string& command, const std::string& log) {
  ShellResult result;
  int status = ShellStdout("(" + command + ") 2>>" + ShellQuote(log), result.out);
  if (status != -1) result.exit_code = status;
  return result;
}

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

namespace {

// Reads a moto_fixture.sh env file: SKIP, AWS_CLI, and every AWS_ setting as "KEY='value' ".
void ReadFixtureEnv(std::istream& in, std::string& skip, std::string& env, std::string& cli) {
  std::string line;
  while (std::getline(in, line)) {
    size_t eq = line.find('=');
    if (eq == std::string::npos) continue;
    std::string key = line.substr(0, eq), value = line.substr(eq + 1);
    if (key == "SKIP") skip = value;
    if (key == "AWS_CLI") cli = value;
    if (key.starts_with("AWS_")) env += key + "=" + ShellQuote(value) + " ";
  }
}

}  // namespace

Moto::Moto() {
  std::ifstream in(BERTH_MOTO_FIXTURE_ENV);
  if (!in) {
    skip_ = "no " + std::string(BERTH_MOTO_FIXTURE_ENV) +
            ": run these tests with ctest, which starts moto_server (fixture moto_server)";
    return;
  }
  ReadFixtureEnv(in, skip_, env_, cli_);
  if (skip_.empty() && env_.find("AWS_ENDPOINT_URL=") == std::string::npos)
    skip_ = "the moto fixture wrote no AWS_ENDPOINT_URL";
}

std::string Moto::Env(const std::string& region) const {
  return "env AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_PAGER= "
         "AWS_MAX_ATTEMPTS=1 " +
         env_ + "AWS_DEFAULT_REGION=" + region + " ";
}

ShellResult Moto::Aws(const std::string& args, const std::string& region) const {
  return Shell(Env(region) + ShellQuote(cli_) + " " + args);
}

namespace {

std::string Fixture() { return std::string(BERTH_SOURCE_DIR) + "/tests/moto/moto_fixture.sh"; }

}  // namespace

MotoServer::MotoServer(const TempDir& dir)
    : log_(dir.path() + "/commands.log"), envfile_(dir.path() + "/moto.env") {
  bool started =
      std::system((ShellQuote(Fixture()) + " start " + ShellQuote(envfile_)).c_str()) == 0;
  std::ifstream in(envfile_);
  ReadFixtureEnv(in, skip_, env_, cli_);
  if (!started && skip_.empty()) skip_ = "moto_fixture.sh start failed";
}

ShellResult MotoServer::Aws(const std::string& args) const {
  return Run(Env() + Cli() + " " + args);
}

ShellResult MotoServer::Run(const std::string& command) const { return Shell(command, log_); }

std::string MotoServer::CommandsLog() const { return "commands' stderr:\n" + ReadFile(log_); }

MotoServer::~MotoServer() {
  std::system((ShellQuote(Fixture()) + " stop " + ShellQuote(envfile_) + " 2>/dev/null").c_str());
}

std::string DefaultSubnets(const Moto& moto) {
  ShellResult r = moto.Aws(
      "ec2 describe-subnets --filters Name=default-for-az,Values=true "
      "--query 'sort_by(Subnets, &AvailabilityZone)[0:2].SubnetId' --output json");
  return r.exit_code == 0 ? Trim(r.out) : "";
}

std::string DefaultVpc(const Moto& moto) {
  ShellResult r = moto.Aws(
      "ec2 describe-vpcs --filters Name=is-default,Values=true --query 'Vpcs[0].VpcId' "
      "--output text");
  return r.exit_code == 0 ? Trim(r.out) : "";
}

}  // namespace berth::e2e
