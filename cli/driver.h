// The command-line driver: parses the subcommand and its flags and runs it. Every subcommand is
// one file in cli/ (cmd_*.cpp). Returns the process exit code: 0 success, 1 user error, 2 "plan
// has changes" with --detailed-exitcode.
#pragma once

#include <ostream>

namespace berth::cli {

int Run(int argc, char** argv, std::ostream& out, std::ostream& err);

}  // namespace berth::cli
