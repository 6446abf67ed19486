// `import "git::<url>//<subdir>?ref=<tag>"`: cloned from a file:// repository into the cache,
// keyed by commit, pinned in berth.lock.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "compiler/check/check.h"
#include "review/git_modules.h"
#include "tests/unit/review/monorepo.h"

namespace berth::testing {
namespace {

namespace fs = std::filesystem;

TEST(GitModuleSource, Parses) {
  std::string error;
  auto s =
      review::ParseGitModuleSource("git::https://github.com/org/mods.git//ecs/web?ref=v1.2", error);
  ASSERT_TRUE(s) << error;
  EXPECT_EQ(s->url, "https://github.com/org/mods.git");
  EXPECT_EQ(s->subdir, "ecs/web");
  EXPECT_EQ(s->ref, "v1.2");
  auto local = review::ParseGitModuleSource("git::file:///tmp/x/repo//logging?ref=v1", error);
  ASSERT_TRUE(local) << error;
  EXPECT_EQ(local->url, "file:///tmp/x/repo");
  EXPECT_EQ(local->subdir, "logging");
  auto root = review::ParseGitModuleSource("git::file:///tmp/x/repo", error);
  ASSERT_TRUE(root) << error;
  EXPECT_EQ(root->subdir, "");
  EXPECT_EQ(root->ref, "");
}

TEST(GitModuleSource, RejectsMalformedSources) {
  std::string error;
  EXPECT_FALSE(review::ParseGitModuleSource("git::file:///r//x?branch=main", error));
  EXPECT_EQ(error,
            "the only query a git module source takes is ?ref=<tag, branch or commit>, not "
            "?branch=main");
  EXPECT_FALSE(review::ParseGitModuleSource("git::file:///r//../escape?ref=v1", error));
  EXPECT_FALSE(review::ParseGitModuleSource("git::?ref=v1", error));
}

class GitModulesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    old_cache_ = std::getenv("BERTH_MODULE_CACHE") ? std::getenv("BERTH_MODULE_CACHE") : "";
    setenv("BERTH_MODULE_CACHE", dir_.Sub("cache").c_str(), 1);
    modules_ = std::make_unique<TestRepo>(dir_.Sub("modules.git"), /*bare=*/true);
    v1_ = modules_->Commit("main", {{"logging/main.berth", SharedModule("30d")}}, "v1");
    modules_->Tag("v1", "main");
    fs::create_directories(dir_.Sub("stack"));
  }
  void TearDown() override {
    if (old_cache_.empty()) {
      unsetenv("BERTH_MODULE_CACHE");
    } else {
      setenv("BERTH_MODULE_CACHE", old_cache_.c_str(), 1);
    }
  }

  std::string Source() const { return "git::" + modules_->Url() + "//logging?ref=v1"; }

  void WriteStack(const std::string& source) {
    std::ofstream(dir_.Sub("stack/main.berth"))
        << "stack \"s\" {\n  region  = \"ap-northeast-1\"\n  account = \"123456789012\"\n}\n\n"
           "import \""
        << source << "\" as logging\n\nlogging \"app\" {\n  name = \"app\"\n}\n";
  }

  // Compiles the stack; returns the module's log retention as source text, or the errors.
  std::string Compile() {
    CheckOptions options;
    options.path = dir_.Sub("stack");
    options.stdlib_dir = BERTH_SOURCE_DIR "/stdlib";
    options.resolve_git_module = review::GitModuleResolver(options.path);
    SourceManager sources;
    Diagnostics diags;
    auto program = Check(options, sources, diags);
    if (!program) {
      std::ostringstream out;
      RenderDiagnosticsText(diags, sources, out);
      return out.str();
    }
    const ir::Resource* logs = program->Find("module.app.log_group.logs");
    if (!logs) return "<no module.app.log_group.logs>";
    return logs->attributes.Get("retention")->ToSource();
  }

  std::string LockedCommit() {
    std::ifstream in(dir_.Sub("stack/berth.lock"));
    std::stringstream text;
    text << in.rdbuf();
    auto lock = nlohmann::json::parse(text.str(), nullptr, false);
    if (lock.is_discarded()) return "<no lock>";
    return lock["modules"][Source()]["commit"].get<std::string>();
  }

  ScratchDir dir_;
  std::string old_cache_;
  std::unique_ptr<TestRepo> modules_;
  std::string v1_;
};

TEST_F(GitModulesTest, ClonesIntoACacheKeyedByCommitAndPinsTheCommit) {
  WriteStack(Source());
  EXPECT_EQ(Compile(), "30d");
  EXPECT_EQ(LockedCommit(), v1_);
  EXPECT_TRUE(fs::is_directory(dir_.Sub("cache/checkouts/" + v1_ + "/logging")));

  // The tag moves to new module code: the pinned commit still builds the old code.
  modules_->Commit("main", {{"logging/main.berth", SharedModule("90d")}}, "v1, moved");
  modules_->Tag("v1", "main");
  EXPECT_EQ(Compile(), "30d");
  EXPECT_EQ(LockedCommit(), v1_);

  // Removing the pin resolves the ref again.
  fs::remove(dir_.Sub("stack/berth.lock"));
  EXPECT_EQ(Compile(), "90d");
  EXPECT_NE(LockedCommit(), v1_);
}

TEST_F(GitModulesTest, APinnedCommitIsFetchedWhenTheCacheIsEmpty) {
  WriteStack(Source());
  EXPECT_EQ(Compile(), "30d");
  fs::remove_all(dir_.Sub("cache"));
  EXPECT_EQ(Compile(), "30d");
  EXPECT_TRUE(fs::is_directory(dir_.Sub("cache/checkouts/" + v1_)));
}

TEST_F(GitModulesTest, AnUnknownRefIsALocatedError) {
  std::string source = "git::" + modules_->Url() + "//logging?ref=v9";
  WriteStack(source);
  std::string errors = Compile();
  EXPECT_NE(errors.find("main.berth:6:8: error: cannot fetch module \"" + source +
                        "\": no tag, branch or commit \"v9\" in " + modules_->Url()),
            std::string::npos)
      << errors;
  EXPECT_NE(errors.find("import \"git::"), std::string::npos) << errors;  // the source line
}

TEST_F(GitModulesTest, AMissingDirectoryIsALocatedError) {
  std::string source = "git::" + modules_->Url() + "//nothing?ref=v1";
  WriteStack(source);
  std::string errors = Compile();
  EXPECT_NE(errors.find("no directory nothing in " + modules_->Url() + " at v1"), std::string::npos)
      << errors;
}

TEST_F(GitModulesTest, WithoutAResolverGitSourcesAreAnError) {
  WriteStack(Source());
  CheckOptions options;
  options.path = dir_.Sub("stack");
  SourceManager sources;
  Diagnostics diags;
  EXPECT_FALSE(Check(options, sources, diags));
  ASSERT_FALSE(diags.all().empty());
  EXPECT_NE(diags.all()[0].message.find("git module sources are not available"), std::string::npos);
}

}  // namespace
}  // namespace berth::testing
