// `berth completion bash`: the shell completion script, generated from the command table so a
// new command completes without editing it.
#pragma once

#include <string>
#include <vector>

namespace berth::cli {

// The bash script completing `commands`' names, then each command's flags (read from
// `berth COMMAND --help` when the flag is typed, so the flags stay the commands' own) and paths.
std::string BashCompletion(const std::vector<std::string>& commands);

}  // namespace berth::cli
