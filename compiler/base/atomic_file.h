// Replacing a file so that a crash at any moment leaves either the old or the new content, never
// a torn file: shared by `--out` files, `berth fmt` and the state file.
#pragma once

#include <functional>
#include <ostream>
#include <string>

namespace berth {

// Writes `content` to a temporary file in the directory of `path`, fsyncs it, renames it over
// `path` and fsyncs the directory so the rename itself survives a power loss. False with `error`
// naming the file on failure; no temporary file is left behind either way.
bool WriteFileAtomically(const std::string& path, const std::string& content, std::string& error);

// The same, with the content streamed by `write` straight into the temporary file, so a large
// output (the IR of 100,000 resources) is never held in memory whole.
bool WriteFileAtomically(const std::string& path, const std::function<void(std::ostream&)>& write,
                         std::string& error);

}  // namespace berth
