// The berth binary's self-description: --version with the git commit, `help COMMAND`, and the
// bash completion script run by a real bash.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <string>

#include "tests/e2e/run_berth.h"

namespace berth::e2e {
namespace {

std::string Shell(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  std::array<char, 4096> buffer;
  while (size_t n = fread(buffer.data(), 1, buffer.size(), pipe)) out.append(buffer.data(), n);
  pclose(pipe);
  return out;
}

TEST(CliHelp, VersionNamesTheCommitTheBuildWasConfiguredFrom) {
  RunResult r = RunBerth({"--version"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("berth 0.", 0), 0u) << r.out;
  EXPECT_EQ(RunBerth({"version"}).out, r.out);
  size_t at = r.out.find("(commit ");
  ASSERT_NE(at, std::string::npos) << r.out;
  std::string commit = r.out.substr(at + 8, r.out.find(')', at) - at - 8);
  // Outside a git checkout berth says "unknown"; in one, a commit of this repository (the one
  // configured from, which a commit made since then does not change until cmake runs again).
  std::string head = Shell("git -C '" BERTH_SOURCE_DIR "' rev-parse --short=12 HEAD 2>/dev/null");
  if (head.empty()) {
    EXPECT_EQ(commit, "unknown") << r.out;
    return;
  }
  ASSERT_EQ(commit.size(), 12u) << r.out;
  EXPECT_EQ(commit.find_first_not_of("0123456789abcdef"), std::string::npos) << r.out;
  EXPECT_EQ(Shell("git -C '" BERTH_SOURCE_DIR "' cat-file -t " + commit + " 2>&1"), "commit\n");
}

TEST(CliHelp, HelpCommandIsTheCommandsOwnHelp) {
  for (const char* command : {"plan", "apply", "refresh", "emit", "state", "fmt", "completion"}) {
    RunResult help = RunBerth({"help", command});
    RunResult own = RunBerth({command, "--help"});
    EXPECT_EQ(help.exit_code, 0) << command << help.err;
    EXPECT_EQ(help.out, own.out) << command;
    EXPECT_NE(help.out.find("usage: berth " + std::string(command)), std::string::npos) << help.out;
  }
  RunResult plan = RunBerth({"help", "plan"});
  EXPECT_NE(plan.out.find("--detailed-exitcode"), std::string::npos) << plan.out;
  RunResult apply = RunBerth({"help", "apply"});
  EXPECT_NE(apply.out.find("--wait "), std::string::npos) << apply.out;
  RunResult all = RunBerth({"help"});
  EXPECT_EQ(all.exit_code, 0);
  EXPECT_NE(all.out.find("  completion  "), std::string::npos) << all.out;
}

TEST(CliHelp, HelpForAnUnknownCommandSuggests) {
  RunResult r = RunBerth({"help", "plna"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("unknown command \"plna\" (did you mean \"plan\"?)"), std::string::npos)
      << r.err;
  EXPECT_EQ(RunBerth({"completion", "zsh"}).exit_code, 1);
}

// Sources the script in bash and asks it to complete `words`, the last being the one typed.
std::string Complete(const std::string& script, const std::string& words) {
  return Shell("bash -c 'source \"$0\"; COMP_WORDS=(" + words +
               "); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _berth; "
               "printf \"%s\\n\" \"${COMPREPLY[@]}\"' '" +
               script + "' 2>&1");
}

TEST(CliHelp, BashCompletionCompletesCommandsFlagsAndSubcommands) {
  RunResult r = RunBerth({"completion", "bash"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string script = ::testing::TempDir() + "/berth-completion.bash";
  std::ofstream(script) << r.out;
  EXPECT_EQ(Shell("bash -n '" + script + "' 2>&1 && echo parsed"), "parsed\n");
  EXPECT_EQ(Complete(script, "berth pl"), "plan\n");
  EXPECT_EQ(Complete(script, "berth ref"), "refresh\n");
  EXPECT_EQ(Complete(script, "berth help ver"), "version\n");
  EXPECT_EQ(Complete(script, "berth state r"), "rm\n");
  EXPECT_EQ(Complete(script, "berth emit c"), "cloudformation\n");
  // Flags come from the command's own --help, so word 0 must be the binary under test.
  EXPECT_EQ(Complete(script, std::string(BERTH_BINARY) + " plan --detailed"),
            "--detailed-exitcode\n");
  EXPECT_EQ(Complete(script, std::string(BERTH_BINARY) + " apply --wait"),
            "--wait\n--wait-timeout\n");
  std::remove(script.c_str());
}

}  // namespace
}  // namespace berth::e2e
