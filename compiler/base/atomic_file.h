// Replacing a file so that a crash at any moment leaves either the old or the new content, never
// a torn file: shared by `--out` files, `berth fmt` and the state file.
#pragma once

#include <functional>
#include <ostream>
#include <string>

namespace berth {

// Who may read the file: kShared as any file the user makes (0666 less the umask); kPrivate
// only the owner (0600, whatever the umask): state files, journals and saved plans.
enum class FileAccess { kShared, kPrivate };

// Writes `content` to a temporary file in the directory of `path`, fsyncs it, renames it over
// `path` and fsyncs the directory so the rename itself survives a power loss. False with `error`
// naming the file on failure; no temporary file is left behind either way.
bool WriteFileAtomically(const std::string& path, const std::string& content, std::string& error,
                         FileAccess access = FileAccess::kShared);

// The same, with the content streamed by `write` straight into the temporary file, so a large
// output (the IR of 100,000 resources) is never held in memory whole.
bool WriteFileAtomically(const std::string& path, const std::function<void(std::ostream&)>& write,
                         std::string& error, FileAccess access = FileAccess::kShared);

}  // namespace berth
