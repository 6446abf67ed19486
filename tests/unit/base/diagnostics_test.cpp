// The diagnostic renderer: whole rendered strings, caret lines included.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "compiler/base/diagnostics.h"

namespace berth {
namespace {

TEST(DiagnosticsRender, LocationSourceLineCaretAndNote) {
  SourceManager sources;
  uint32_t id = sources.Add("main.berth", "task \"api\" {\n  memroy = 512MiB\n}\n");
  Diagnostics diags;
  diags.Error({id, 2, 3, 2, 9}, "unknown attribute `memroy` in task")
      .notes.push_back({"did you mean `memory`?", {}});
  EXPECT_EQ(RenderDiagnosticText(diags.all()[0], sources),
            "main.berth:2:3: error: unknown attribute `memroy` in task\n"
            "    2 |   memroy = 512MiB\n"
            "      |   ^~~~~~\n"
            "note: did you mean `memory`?\n");
}

TEST(DiagnosticsRender, CaretCountsCodePointsAndKeepsTabs) {
  SourceManager sources;
  uint32_t id = sources.Add("f.berth", "\tlet é = @\n");
  Diagnostics diags;
  diags.Error({id, 1, 10, 1, 11}, "unexpected character `@`");
  EXPECT_EQ(RenderDiagnosticText(diags.all()[0], sources),
            "f.berth:1:10: error: unexpected character `@`\n"
            "    1 | \tlet é = @\n"
            "      | \t        ^\n");
}

TEST(DiagnosticsRender, InvalidBytesAndControlCharactersAreShownAsQuestionMarks) {
  SourceManager sources;
  uint32_t id = sources.Add("f.berth", std::string("x = \"a\xff\x1b\"\n"));
  Diagnostics diags;
  diags.Error({id, 1, 7, 1, 8}, "invalid UTF-8 byte 0xff");
  std::string text = RenderDiagnosticText(diags.all()[0], sources);
  EXPECT_EQ(text,
            "f.berth:1:7: error: invalid UTF-8 byte 0xff\n"
            "    1 | x = \"a??\"\n"
            "      |       ^\n");
}

TEST(DiagnosticsRender, LongLinesAreCutAroundTheCaret) {
  SourceManager sources;
  std::string line = "let x = \"" + std::string(100000, 'a') + "@";
  uint32_t id = sources.Add("f.berth", line + "\n");
  Diagnostics diags;
  uint32_t col = static_cast<uint32_t>(line.size());
  diags.Error({id, 1, col, 1, col + 1}, "unexpected character `@`");
  std::string text = RenderDiagnosticText(diags.all()[0], sources);
  EXPECT_LT(text.size(), 600u);
  EXPECT_NE(text.find("...aaaa"), std::string::npos) << text;
  EXPECT_NE(text.find("a@\n"), std::string::npos) << text;
}

TEST(DiagnosticsRender, SortedWithACountAndAsJsonLines) {
  SourceManager sources;
  uint32_t id = sources.Add("f.berth", "a\nb\n");
  Diagnostics diags;
  diags.Error({id, 2, 1, 2, 2}, "second");
  diags.Error({id, 1, 1, 1, 2}, "first");
  diags.Error({}, "cannot read x: No such file or directory");
  std::ostringstream text;
  RenderDiagnosticsText(diags, sources, text);
  EXPECT_EQ(text.str(),
            "error: cannot read x: No such file or directory\n"
            "f.berth:1:1: error: first\n    1 | a\n      | ^\n"
            "f.berth:2:1: error: second\n    2 | b\n      | ^\n"
            "3 errors\n");
  std::ostringstream json;
  RenderDiagnosticsJson(diags, sources, json);
  std::istringstream lines(json.str());
  std::string line;
  std::vector<std::string> messages;
  while (std::getline(lines, line)) messages.push_back(nlohmann::json::parse(line)["message"]);
  EXPECT_EQ(messages, (std::vector<std::string>{"cannot read x: No such file or directory", "first",
                                                "second"}));
}

TEST(DiagnosticsSuggest, ClosestMatchWithinASmallDistance) {
  EXPECT_EQ(ClosestMatch("memroy", {"memory", "cpu", "family"}), "memory");
  EXPECT_EQ(ClosestMatch("zzzzzz", {"memory", "cpu"}), std::nullopt);
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3u);
}

}  // namespace
}  // namespace berth
