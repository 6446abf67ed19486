// The listeners' proxy's own HTTP/1.1 reading: heads parsed in place, bodies' ends found by
// length or chunks fed in arbitrary pieces (controlplane/lb/http_head.h, message_framing.h).
#include <gtest/gtest.h>

#include <string>

#include "controlplane/lb/http_head.h"
#include "controlplane/lb/local_response.h"
#include "controlplane/lb/message_framing.h"

namespace berth::controlplane::lb {
namespace {

TEST(LbHttpHead, RequestHeadInPlaceWithWhatFollows) {
  std::string bytes =
      "POST /api/x?q=1 HTTP/1.1\r\nHost: app.test:8080\r\nContent-Length:  5 \r\n"
      "Connection: keep-alive, Upgrade\r\n\r\nhelloGET / HTTP/1.0\r\n\r\n";
  RequestHead head;
  ASSERT_EQ(ParseRequestHead(bytes, head), HeadParse::kComplete);
  EXPECT_EQ(head.method, "POST");
  EXPECT_EQ(head.target, "/api/x?q=1");
  EXPECT_EQ(head.minor, 1);
  EXPECT_EQ(FieldValue(head.headers, "host"), "app.test:8080");
  EXPECT_EQ(FieldValue(head.headers, "CONTENT-LENGTH"), "5");
  EXPECT_TRUE(HasToken(FieldValue(head.headers, "Connection"), "upgrade"));
  EXPECT_FALSE(HasToken(FieldValue(head.headers, "Connection"), "close"));
  EXPECT_EQ(bytes.substr(head.length, 5), "hello");
  BodyFraming framing = RequestFraming(head);
  EXPECT_EQ(framing.type, Framing::kLength);
  EXPECT_EQ(framing.length, 5u);
}

TEST(LbHttpHead, IncompleteMalformedAndTooLong) {
  RequestHead head;
  EXPECT_EQ(ParseRequestHead("GET / HTTP/1.1\r\nHost: a\r\n", head), HeadParse::kIncomplete);
  EXPECT_EQ(ParseRequestHead("GET /\r\n\r\n", head), HeadParse::kMalformed);
  EXPECT_EQ(ParseRequestHead("GET / HTTP/2.0\r\n\r\n", head), HeadParse::kMalformed);
  EXPECT_EQ(ParseRequestHead("GET / HTTP/1.1\r\nBad Name: x\r\n\r\n", head), HeadParse::kMalformed);
  EXPECT_EQ(ParseRequestHead("GET / HTTP/1.1\r\n folded\r\n\r\n", head), HeadParse::kMalformed);
  std::string endless = "GET / HTTP/1.1\r\nX: " + std::string(kMaxHead, 'a');
  EXPECT_EQ(ParseRequestHead(endless, head), HeadParse::kMalformed);
  head.headers = {{"Content-Length", "12x"}};
  EXPECT_EQ(RequestFraming(head).type, Framing::kInvalid);
  head.headers = {{"Transfer-Encoding", "chunked, gzip"}};
  EXPECT_EQ(RequestFraming(head).type, Framing::kInvalid);
  head.headers = {{"Content-Length", "3"}, {"Transfer-Encoding", "gzip, chunked"}};
  EXPECT_EQ(RequestFraming(head).type, Framing::kChunked);
}

TEST(LbHttpHead, ResponseFramingByStatusMethodAndFields) {
  ResponseHead head;
  ASSERT_EQ(ParseResponseHead("HTTP/1.0 404 Not Found\r\nServer: x\r\n\r\n", head),
            HeadParse::kComplete);
  EXPECT_EQ(head.status, 404);
  EXPECT_EQ(head.reason, "Not Found");
  EXPECT_EQ(head.minor, 0);
  EXPECT_EQ(ResponseFraming(head, "GET").type, Framing::kUntilClose);
  EXPECT_EQ(ResponseFraming(head, "HEAD").type, Framing::kNone);
  ASSERT_EQ(ParseResponseHead("HTTP/1.1 204\r\n\r\n", head), HeadParse::kComplete);
  EXPECT_EQ(head.reason, "");
  EXPECT_EQ(ResponseFraming(head, "GET").type, Framing::kNone);
  ASSERT_EQ(ParseResponseHead("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", head),
            HeadParse::kComplete);
  EXPECT_EQ(ResponseFraming(head, "GET").type, Framing::kNone);
  EXPECT_EQ(ParseResponseHead("HTTP/1.1 2x0 OK\r\n\r\n", head), HeadParse::kMalformed);
}

TEST(LbChunked, EndFoundWhateverThePiecesKeptOrDecoded) {
  const std::string body =
      "6;ext=1\r\nhello \r\n1a\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nX-T: 1\r\n\r\n";
  const std::string next = "GET / HTTP/1.1\r\n\r\n";
  for (size_t piece : {1u, 2u, 5u, 1000u}) {
    ChunkedScanner scanner;
    std::string input = body + next, kept, decoded;
    size_t at = 0;
    while (at < input.size() && !scanner.Done()) {
      std::string_view part = std::string_view(input).substr(at, piece);
      size_t taken = scanner.Feed(part, &decoded);
      kept.append(part.substr(0, taken));
      at += taken;
      ASSERT_FALSE(scanner.Failed());
    }
    EXPECT_TRUE(scanner.Done()) << piece;
    EXPECT_EQ(kept, body) << piece;
    EXPECT_EQ(decoded, "hello abcdefghijklmnopqrstuvwxyz") << piece;
  }
  ChunkedScanner bad;
  bad.Feed("zz\r\n");
  EXPECT_TRUE(bad.Failed());
  ChunkedScanner missing_crlf;
  missing_crlf.Feed("2\r\nabX");
  EXPECT_TRUE(missing_crlf.Failed());
}

TEST(LbLocalResponse, AlbErrorPageAndConnectionField) {
  std::string page = Serialize(ErrorPage(503), false, true, 0);
  EXPECT_EQ(page.rfind("HTTP/1.1 503 Service Temporarily Unavailable\r\nServer: awselb/2.0\r\n", 0),
            0u);
  EXPECT_NE(page.find("Connection: keep-alive\r\n"), std::string::npos);
  EXPECT_NE(page.find("<center><h1>503 Service Temporarily Unavailable</h1></center>"),
            std::string::npos);
  std::string head = Serialize(ErrorPage(502), true, false, 1);
  EXPECT_NE(head.find("Connection: close\r\n"), std::string::npos);
  EXPECT_EQ(head.substr(head.size() - 4), "\r\n\r\n");  // HEAD: no body, its length kept
}

}  // namespace
}  // namespace berth::controlplane::lb
