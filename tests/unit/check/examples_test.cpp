// Every stack under examples/ compiles without diagnostics.
#include <algorithm>
#include <filesystem>
#include <sstream>

#include "tests/unit/check/check_fixture.h"

namespace berth::testing {
namespace {

TEST_F(CheckTest, ExamplesCompile) {
  std::string root = BERTH_SOURCE_DIR "/examples";
  std::vector<std::string> dirs;
  for (const auto& entry : std::filesystem::directory_iterator(root)) {
    if (entry.is_directory()) dirs.push_back(entry.path().string());
  }
  std::sort(dirs.begin(), dirs.end());
  for (const std::string& dir : dirs) {
    SourceManager sources;
    Diagnostics diags;
    CheckOptions options;
    options.path = dir;
    options.stdlib_dir = BERTH_SOURCE_DIR "/stdlib";
    std::optional<ir::Program> program = Check(options, sources, diags);
    std::ostringstream text;
    RenderDiagnosticsText(diags, sources, text);
    EXPECT_TRUE(program.has_value()) << dir << "\n" << text.str();
  }
}

}  // namespace
}  // namespace berth::testing
