// The state file's two readers (issue 15): the reader of the bytes (ReadStateFast, what
// LoadState tries first) must accept only what the document reader (ReadStateDocument) accepts,
// and read it to the same values, kinds and sensitivity marks included; on anything else it
// gives up and the document reader words the error.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <thread>

#include "cli/driver.h"
#include "planner/state.h"
#include "planner/state_value_json.h"
#include "tests/unit/state/state_test_util.h"

namespace berth::state {
namespace {

// Everything a reader gives, in a form that compares kinds and sensitivity too (Value's ==
// ignores sensitivity): the exact JSON of each value.
std::string Dump(const State& s) {
  std::string out = s.lineage + " " + std::to_string(s.serial) + "\n";
  for (const Resource& r : s.resources) {
    out +=
        r.address + " " + r.kind + " " + ValueToJson(r.attributes) + " " + ValueToJson(r.computed);
    for (const std::string& d : r.depends_on) out += " " + d;
    out += "\n";
  }
  return out;
}

struct Reads {
  bool fast = false;
  bool document = false;
  std::string fast_dump, document_dump, error;
};

Reads ReadBoth(std::string_view text) {
  Reads reads;
  State fast, document;
  reads.fast = ReadStateFast(text, fast);
  reads.document = ReadStateDocument(text, document, reads.error);
  if (reads.fast) reads.fast_dump = Dump(fast);
  if (reads.document) reads.document_dump = Dump(document);
  return reads;
}

// The fast reader never accepts more than the document reader, nor reads anything else.
void ExpectNoMoreThanTheDocument(std::string_view text) {
  Reads reads = ReadBoth(text);
  if (!reads.fast) return;
  ASSERT_TRUE(reads.document) << "the fast reader accepted what the document reader refuses ("
                              << reads.error << "):\n"
                              << text;
  ASSERT_EQ(reads.fast_dump, reads.document_dump) << text;
}

// Both read `text`, the same.
void ExpectBothRead(std::string_view text) {
  Reads reads = ReadBoth(text);
  ASSERT_TRUE(reads.document) << reads.error << "\n" << text;
  ASSERT_TRUE(reads.fast) << "the fast reader gave up on:\n" << text;
  EXPECT_EQ(reads.fast_dump, reads.document_dump) << text;
}

std::string Wrap(std::string_view attributes) {
  return std::string(R"({"format_version":1,"lineage":"ab","serial":3,"resources":[)"
                     R"({"address":"x.a","kind":"x","attributes":)") +
         std::string(attributes) + "}]}";
}

State RichState() {
  State s = SampleState();
  Value attributes = Value::Map({
      {"$dollar", Value::Map({{"$ref", Value::String("not a tag: a map key")}})},
      {"url", Value::Template(
                  {Value::String("https://"), Value::Ref("load_balancer.public", "dns_name")})},
      {"text", Value::String("tab\t quote\" backslash\\ newline\n nul" + std::string(1, '\0') +
                             " \x01 é 日本 😀 \x7f")},
      {"numbers", Value::List({Value::Number(0), Value::Number(-1.5), Value::Number(1e300),
                               Value::Number(123456789012345678.0), Value::Number(0.1),
                               Value::Percent(70), Value::Cpu(0.25)})},
      {"units", Value::List({Value::Duration(1), Value::Duration(90000), Value::Size(1024),
                             Value::Size(3.0 * 1099511627776.0)})},
      {"nothing", Value::Null()},
      {"flags", Value::List({Value::Bool(true), Value::Bool(false), Value::List({})})},
      {"empty", Value::Map({})},
  });
  s.Put({"module.web.task.api",
         "task",
         attributes,
         Value::Map({{"arn", Value::String("a")}}),
         {"task.api", "cluster.main"}});
  return s;
}

std::string SavedText(State state) {
  ScratchDir dir;
  std::string error;
  EXPECT_TRUE(SaveState(dir.File("state.json"), state, error)) << error;
  return ReadAll(dir.File("state.json"));
}

TEST(StateTextReader, ReadsWhatBerthWritesAsTheDocumentReaderDoes) {
  std::string text = SavedText(RichState());
  ASSERT_NE(text.find("$digest"), std::string::npos) << "the sample holds a sensitive value";
  ASSERT_NE(text.find(R"("$map")"), std::string::npos) << text;
  ExpectBothRead(text);
  // Compact (no whitespace), as the journal and saved plans write values.
  std::string compact;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"' && (i == 0 || text[i - 1] != '\\')) in_string = !in_string;
    if (in_string || (c != ' ' && c != '\n')) compact += c;
  }
  ExpectBothRead(compact);
}

TEST(StateTextReader, ReadsValidJsonBerthDoesNotWriteTheSameWay) {
  // Keys out of order, unknown keys (any JSON, skipped), escapes, whitespace, absent optionals.
  ExpectBothRead(
      " \t\r\n{ \"resources\" : [ ] , \"serial\" : 0 , \"x\" : [ { \"y\" : [1e2, "
      "-0.5E-3, true, null, \"\\u00e9\"] } ] , \"lineage\" : \"l\" , "
      "\"format_version\" : 1 } \n");
  // Every printable ASCII character, in strings longer than the eight bytes read at a time.
  std::string printable;
  for (char c = 0x20; c < 0x7f; ++c) {
    if (c != '"' && c != '\\') printable += c;
  }
  printable += "\x7f\\\\\\\"";
  ExpectBothRead(Wrap("{\"" + printable + "\":\"" + printable + printable + "\"}"));
  // Runs of spaces longer and shorter than the eight bytes read at a time, mixed with the other
  // whitespace, and spaces inside strings.
  ExpectBothRead("{\n" + std::string(17, ' ') + "\"format_version\":" + std::string(8, ' ') +
                 "1,\n\t \r\n" + std::string(9, ' ') + "\"lineage\"\n:\"a        b\", " +
                 "\"serial\":1,\"resources\":[" + std::string(23, ' ') + "]" + std::string(7, ' ') +
                 "}" + std::string(15, ' '));
  ExpectBothRead(R"({"format_version":1,"lineage":"ab","serial":18446744073709551615,)"
                 R"("resources":[{"kind":"x","extra":{"a":[{}]},"address":"x.a","attributes":{},)"
                 R"("computed":null}]})");
  for (const char* attributes : {
           R"({"b":1,"a":2,"C":3,"":4})",
           R"({"s":"\u00e9\ud83d\ude00\/\b\f\n\r\t\"\\\u0000"})",
           R"({"n":[-0,0,-9223372036854775808,-9223372036854775809,18446744073709551616,)"
           R"(1.7976931348623157e308,5e-324,0.1e1,12E+2]})",
           R"({"t":{"attribute":"arn","$ref":"a.b"}})",
           R"({"m":{"$map":{"$ref":"x","b":{"$duration":"1.5s"}}}})",
           R"({"p":{"$percent":7e1},"c":{"$cpu":-0}})",
           R"({"$sensitive":{"a":1}})",
           R"({"d":{"$sensitive":{"$digest":"hmac-sha256:)"
           R"(0000000000000000000000000000000000000000000000000000000000000000"}}})",
           R"({"s":{"$secret":"arn"},"y":{"$symbol":"rollback"},"z":{"$size":"2GiB"}})",
           R"({"t":{"$template":["a",{"$ref":"r.s","attribute":"x"},"b"]}})",
           R"({"t":{"$template":[{"$ref":"r.s"}]}})",
       }) {
    SCOPED_TRACE(attributes);
    ExpectBothRead(Wrap(attributes));
  }
}

