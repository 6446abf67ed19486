// Comments survive formatting, in order, leading (own line) or trailing (end of line).
#include <gtest/gtest.h>

#include "tests/unit/fmt/fmt_test_util.h"

namespace berth::fmt_test {
namespace {

TEST(FormatComments, LeadingAndTrailingOnAttributes) {
  EXPECT_EQ(CheckedFormat("cluster \"main\" {\n"
                          "    # why insights\n"
                          "  container_insights=true   # costs money\n"
                          "  // another\n"
                          "  name = \"x\" /* block */\n"
                          "}\n"),
            "cluster \"main\" {\n"
            "  # why insights\n"
            "  container_insights = true # costs money\n"
            "  // another\n"
            "  name = \"x\" /* block */\n"
            "}\n");
}

TEST(FormatComments, BetweenTopLevelBlocksAndAtTheEnds) {
  EXPECT_EQ(CheckedFormat("# header\n\n\n"
                          "cluster \"a\" {} # after a\n"
                          "\n\n"
                          "# about b\n"
                          "cluster \"b\" {}\n"
                          "# end of file   \n\n\n"),
            "# header\n"
            "\n"
            "cluster \"a\" {} # after a\n"
            "\n"
            "# about b\n"
            "cluster \"b\" {}\n"
            "# end of file\n");
}

TEST(FormatComments, InsideBodiesAtStartAndEnd) {
  EXPECT_EQ(CheckedFormat("service \"api\" { # the api\n"
                          "  desired_count = 2\n"
                          "  # dangling at the end\n"
                          "}   // after the block\n"
                          "cluster \"main\" {\n"
                          "  # only a comment\n"
                          "}\n"
                          "network { /* inline */ }\n"),
            "service \"api\" { # the api\n"
            "  desired_count = 2\n"
            "  # dangling at the end\n"
            "} // after the block\n"
            "cluster \"main\" {\n"
            "  # only a comment\n"
            "}\n"
            "network { /* inline */\n"
            "}\n");
}

TEST(FormatComments, InHeadersMoveAboveTheBlock) {
  EXPECT_EQ(CheckedFormat("service /* a */ \"api\" # b\n"
                          "{\n"
                          "  x = 1\n"
                          "}\n"),
            "/* a */\n"
            "service \"api\" { # b\n"
            "  x = 1\n"
            "}\n");
}

TEST(FormatComments, FileOfOnlyComments) {
  EXPECT_EQ(CheckedFormat("# one\n// two\n\n/* three\n   spans lines */\n"),
            "# one\n// two\n\n/* three\n   spans lines */\n");
  EXPECT_EQ(CheckedFormat("# no final newline"), "# no final newline\n");
}

TEST(FormatComments, InsideListsAndMapsForceOneEntryPerLine) {
  EXPECT_EQ(CheckedFormat("task \"t\" {\n"
                          "  ports = [80, # http\n"
                          "    # then tls\n"
                          "    443]\n"
                          "  env = { A = 1 /* a */, B = 2\n"
                          "  # trailing in map\n"
                          "  }\n"
                          "}\n"),
            "task \"t\" {\n"
            "  ports = [\n"
            "    80, # http\n"
            "    # then tls\n"
            "    443,\n"
            "  ]\n"
            "  env = {\n"
            "    A = 1 /* a */\n"
            "    B = 2\n"
            "    # trailing in map\n"
            "  }\n"
            "}\n");
}

TEST(FormatComments, NestedCollectionsHoldTheirComments) {
  EXPECT_EQ(CheckedFormat("let x = [[1, # one\n 2], 3]\n"),
            "let x = [\n"
            "  [\n"
            "    1, # one\n"
            "    2,\n"
            "  ],\n"
            "  3,\n"
            "]\n");
}

TEST(FormatComments, WithNoPlaceOfTheirOwnMoveAboveTheItem) {
  EXPECT_EQ(CheckedFormat("service \"s\" {\n"
                          "  a = 1\n"
                          "  b = merge(x, # first\n"
                          "    y /* second */) # third\n"
                          "  c = # fourth\n"
                          "    2\n"
                          "}\n"),
            "service \"s\" {\n"
            "  a = 1\n"
            "  # first\n"
            "  /* second */\n"
            "  b = merge(x, y) # third\n"
            "  # fourth\n"
            "  c = 2\n"
            "}\n");
}

TEST(FormatComments, InsideStringsInterpolationsMoveAboveTheItem) {
  EXPECT_EQ(CheckedFormat("let s = \"a${ [1, # c\n 2][0] }\"\n"),
            "# c\n"
            "let s = \"a${[1, 2][0]}\"\n");
}

TEST(FormatComments, EmptyCollectionsWithComments) {
  EXPECT_EQ(CheckedFormat("let a = [ # nothing yet\n]\nlet m = {\n  # none\n}\n"),
            "let a = [\n"
            "  # nothing yet\n"
            "]\n"
            "let m = {\n"
            "  # none\n"
            "}\n");
}

TEST(FormatComments, SameLineBlockCommentBeforeNextItem) {
  EXPECT_EQ(CheckedFormat("x { a = 1 /* about a */ b = 2 }"),
            "x {\n"
            "  a = 1 /* about a */\n"
            "  b = 2\n"
            "}\n");
}

TEST(FormatComments, MultiLineBlockCommentsKeepTheirLines) {
  EXPECT_EQ(CheckedFormat("x {\n"
                          "    /*\n"
                          "     * explained\n"
                          "     */\n"
                          "    a = 1\n"
                          "}\n"),
            "x {\n"
            "  /*\n"
            "     * explained\n"
            "     */\n"
            "  a = 1\n"
            "}\n");
}

TEST(FormatComments, CommentAfterItemOnNextItemsLineBelongsToTheFirst) {
  // `# c` follows element 2 on the line element 1 ends on: it must stay after 2.
  EXPECT_EQ(CheckedFormat("let x = [1, 2 # c\n, 3]\n"),
            "let x = [\n"
            "  1,\n"
            "  2, # c\n"
            "  3,\n"
            "]\n");
}

}  // namespace
}  // namespace berth::fmt_test
