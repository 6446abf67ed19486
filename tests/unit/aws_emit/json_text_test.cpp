// The JSON text `berth emit aws` writes without nlohmann's trees: byte for byte what dump() writes.
#include "backends/aws/json_text.h"

#include <gtest/gtest.h>

namespace berth::aws {
namespace {

TEST(JsonText, StringsAreEscapedAsDumpEscapesThem) {
  for (std::string text :
       {std::string(""), std::string("plain"), std::string("say \"hi\"\\now"),
        std::string("tab\there\nnew\rline\b\f"), std::string("\x01\x1f\x7f end", 6),
        std::string("caf\xc3\xa9 \xe2\x82\xac"), std::string("{{berth:a[\"b\"].c}}")}) {
    std::string out = "x";
    AppendJsonString(out, text);
    EXPECT_EQ(out, "x" + Json(text).dump()) << text;
  }
  // Bytes that are not UTF-8 fail as nlohmann's dump fails: no different file is written.
  std::string out;
  EXPECT_THROW(AppendJsonString(out, "bad \xff"), Json::type_error);
}

TEST(JsonText, RequestsAreDumpedWithTwoSpacesAndANewline) {
  Json body = {{"family", "api"},
               {"cpu", 256},
               {"ratio", 0.5},
               {"list", Json::array({1, "a"})},
               {"empty", Json::object()}};
  std::string out = "left over from the previous body";
  DumpRequest(body, out);
  EXPECT_EQ(out, body.dump(2) + "\n");
}

}  // namespace
}  // namespace berth::aws