TEST(StateTextReader, GivesUpWhereTheDocumentReaderRefuses) {
  // Each is refused by the document reader (or read by it alone: a duplicate key, which it
  // resolves by keeping the last); the fast reader must not read any of them.
  for (std::string text : {
           Wrap(R"({"a":01})"),
           Wrap(R"({"a":1.})"),
           Wrap(R"({"a":.5})"),
           Wrap(R"({"a":1e400})"),
           Wrap(R"({"a":-})"),
           Wrap(R"({"a":+1})"),
           Wrap(R"({"a":"\ud800"})"),
           Wrap(R"({"a":"\udc00\ud800"})"),
           Wrap(R"({"a":"\x"})"),
           Wrap(R"({"a":"\u12"})"),
           Wrap("{\"a\":\"\xc0\x80\"}"),
           Wrap("{\"a\":\"\xed\xa0\x80\"}"),
           Wrap("{\"a\":\"\xf4\x90\x80\x80\"}"),
           Wrap("{\"a\":\"\xe2\x82\"}"),
           Wrap("{\"a\":\"tab\there\"}"),
           Wrap("{\"a\":\"0123456789\x01\"}"),
           Wrap("{\"a\":\"01234567\x1f\"}"),
           Wrap("{\"a\":\"0123456789abcde\xff\"}"),
           Wrap(R"({"a":tru})"),
           Wrap(R"({"a":1,})"),
           Wrap(R"({"a":1,"a":2})"),
           Wrap(R"({"a":{"$ref":"x","$map":{}}})"),
           Wrap(R"({"a":{"$map":[]}})"),
           Wrap(R"({"a":{"$ref":1}})"),
           Wrap(R"({"a":{"$duration":"5 parsecs"}})"),
           Wrap(R"({"a":{"$percent":"7"}})"),
           Wrap(R"({"a":{"$digest":"md5:00"}})"),
           Wrap(R"({"a":{"$template":["no ref"]}})"),
           Wrap(R"({"a":{"$unknown":1}})"),
           Wrap(R"({"a":{"$secret":"x","b":1}})"),
           Wrap("[]"),
           Wrap(R"({})") + " x",
           std::string(R"({"format_version":1.0,"lineage":"a","serial":1,"resources":[]})"),
           std::string(R"({"format_version":2,"lineage":"a","serial":1,"resources":[]})"),
           std::string(R"({"format_version":1,"lineage":"","serial":1,"resources":[]})"),
           std::string(R"({"format_version":1,"lineage":"a","serial":-1,"resources":[]})"),
           std::string(R"({"format_version":1,"lineage":"a","serial":-0,"resources":[]})"),
           std::string(R"({"format_version":1,"lineage":"a","serial":18446744073709551616,)"
                       R"("resources":[]})"),
           std::string(R"({"format_version":1,"lineage":"a","serial":1,"resources":[1]})"),
           std::string(R"({"format_version":1,"lineage":"a","serial":1,"resources":[],)"
                       R"("serial":2})"),
           std::string(R"({"format_version":1,"lineage":"a","serial":1,"resources":[{"address":)"
                       R"("a","kind":"k","attributes":{},"depends_on":[1]}]})"),
           std::string(R"({"format_version":1,"lineage":"a","serial":1,"resources":[{"address":)"
                       R"("a","kind":"k","attributes":{},"computed":[]}]})"),
           std::string(R"({"format_version":1,"lineage":"a","serial":1,"resources":[{"address":)"
                       R"("a","attributes":{}}]})"),
           std::string("\xef\xbb\xbf") + Wrap("{}"),
           std::string(""),
       }) {
    SCOPED_TRACE(text);
    State fast;
    EXPECT_FALSE(ReadStateFast(text, fast));
    ExpectNoMoreThanTheDocument(text);
  }
}

