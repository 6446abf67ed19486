#include "tests/e2e/moto.h"

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>

namespace berth::e2e {

std::string ShellQuote(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

ShellResult Shell(const std::string& command, const std::string& log) {
  ShellResult result;
  FILE* pipe = popen((command + " 2>>" + ShellQuote(log)).c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) result.out.append(buffer, n);
  int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
  return result;
}

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

namespace {
std::string Fixture() { return std::string(BERTH_SOURCE_DIR) + "/tests/moto/moto_fixture.sh"; }
}  // namespace

MotoServer::MotoServer(const TempDir& dir, const std::string& server_env)
    : envfile_(dir.path() + "/moto.env") {
  std::string start = ShellQuote(Fixture()) + " start " + ShellQuote(envfile_);
  if (!server_env.empty()) start = "env " + server_env + " " + start;
  started_ = std::system(start.c_str()) == 0;
  std::ifstream in(envfile_);
  std::string line;
  while (std::getline(in, line)) {
    size_t eq = line.find('=');
    if (eq == std::string::npos) continue;
    std::string key = line.substr(0, eq);
    std::string value = line.substr(eq + 1);
    if (key == "SKIP") skip_ = value;
    if (key.starts_with("AWS_")) env_ += key + "=" + ShellQuote(value) + " ";
  }
  if (!started_ && skip_.empty()) skip_ = "moto_fixture.sh start failed";
}

MotoServer::~MotoServer() {
  std::system((ShellQuote(Fixture()) + " stop " + ShellQuote(envfile_) + " 2>/dev/null").c_str());
}

}  // namespace berth::e2e
