// Writes a command's result to standard output or, with --out, to a file replaced atomically
// (a temporary file in the same directory, then rename), so a failed run never leaves half a
// file behind.
#pragma once

#include <functional>
#include <ostream>
#include <string>

#include "cli/commands.h"
#include "compiler/base/atomic_file.h"  // WriteFileAtomically, shared with the state file

namespace berth::cli {

// Returns the exit code: 0, or 1 after printing why the file could not be written.
int WriteOutput(const std::string& path, CommandIo& io,
                const std::function<void(std::ostream&)>& write);

}  // namespace berth::cli