// States berth's apply wrote: the benchmark stack (bench/gen_stack.sh, the shape of the 10,000
// services of docs/performance.md, at 5 services) and the examples with a hashed secret and
// templates, applied in this process by the real command.
TEST(StateTextReader, AppliedStatesReadAsTheDocumentReaderReadsThem) {
  ScratchDir dir;
  std::string source = BERTH_SOURCE_DIR;
  ASSERT_EQ(std::system(("sh " + source + "/bench/gen_stack.sh 5 " + dir.File("bench")).c_str()),
            0);
  for (const char* example : {"scheduled_batch", "fargate_web_api"}) {
    ASSERT_EQ(std::system(("cp -r " + source + "/examples/" + example + " " + dir.path()).c_str()),
              0);
  }
  for (const auto& [stack, mark] :
       std::vector<std::pair<std::string, std::string>>{{"bench", "$duration"},
                                                        {"scheduled_batch", "$digest"},
                                                        {"fargate_web_api", "$template"}}) {
    SCOPED_TRACE(stack);
    std::string path = dir.File(stack);
    std::vector<std::string> args = {"berth", "apply", path, "--auto-approve"};
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    std::ostringstream out, err;
    ASSERT_EQ(cli::Run(static_cast<int>(argv.size()), argv.data(), out, err), 0) << err.str();
    std::string text = ReadAll(path + "/.berth/state.json");
    EXPECT_NE(text.find("\"" + mark + "\""), std::string::npos);
    ExpectBothRead(text);
  }
}

