#include "tests/e2e/kill_apply.h"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "tests/e2e/run_berth.h"

namespace berth::e2e {

std::string ClusterStack(int count) {
  std::string keys;
  for (int i = 0; i < count; ++i) keys += (i ? ", \"" : "\"") + std::to_string(i) + "\"";
  return "stack \"killed\" {\n  region  = \"ap-northeast-1\"\n  account = \"123456789012\"\n}\n\n"
         "cluster \"c\" {\n  for_each = [" +
         keys + "]\n  name     = \"killed-${each.key}\"\n}\n";
}

size_t Lines(const std::string& path) {
  std::string text = ReadFile(path);
  return static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
}

bool RunAndKill(const std::vector<std::string>& args, const std::vector<std::string>& env,
                const std::string& journal, size_t after) {
  std::vector<std::string> environment = env;
  std::vector<std::string> words = {BERTH_BINARY};
  words.insert(words.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& word : words) argv.push_back(word.data());
  argv.push_back(nullptr);
  pid_t pid = fork();
  if (pid == 0) {
    int null = open("/dev/null", O_RDWR);
    dup2(null, 0);
    dup2(null, 1);
    dup2(null, 2);
    for (std::string& entry : environment) putenv(entry.data());
    execv(BERTH_BINARY, argv.data());
    _exit(127);
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  bool killed = false;
  while (std::chrono::steady_clock::now() < deadline) {
    if (Lines(journal) >= after) {
      kill(pid, SIGKILL);
      killed = true;
      break;
    }
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) return false;
    std::this_thread::sleep_for(std::chrono::microseconds(100));
  }
  if (!killed) kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  return killed && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
}

}  // namespace berth::e2e
