#include "tests/unit/check/check_fixture.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace berth::testing {

namespace fs = std::filesystem;

void CheckTest::SetUp() {
  old_cwd_ = fs::current_path().string();
  std::string tmpl = (fs::temp_directory_path() / "berth-check-XXXXXX").string();
  dir_ = mkdtemp(tmpl.data());
  fs::current_path(dir_);
}

void CheckTest::TearDown() {
  fs::current_path(old_cwd_);
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

void CheckTest::Write(const std::string& path, const std::string& content) {
  fs::path p(path);
  if (p.has_parent_path()) fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << content;
}

std::optional<ir::Program> CheckTest::Run(CheckOptions options) {
  if (options.path == ".") options.path = "app";
  if (options.stdlib_dir.empty()) options.stdlib_dir = BERTH_SOURCE_DIR "/stdlib";
  return Check(options, sources_, diags_);
}

ir::Program CheckTest::MustCompile(CheckOptions options) {
  std::optional<ir::Program> program = Run(std::move(options));
  EXPECT_TRUE(program.has_value()) << Errors();
  EXPECT_EQ(Errors(), "");
  return program ? std::move(*program) : ir::Program{};
}

std::string CheckTest::Errors() const {
  std::ostringstream out;
  RenderDiagnosticsText(diags_, sources_, out);
  return out.str();
}

std::string CheckTest::Attr(const ir::Program& program, const std::string& address,
                            const std::string& attribute) {
  const ir::Resource* r = program.Find(address);
  if (!r) return "<no resource " + address + ">";
  const Value* v = r->attributes.Get(attribute);
  if (!v) return "<unset>";
  return v->ToSource(/*reveal=*/true);
}

}  // namespace berth::testing
