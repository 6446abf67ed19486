// Runs the real berth binary as a child process and captures what it printed.
#pragma once

#include <string>
#include <vector>

namespace berth::e2e {

struct RunResult {
  int exit_code = -1;  // the exit status, or 128 + signal number when killed
  std::string out;
  std::string err;
};

// Runs `berth args...` in `cwd` (default: the source tree) with NO_COLOR set.
RunResult RunBerth(const std::vector<std::string>& args, const std::string& cwd = BERTH_SOURCE_DIR,
                   const std::vector<std::string>& extra_env = {});

// A fresh temporary directory, removed with its content when the object goes away.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string Write(const std::string& name, const std::string& content) const;

 private:
  std::string path_;
};

// Runs a shell command; its exit status (128 when killed, -1 when it could not start), what it
// printed on stdout in `out` (stderr goes where the command sends it).
int ShellStdout(const std::string& command, std::string& out);
// The same, with stdout and stderr together in `output`.
int ShellOutput(const std::string& command, std::string& output);

std::string ReadFile(const std::string& path);
std::vector<std::string> ExampleNames();

}  // namespace berth::e2e
