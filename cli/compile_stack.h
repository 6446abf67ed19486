// What every subcommand that reads a stack shares: the stack flags (--var, --var-file,
// --diagnostics) and running the compiler with them.
#pragma once

#include <optional>
#include <vector>

#include "cli/args.h"
#include "cli/commands.h"
#include "compiler/base/diagnostics.h"
#include "compiler/ir/ir.h"

namespace berth::cli {

// Flags every stack-reading command takes.
std::vector<FlagSpec> StackFlags();

// Compiles the stack named by the first positional argument (default "."). Prints diagnostics
// (text or JSON lines, per --diagnostics) to io.err; nullopt when there were errors.
std::optional<ir::Program> CompileStack(const ParsedArgs& args, SourceManager& sources,
                                        CommandIo& io);

// Prints the diagnostics in the format --diagnostics asks for.
void PrintDiagnostics(const ParsedArgs& args, const Diagnostics& diags,
                      const SourceManager& sources, CommandIo& io);

// Parses flags for a command; prints a usage error and returns nullopt on failure.
std::optional<ParsedArgs> ParseCommandArgs(const std::string& command,
                                           const std::vector<std::string>& args,
                                           const std::vector<FlagSpec>& specs, CommandIo& io);

}  // namespace berth::cli