// Prefixes of a state file, and bytes of it replaced by characters that matter to JSON:
// whatever the fast reader accepts, the document reader reads the same. (A sample of positions:
// each refusal costs the document reader an exception.)
TEST(StateTextReader, BrokenFilesNeverReadDifferently) {
  std::string text = SavedText(SampleState());
  for (size_t cut = 0; cut < text.size(); cut += 9) {
    ExpectNoMoreThanTheDocument(std::string_view(text).substr(0, cut));
    if (HasFatalFailure()) return;
  }
  int read = 0;  // replacements both readers still read (inside strings, mostly)
  for (size_t at = 0; at < text.size(); at += 11) {
    for (char c : {'"', '}', ',', '1', '$', '\\', '\x80'}) {
      std::string broken = text;
      broken[at] = c;
      ExpectNoMoreThanTheDocument(broken);
      if (HasFatalFailure()) return;
      State fast;
      read += ReadStateFast(broken, fast) ? 1 : 0;
    }
  }
  EXPECT_GT(read, 20) << "the sample should exercise reads of changed files too";
}

// LoadState gives back the mapped pages the fast reader is done with (a mebibyte at a time): a
// state it then gives up on near its end is read again whole by the document reader, from the
// page cache, and fails with the document reader's words.
TEST(StateTextReader, LoadStateReadsAgainWhatItReleased) {
  State big = SampleState();
  Resource task = big.resources[2];
  task.computed = Value::Map({{"note", Value::String(std::string(1500, 'x'))}});
  for (int i = 0; i < 560; ++i) {
    big.resources.push_back(task);
    big.resources.back().address = "task.t" + std::to_string(i);
  }
  std::sort(big.resources.begin(), big.resources.end(),
            [](const Resource& a, const Resource& b) { return a.address < b.address; });
  ScratchDir dir;
  std::string path = dir.File("state.json");
  std::string error;
  ASSERT_TRUE(SaveState(path, big, error)) << error;
  std::string text = ReadAll(path);
  ASSERT_GT(text.size(), size_t{1} << 20) << "past a release step";
  State loaded;
  ASSERT_TRUE(LoadState(path, loaded, error)) << error;
  ASSERT_EQ(loaded.resources.size(), big.resources.size());
  EXPECT_EQ(loaded.resources.back().computed, task.computed);

  // Broken after the last resource: the fast reader has released nearly all of the file.
  std::string broken = text;
  broken.insert(broken.rfind('}'), ",}");
  std::string broken_path = dir.Write("broken.json", broken);
  State unused;
  std::string words;
  EXPECT_FALSE(ReadStateDocument(broken, unused, words));
  ASSERT_FALSE(words.empty());
  EXPECT_FALSE(LoadState(broken_path, unused, error));
  EXPECT_EQ(error, "the state file " + broken_path + " is not valid: " + words);
}

// LoadState maps a regular file; a state read through a pipe takes the read path and gives the
// same state.
TEST(StateTextReader, LoadStateReadsAFileAndAPipeAlike) {
  ScratchDir dir;
  std::string path = dir.File("state.json");
  State saved = RichState();
  std::string error;
  ASSERT_TRUE(SaveState(path, saved, error)) << error;
  State from_file;
  ASSERT_TRUE(LoadState(path, from_file, error)) << error;
  std::string fifo = dir.File("pipe.json");
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  std::string text = ReadAll(path);
  std::thread writer([&] { std::ofstream(fifo, std::ios::binary) << text; });
  State from_pipe;
  bool read = LoadState(fifo, from_pipe, error);
  writer.join();
  ASSERT_TRUE(read) << error;
  EXPECT_EQ(Dump(from_file), Dump(from_pipe));
  EXPECT_EQ(from_file.resources.size(), saved.resources.size());
}

}  // namespace
}  // namespace berth::state
