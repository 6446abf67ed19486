// What `berth --version` prints: the release and the git commit the binary was configured from.
#pragma once

#include <string>

namespace berth::cli {

// "berth 0.1.0 (commit 1a2b3c4d5e6f)"; the commit is "unknown" when the tree was not a git
// checkout at configure time.
std::string VersionLine();

}  // namespace berth::cli
