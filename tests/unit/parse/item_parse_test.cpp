// A file is parsed one top-level item at a time, falling back to the whole-file parse when an
// item fails: the fallback must report what the whole-file parse alone reports, once.
#include <gtest/gtest.h>

#include "tests/unit/parse/parse_test_util.h"

namespace berth::parse_test {
namespace {

class ItemParseTest : public ParseFixture {};

TEST_F(ItemParseTest, BuildsEveryItemInOrder) {
  ast::File file =
      ParseText("import \"std/x\"\nlet a = 1\n;\nb \"one\" { x = 1 }\nc { y = [1] }\n");
  EXPECT_EQ(Rendered(), "");
  ASSERT_EQ(file.items.size(), 4u);
  EXPECT_TRUE(file.items[0].import);
  EXPECT_TRUE(file.items[1].let);
  ASSERT_TRUE(file.items[2].block);
  EXPECT_EQ(file.items[2].block->type, "b");
  ASSERT_TRUE(file.items[3].block);
  EXPECT_EQ(file.items[3].block->type, "c");
}

TEST_F(ItemParseTest, ErrorsOfItemsBeforeASyntaxErrorAreReportedOnce) {
  ParseText("a { x = 1e999 }\nb { y = }\nc { z = 1e999 }\n");
  EXPECT_EQ(Rendered(),
            "main.berth:1:9: error: number `1e999` is too large to represent\n"
            "    1 | a { x = 1e999 }\n"
            "      |         ^~~~~\n"
            "main.berth:2:9: error: unexpected `}`: expected an expression\n"
            "    2 | b { y = }\n"
            "      |         ^\n"
            "main.berth:3:3: error: unexpected `{`: expected an attribute, a block or `}`\n"
            "    3 | c { z = 1e999 }\n"
            "      |   ^\n"
            "main.berth:3:9: error: number `1e999` is too large to represent\n"
            "    3 | c { z = 1e999 }\n"
            "      |         ^~~~~\n");
}

TEST_F(ItemParseTest, ErrorsOfAValidFileAreKept) {
  ast::File file = ParseText("a { x = 1e999 }\nb { y = 2 }\n");
  EXPECT_EQ(file.items.size(), 2u);
  EXPECT_EQ(Rendered(),
            "main.berth:1:9: error: number `1e999` is too large to represent\n"
            "    1 | a { x = 1e999 }\n"
            "      |         ^~~~~\n");
}

}  // namespace
}  // namespace berth::parse_test
