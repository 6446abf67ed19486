// docs/resources.md must match the schema tables. After changing a table, regenerate with
//   BERTH_REFRESH_DOCS=1 build/compiler_test --gtest_filter='ResourcesDoc.*'
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "tests/unit/schema/resources_doc.h"

namespace berth::testing {
namespace {

const std::string kPath = std::string(BERTH_SOURCE_DIR) + "/docs/resources.md";

std::string ReadPage() {
  std::ifstream in(kPath, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(ResourcesDoc, EveryKindHasASectionAndAnExample) {
  std::string page = ReadPage();
  ASSERT_FALSE(page.empty()) << kPath;
  for (const schema::BlockSpec* kind : schema::AllResources()) {
    std::string name(kind->name);
    EXPECT_NE(page.find("## " + name + "\n"), std::string::npos) << name;
    EXPECT_NE(page.find("<!-- BEGIN GENERATED " + name + " -->"), std::string::npos) << name;
    EXPECT_NE(page.find("\n" + name + " \""), std::string::npos) << "no example of " << name;
  }
}

TEST(ResourcesDoc, GeneratedSectionsAreCurrent) {
  std::string page = ReadPage();
  std::string fresh = RefreshGeneratedSections(page);
  if (fresh != page && std::getenv("BERTH_REFRESH_DOCS")) {
    std::ofstream(kPath, std::ios::binary) << fresh;
    page = fresh;
  }
  EXPECT_EQ(page, fresh)
      << "docs/resources.md is out of date with the schema tables; run "
         "BERTH_REFRESH_DOCS=1 build/compiler_test --gtest_filter='ResourcesDoc.*'";
}

TEST(ResourcesDoc, RenderedTablesMentionEveryAttribute) {
  for (const schema::BlockSpec* kind : schema::AllResources()) {
    std::string text = RenderResourceReference(*kind);
    for (const schema::AttributeSpec& a : kind->attributes) {
      EXPECT_NE(text.find("| `" + std::string(a.name) + "` |"), std::string::npos) << a.name;
    }
    for (const schema::BlockSpec* b : kind->blocks) {
      EXPECT_NE(text.find(" > " + std::string(b->name) + "`"), std::string::npos) << b->name;
    }
  }
}

}  // namespace
}  // namespace berth::testing
