#include "cli/version.h"

// CMake defines both for this file only (CMakeLists.txt, "version"), so a new commit recompiles
// one file, not the tree.
#ifndef BERTH_VERSION
#define BERTH_VERSION "0.0.0"
#endif
#ifndef BERTH_GIT_COMMIT
#define BERTH_GIT_COMMIT "unknown"
#endif

namespace berth::cli {

std::string VersionLine() {
  return std::string("berth ") + BERTH_VERSION + " (commit " + BERTH_GIT_COMMIT + ")";
}

}  // namespace berth::cli
