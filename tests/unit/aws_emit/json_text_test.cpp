// The pretty-printed JSON that berth writes without nlohmann's serializer (JsonTextWriter) must
// be dump(2)'s bytes exactly: CloudFormation templates are written with it and split by the
// lengths of its texts.
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "backends/aws/json_size.h"
#include "backends/aws/json_text.h"

namespace berth::aws {
namespace {

// Escapes, UTF-8, control characters, floats, signs, empty containers, nesting.
const char* const kDocument = R"({
  "plain": "text",
  "quotes": "say \"hi\" \\ back\\slash",
  "control": "tab\tnew\nline\u0001bell",
  "utf8": "caf\u00e9 \u6771\u4eac",
  "key \"quoted\"": [1, -2, 0, -9223372036854775808, 18446744073709551615, 3.25, 1e300, -0.5],
  "flags": [true, false, null],
  "empty": {"object": {}, "array": [], "string": ""},
  "nested": [[{"a": [{"b": {"c": ["d"]}}]}], []]
})";

TEST(JsonText, WritesWhatDumpWrites) {
  Json value = Json::parse(kDocument);
  for (unsigned indent : {0u, 2u, 6u}) {
    std::ostringstream text;
    {
      JsonTextWriter writer(text);
      writer.Value(value, indent);
      writer.Flush();
      std::string written = text.str();
      EXPECT_EQ(writer.newlines(), std::count(written.begin(), written.end(), '\n'));
    }
    std::string expected;
    nlohmann::detail::serializer<Json> serializer(nlohmann::detail::output_adapter<char>(expected),
                                                  ' ');
    serializer.dump(value, true, false, 2, indent);
    EXPECT_EQ(text.str(), expected) << "indent " << indent;
    EXPECT_EQ(DumpedSize(value, 2, indent), expected.size()) << "indent " << indent;
  }
  for (const auto& [key, item] : value.items())
    EXPECT_EQ(StringDumpedSize(key), Json(key).dump().size()) << key;
}

TEST(JsonText, OneKeyObjectsCanBeWrittenOtherwise) {
  Json value =
      Json::parse(R"({"a": {"Ref": "X"}, "b": [{"Ref": "Y"}], "c": {"Ref": "Z", "d": 1}})");
  std::ostringstream text;
  {
    JsonTextWriter writer(text);
    writer.one_key_object = [](JsonTextWriter& w, const Json& object, unsigned) {
      if (object.front() != "Y") return false;
      w.Raw("\"y\"");
      return true;
    };
    writer.Value(value, 0);
  }
  Json expected = value;
  expected["b"][0] = "y";
  EXPECT_EQ(text.str(), expected.dump(2));
}

TEST(JsonText, StringsAreEscapedAsDumpEscapesThem) {
  for (std::string text :
       {std::string(""), std::string("plain"), std::string("say \"hi\"\\now"),
        std::string("tab\there\nnew\rline\b\f"), std::string("\x01\x1f\x7f end", 6),
        std::string("caf\xc3\xa9 \xe2\x82\xac"), std::string("{{berth:a[\"b\"].c}}"),
        // Longer than a word of eight bytes, with the byte to escape early, late or nowhere.
        std::string("arn:aws:iam::111122223333:role/service-role/ecsTaskExecution"),
        std::string("0123456789abcdef\"ghijklmnopqrstuvwxyz"),
        std::string("0123456789abcdefghijklmnopqrstuv\\"), std::string("0123456789abc\tdefgh"),
        std::string("0123456789abcdefghij\xc3\xa9klmnop"),
        std::string("0123456\x7f"
                    "89abcdefgh")}) {
    std::string out = "x";
    AppendJsonString(out, text);
    EXPECT_EQ(out, "x" + Json(text).dump()) << text;
  }
  // Bytes that are not UTF-8 fail as nlohmann's dump fails: no different file is written.
  std::string out;
  EXPECT_THROW(AppendJsonString(out, "bad \xff"), Json::type_error);
}

// Into a string (a request body, made in one buffer for all of them): appended, never flushed.
TEST(JsonText, WritesIntoAString) {
  Json value = Json::parse(kDocument);
  std::string text = "before ";
  {
    JsonTextWriter writer(text);
    writer.Value(value, 0);
    writer.Flush();
  }
  EXPECT_EQ(text, "before " + value.dump(2));
}

}  // namespace
}  // namespace berth::aws
