#include "tests/unit/aws_api/python_check.h"

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>

namespace berth::aws_api::testing {

PythonResult RunChecker(const std::string& script, const nlohmann::ordered_json& cases) {
  char path[] = "/tmp/berth-aws-api-cases.XXXXXX";
  int fd = mkstemp(path);
  PythonResult result;
  if (fd < 0) {
    result.output = "cannot create a temporary file";
    return result;
  }
  close(fd);
  {
    std::ofstream out(path);
    out << cases.dump();
  }
  std::string command =
      "python3 '" BERTH_SOURCE_DIR "/tests/unit/aws_api/" + script + "' " + path + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe) {
    std::array<char, 4096> buffer;
    size_t n;
    while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
      result.output.append(buffer.data(), n);
    int status = pclose(pipe);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  std::remove(path);
  return result;
}

}  // namespace berth::aws_api::testing
