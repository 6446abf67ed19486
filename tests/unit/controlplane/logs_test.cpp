// CloudWatch Logs in berth serve: Docker's log stream parsed into lines, paging tokens, the
// filter pattern's term form, where an awslogs container's lines go, and the event rows' order
// and retention (controlplane/logs/).
#include <gtest/gtest.h>

#include "controlplane/logs/collector.h"
#include "controlplane/logs/docker_logs.h"
#include "controlplane/logs/events.h"
#include "controlplane/logs/filter_pattern.h"
#include "controlplane/logs/tokens.h"
#include "tests/unit/controlplane/temp_store.h"

namespace berth::controlplane::logs {
namespace {

std::string Frame(char stream, const std::string& payload) {
  std::string out = {stream, 0, 0, 0};
  size_t n = payload.size();
  out += static_cast<char>((n >> 24) & 0xff);
  out += static_cast<char>((n >> 16) & 0xff);
  out += static_cast<char>((n >> 8) & 0xff);
  out += static_cast<char>(n & 0xff);
  return out + payload;
}

TEST(DockerLogs, MultiplexedFramesWithTimestamps) {
  std::string body = Frame(1, "2026-12-07T04:30:00.123456789Z hello\n") +
                     Frame(2, "2026-12-07T04:30:01.5Z oops\n") +
                     Frame(1, "2026-12-07T04:30:02Z \n") +
                     Frame(1, "2026-12-07T04:30:03Z cut")  // a whole frame...
                         .substr(0, 12);                   // ...cut short: left for later
  std::vector<Line> lines = ParseDockerLogs(body);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].text, "hello");
  EXPECT_EQ(lines[0].ns, 1796617800123456789LL);
  EXPECT_EQ(lines[1].text, "oops");
  EXPECT_EQ(lines[1].ns, 1796617801500000000LL);
  EXPECT_EQ(lines[2].text, "");  // the collector drops it, as awslogs does
}

TEST(DockerLogs, RawStreamOfATtyContainer) {
  std::vector<Line> lines =
      ParseDockerLogs("2026-12-07T04:30:00Z one\r\n2026-12-07T04:30:00.000000001Z two\n");
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].text, "one");
  EXPECT_EQ(lines[1].ns - lines[0].ns, 1);
  EXPECT_EQ(ParseTimestamp("2026-12-07T04:30:00+09:00"), -1);
  EXPECT_EQ(ParseTimestamp("yesterday"), -1);
}

TEST(Tokens, RoundTripAndRejectForeignOnes) {
  std::string token = EncodeToken('f', {1796617800123, 42});
  EXPECT_EQ(token.size(), 58u);
  EXPECT_EQ(token.substr(0, 2), "f/");
  auto decoded = DecodeToken(token);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->direction, 'f');
  EXPECT_EQ(decoded->position.timestamp, 1796617800123);
  EXPECT_EQ(decoded->position.seq, 42);
  EXPECT_EQ(DecodeToken(EncodeToken('b', {0, 0}))->direction, 'b');
  EXPECT_FALSE(DecodeToken("nonsense"));
  EXPECT_FALSE(DecodeToken("x/" + std::string(56, '0')));
  EXPECT_FALSE(DecodeToken("f/" + std::string(55, '0') + "a"));
}

bool Matches(const std::string& pattern, const std::string& message) {
  std::string error;
  auto parsed = FilterPattern::Parse(pattern, error);
  EXPECT_TRUE(parsed) << error;
  return parsed && parsed->Matches(message);
}

