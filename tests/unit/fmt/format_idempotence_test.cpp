// Formatting keeps the program and comments and is a fixed point, over a range of inputs and
// every .berth file of examples/ and stdlib/.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/unit/fmt/fmt_test_util.h"

namespace berth::fmt_test {
namespace {

const char* const kInputs[] = {
    "",
    "# only\n",
    "cluster \"main\" { container_insights = true }",
    "let x = a ? b ? c : d : e",
    "let x = if a then if b then c else d else e",
    "let x = if (if a then b else c) then d else e",
    "let x = (if a then b else c) ? d : e",
    "let x = a ? (if b then c else d) : e",
    "let x = -(-x)",
    "let x = !!x",
    "let x = a - -b",
    "let x = (a.b)[c].d",
    "let x = \"${\"lit\"}-${\"\"}${\"$\"}{\"",
    "let x = f(g(h(1, [2, {a = 3}])))",
    "let x = [for k, v in {a = 1} : {name = k, value = [v]} if v > 0]",
    "let x = {for k in keys(m) : \"${k}-x\" => [m[k]] if length(k) > 1}",
    "let x = \"${\"${\"nested\"}\"}\"",
    "let x = \"$\" let y = \"$$\" let z = \"a$\"",
    "let x = \"$${a}\" let y = \"\\$${a}\"",
    "let x = {(a) = 1, \"b\" = 2, c = 3, d: 4; e = 5,}",
    "let x = [[[[[]]]]]",
    "let x = {a = {b = {c = {}}}}",
    "x { a = [1, 2, # c\n 3] b = [\n# d\n] }",
    "x { /* a */ y { /* b */ z { /* c */ } } } /* d */",
    "x {\n  a = 1 # one\n  bb = 2 # two\n\n\n  ccc = 3\n}",
    "x { a = 1 } y { b = 2 }\n\n\n\nz {}",
    "let a = 1 let bb = 2\nimport \"std/x\" let ccc = 3",
    "x \"y\" { a = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, "
    "23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35] }",
    "x { m = { aaaaaaaaaaaaaaaaaaaaaa = \"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\", "
    "ccccccccccccccccccccccc = \"dddddddddddddddddddddddddddddddddddd\" } }",
    "let x = merge({ # c\n a = 1 }, b)",
    "let x = [for x in xs : { # c\n a = x }]",
    "let x = f( # moved\n [1, # kept? no: moved with the rest\n 2])",
    "let x = 1 /* a\n b */ /* c */\nlet y = 2",
    "let x = [1, /* c */ 2]",
    "x { a = 1 /* c */ }",
    "x { a = [\n 1 ] # after\n}",
    "x \"y\" /* in header */ { }",
    "x // c\n{ a = 1 }",
    "x {\n\n  # lone\n\n}",
    "let x = 1;;;let y = 2;",
    "let x = \"tab\\there\\nnewline \\\"q\\\" back\\\\slash\"",
    "let x = \"日本語 ${var.x} ü\"",
    "let x = ( # c\n [1, 2])",
    "let x = ([1, 2] # c\n)",
    "let x = {a = ( # c\n 1)}",
    "x {\r\n  a = 1 # crlf\r\n\r\n  /* b\r\n  c */\r\n}\r\n",
};

class FormatIdempotence : public ::testing::TestWithParam<const char*> {};

TEST_P(FormatIdempotence, KeepsProgramAndCommentsAndIsAFixedPoint) {
  CheckedFormat(GetParam());
  FormatOptions narrow;
  narrow.max_width = 24;
  CheckedFormat(GetParam(), narrow);
}

INSTANTIATE_TEST_SUITE_P(Inputs, FormatIdempotence, ::testing::ValuesIn(kInputs));

TEST(FormatIdempotence, LongChainsAndDeepNesting) {
  std::string chain = "let x = 1";
  for (int i = 0; i < 20000; ++i) chain += i % 7 == 0 ? " * x" : " + 1";
  CheckedFormat(chain);

  std::string deep = "let y = ";
  for (int i = 0; i < 200; ++i) deep += "[0, # level\n";
  for (int i = 0; i < 200; ++i) deep += "]";
  std::string formatted = CheckedFormat(deep);
  EXPECT_NE(formatted.find(std::string(400, ' ') + "0, # level\n"), std::string::npos);
}

std::vector<std::filesystem::path> SourceFiles() {
  std::vector<std::filesystem::path> files;
  for (const char* dir : {"examples", "stdlib", "tests/golden", "tests/e2e"}) {
    std::filesystem::path root = std::filesystem::path(BERTH_SOURCE_DIR) / dir;
    std::error_code ec;
    if (!std::filesystem::is_directory(root, ec)) continue;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root, ec)) {
      if (entry.is_regular_file() && entry.path().extension() == ".berth") {
        files.push_back(entry.path());
      }
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(FormatIdempotence, EveryExampleAndStdlibFile) {
  std::vector<std::filesystem::path> files = SourceFiles();
  for (const std::filesystem::path& path : files) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    // Test inputs about syntax errors have nothing to format.
    if (!ParsesCleanly(text.str())) continue;
    SCOPED_TRACE(path.string());
    CheckedFormat(text.str());
  }
  if (files.empty()) GTEST_SKIP() << "no .berth files under examples/ or stdlib/ yet";
}

// The code blocks of the language reference: most are whole programs or fragments that parse.
TEST(FormatIdempotence, CodeBlocksOfTheDocs) {
  std::filesystem::path docs = std::filesystem::path(BERTH_SOURCE_DIR) / "docs";
  std::error_code ec;
  int checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(docs, ec)) {
    if (entry.path().extension() != ".md") continue;
    std::ifstream in(entry.path());
    std::string line;
    std::string block;
    bool inside = false;
    while (std::getline(in, line)) {
      if (line.starts_with("```")) {
        if (inside && ParsesCleanly(block)) {
          SCOPED_TRACE(entry.path().string() + ":\n" + block);
          CheckedFormat(block);
          ++checked;
        }
        inside = !inside;
        block.clear();
        continue;
      }
      if (inside) block += line + "\n";
    }
  }
  if (checked == 0) GTEST_SKIP() << "no parsable code blocks under docs/";
}

}  // namespace
}  // namespace berth::fmt_test
