// `berth state list|show|rm|mv` and `berth force-unlock`: the state file by hand
// (docs/state.md). Shared here: where the state file is and how its commands read it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cli/args.h"
#include "cli/commands.h"
#include "planner/state.h"

namespace berth::cli {

int StateListCommand(const std::vector<std::string>& args, CommandIo& io);
int StateShowCommand(const std::vector<std::string>& args, CommandIo& io);
int StateRmCommand(const std::vector<std::string>& args, CommandIo& io);
int StateMvCommand(const std::vector<std::string>& args, CommandIo& io);

// --state and --help, the flags every state command takes.
std::vector<FlagSpec> StateFlags();

// The state file of a stack, chosen as plan and apply choose it (cli/stack_backend.h): --state,
// else the stack's `backend` block, else `.berth/state.json` in the stack directory. Compiles
// the stack to read its backend block; nullopt after printing why when it does not compile.
std::optional<std::string> StateFilePath(const std::string& stack_path, const ParsedArgs& args,
                                         CommandIo& io);

// The positional arguments of a state command: `fixed` leading operands (or at least one with
// `variadic`), then an optional PATH. With `variadic`, a trailing operand is taken as the PATH
// only when it names a directory or a .berth file, since addresses never do.
struct StateOperands {
  std::vector<std::string> operands;
  std::string state_path;
};
std::optional<StateOperands> ParseStateOperands(const std::string& command, const ParsedArgs& args,
                                                size_t fixed, bool variadic,
                                                const std::string& usage, CommandIo& io);

// Loads the state, printing one line to io.err on failure.
std::optional<state::State> LoadStateOrReport(const std::string& path, CommandIo& io);

// The resource at `address`, or nullptr after printing an error with a did-you-mean.
const state::Resource* FindOrReport(const state::State& state, const std::string& address,
                                    const std::string& path, CommandIo& io);

}  // namespace berth::cli