TEST(FilterPattern, TermsAlternativesExclusionsAndPhrases) {
  EXPECT_TRUE(Matches("", "anything"));
  EXPECT_TRUE(Matches("ERROR db", "ERROR: db down"));
  EXPECT_FALSE(Matches("ERROR db", "ERROR: cache down"));
  EXPECT_FALSE(Matches("error", "ERROR"));  // case-sensitive
  EXPECT_TRUE(Matches("?WARN ?ERROR", "WARN disk"));
  EXPECT_FALSE(Matches("?WARN ?ERROR", "INFO disk"));
  EXPECT_FALSE(Matches("ERROR -timeout", "ERROR timeout"));
  EXPECT_TRUE(Matches("\"db down\"", "ERROR: db down"));
  EXPECT_FALSE(Matches("\"db down\"", "down db"));
  std::string error;
  EXPECT_FALSE(FilterPattern::Parse("{ $.level = \"x\" }", error));
  EXPECT_NE(error.find("term patterns only"), std::string::npos);
  EXPECT_FALSE(FilterPattern::Parse("\"open", error));
}

TEST(Destination, StreamNamedAsEcsNamesIt) {
  nlohmann::json definition = {
      {"containerDefinitions",
       {{{"name", "app"},
         {"logConfiguration",
          {{"logDriver", "awslogs"},
           {"options", {{"awslogs-group", "/ecs/api"}, {"awslogs-stream-prefix", "web"}}}}}},
        {{"name", "bare"},
         {"logConfiguration",
          {{"logDriver", "awslogs"},
           {"options", {{"awslogs-group", "/ecs/api"}, {"awslogs-create-group", "true"}}}}}},
        {{"name", "side"}, {"logConfiguration", {{"logDriver", "json-file"}}}}}}};
  auto app = DestinationOf(definition, "app", "abc123", "cid");
  ASSERT_TRUE(app);
  EXPECT_EQ(app->group, "/ecs/api");
  EXPECT_EQ(app->stream, "web/app/abc123");
  EXPECT_FALSE(app->create_group);
  auto bare = DestinationOf(definition, "bare", "abc123", "cid");
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->stream, "cid");  // no prefix: the container's id
  EXPECT_TRUE(bare->create_group);
  EXPECT_FALSE(DestinationOf(definition, "side", "abc123", "cid"));
  EXPECT_FALSE(DestinationOf(definition, "ghost", "abc123", "cid"));
}

class EventsTest : public test_support::TempStoreTest {
 protected:
  void SetUp() override {
    TempStoreTest::SetUp();
    if (HasFatalFailure()) return;
    store_->Transaction([](store::Tx& tx) { EnsureSchema(tx); });
  }
  std::vector<std::string> Read(const Range& range) {
    std::vector<std::string> out;
    store_->Transaction([&](store::Tx& tx) {
      Scan(tx, "g", range, [&](const Event& e) {
        out.push_back(e.message);
        return true;
      });
    });
    return out;
  }
};

TEST_F(EventsTest, OrderedByTimeThenArrivalAcrossStreamsWithRetention) {
  store_->Transaction([](store::Tx& tx) {
    Append(tx, "g", "a", {{100, "a1"}, {300, "a3"}}, 1000);
    Append(tx, "g", "b", {{100, "b1"}, {200, "b2"}}, 1000);
  });
  EXPECT_EQ(Read({}), (std::vector<std::string>{"a1", "b1", "b2", "a3"}));
  Range one;
  one.streams = {"b"};
  EXPECT_EQ(Read(one), (std::vector<std::string>{"b1", "b2"}));
  Range window;
  window.from_ms = 100;
  window.to_ms = 300;  // exclusive
  window.descending = true;
  EXPECT_EQ(Read(window), (std::vector<std::string>{"b2", "b1", "a1"}));
  std::optional<Stream> a;
  store_->Transaction([&](store::Tx& tx) {
    EXPECT_EQ(DropOlderThan(tx, "g", 200), 2);
    a = FindStream(tx, "g", "a");
  });
  EXPECT_EQ(Read({}), (std::vector<std::string>{"b2", "a3"}));
  ASSERT_TRUE(a);
  EXPECT_EQ(a->first_event, 300);
  EXPECT_EQ(a->last_event, 300);
}

}  // namespace
}  // namespace berth::controlplane::logs
