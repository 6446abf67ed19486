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

// Hooks change what is written in the same walk (the CloudFormation writer's: cased keys,
// placeholders as intrinsics, references recorded): here keys capitalised except below "data",
// "skip" left out, the string "Y" and the object {"Ref": "Z"} written otherwise.
struct TestHooks {
  bool capitalize = true;
  bool Object(JsonTextWriter& writer, const Json& object, unsigned) {
    if (object.size() != 1 || !object.contains("Ref") || object["Ref"] != "Z") return false;
    writer.Raw("\"z\"");
    return true;
  }
  bool String(JsonTextWriter& writer, const std::string& text, unsigned indent) {
    if (text != "Y") return false;
    writer.Value(Json{{"was", "Y"}}, indent);
    return true;
  }
  template <typename Write>
  void Members(const Json::object_t& members, Write&& write) {
    for (const auto& [key, value] : members) {
      if (key == "skip") continue;
      TestHooks below{capitalize && key != "data"};
      write(key, capitalize, value, below);
    }
  }
};

TEST(JsonText, HooksChangeKeysStringsAndObjectsOnTheWay) {
  Json value = Json::parse(R"({"a": {"Ref": "X"}, "b": [{"Ref": "Z"}, "Y"], "skip": 1,
      "data": {"kept": {"Ref": "Z"}, "skip": {}}, "only": {"skip": 2}, "Zero": "caf\u00e9"})");
  std::string text;
  size_t newlines;
  {
    JsonTextWriter writer(text);
    TestHooks hooks;
    writer.Value(value, 2, hooks);
    newlines = writer.newlines();
  }
  Json expected = Json::parse(R"({"A": {"Ref": "X"}, "B": ["z", {"was": "Y"}],
      "Data": {"kept": "z"}, "Only": {}, "Zero": "caf\u00e9"})");
  std::string dumped;
  nlohmann::detail::serializer<Json> serializer(nlohmann::detail::output_adapter<char>(dumped),
                                                ' ');
  serializer.dump(expected, true, false, 2, 2);
  EXPECT_EQ(text, dumped);
  EXPECT_EQ(newlines, std::count(text.begin(), text.end(), '\n'));
}

TEST(JsonText, CapitalizedKeysAreEscapedAsDumpEscapesThem) {
  for (std::string key : {std::string(""), std::string("a"), std::string("family"),
                          std::string("Family"), std::string("9lives"), std::string("say \"hi\""),
                          std::string("caf\xc3\xa9"), std::string("x\ty")}) {
    std::string capitalized = key;
    if (!key.empty() && key[0] >= 'a' && key[0] <= 'z') capitalized[0] = key[0] - 'a' + 'A';
    std::string out = "x";
    AppendCapitalizedJsonString(out, key);
    EXPECT_EQ(out, "x" + Json(capitalized).dump()) << key;
  }
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

// Strings are looked at in blocks of 8 and 16 bytes: every length around them, with one byte to
// escape (or UTF-8 to check) at every place, or none.
TEST(JsonText, EscapesAreFoundAtEveryPlaceOfEveryLength) {
  for (size_t length = 0; length <= 40; ++length) {
    for (size_t place = 0; place <= length; ++place) {
      for (const char* special : {"\"", "\\", "\n", "\x1f", "\xc3\xa9"}) {
        std::string text(length, 'a');
        if (place < length) text.replace(place, 1, special);
        std::string out;
        AppendJsonString(out, text);
        EXPECT_EQ(out, Json(text).dump()) << length << " " << place;
      }
    }
  }
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
