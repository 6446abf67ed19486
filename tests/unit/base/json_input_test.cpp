#include "compiler/base/json_input.h"

#include <gtest/gtest.h>

namespace berth {
namespace {

JsonInputError ErrorOf(std::string_view text) {
  JsonInputError error;
  EXPECT_FALSE(ParseJsonInput(text, error).has_value()) << text;
  return error;
}

TEST(JsonInput, ParsesJson) {
  JsonInputError error;
  auto document = ParseJsonInput(R"({"a": [1, 2.5, "x"]})", error);
  ASSERT_TRUE(document.has_value());
  EXPECT_EQ((*document)["a"][2], "x");
}

TEST(JsonInput, PlacesASyntaxErrorAtItsLineAndColumn) {
  JsonInputError error = ErrorOf("{\n  \"a\": 1,\n  \"b\": ]\n}");
  EXPECT_EQ(error.line, 3u);
  EXPECT_EQ(error.column, 8u);
  EXPECT_EQ(error.message,
            "syntax error while parsing value - unexpected ']'; expected '[', '{', or a literal");
}

TEST(JsonInput, PlacesAnEarlyEndAfterTheLastByte) {
  JsonInputError error = ErrorOf("{\"a\": ");
  EXPECT_EQ(error.line, 1u);
  EXPECT_EQ(error.column, 7u);
  EXPECT_NE(error.message.find("unexpected end of input"), std::string::npos) << error.message;
}

// nlohmann throws out_of_range.406 for these even when asked not to throw on syntax errors'
// second parse: the message and place come from the SAX parse instead.
TEST(JsonInput, NumberBeyondADoubleIsAnErrorAtTheNumber) {
  JsonInputError error = ErrorOf("{\n  \"cpu\": 1e99999\n}");
  EXPECT_EQ(error.line, 2u);
  EXPECT_EQ(error.column, 10u);
  EXPECT_EQ(error.message, "number overflow parsing '1e99999'");
}

TEST(JsonInput, EmptyAndNulAndInvalidUtf8AreErrors) {
  EXPECT_EQ(ErrorOf("").line, 1u);
  EXPECT_EQ(ErrorOf(std::string_view("[1,\0]", 5)).column, 4u);
  JsonInputError utf8 = ErrorOf("[\"\xff\"]");
  EXPECT_EQ(utf8.column, 3u);
  EXPECT_NE(utf8.message.find("UTF-8"), std::string::npos) << utf8.message;
}

// nlohmann finds a misspelt literal at the byte where it stops matching (here the newline
// after `tru`): the caret goes there.
TEST(JsonInput, RendersLikeTheCompilersDiagnostics) {
  std::string text = "{\n  \"a\": tru\n}";
  JsonInputError error = ErrorOf(text);
  EXPECT_EQ(RenderJsonInputError("in.json", text, error),
            "in.json:2:11: error: not valid JSON: " + error.message +
                "\n    2 |   \"a\": tru\n      |           ^\n");
}

TEST(JsonInput, ErrorTextDropsNlohmannsTag) {
  try {
    (void)nlohmann::json("x").get<int>();
    FAIL() << "expected a type error";
  } catch (const nlohmann::json::exception& e) {
    EXPECT_EQ(JsonErrorText(e), "type must be number, but is string");
  }
}

}  // namespace
}  // namespace berth
