// `kill -9` of a `berth apply` in the middle (issues 10 and 12): a stack of many small
// resources, and a run of the berth binary killed with SIGKILL once its state journal holds a
// number of completed actions. Shared by the aws backend's test (tests/e2e/moto/) and the
// aws-api backend's (tests/e2e/aws_api/).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace berth::e2e {

// `stack "killed"` (ap-northeast-1, account 123456789012) with `count` clusters c["0"]... named
// killed-0, killed-1...
std::string ClusterStack(int count);

// Lines of a file (0 when it does not exist).
size_t Lines(const std::string& path);

// Starts `berth ARGS...` with `env` ("K=V", added to this process's environment), its output
// thrown away, and kills it with SIGKILL once `journal` holds `after` lines. False when it
// finished first (or not killed within 2 minutes).
bool RunAndKill(const std::vector<std::string>& args, const std::vector<std::string>& env,
                const std::string& journal, size_t after);

}  // namespace berth::e2e
