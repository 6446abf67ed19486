// SigV4 against the worked examples AWS published, typed in from the documentation: every
// intermediate value (canonical request, its hash, string to sign, signing key, signature).
#include <gtest/gtest.h>

#include "backends/aws_api/crypto.h"
#include "backends/aws_api/sigv4.h"

namespace berth::aws_api::sigv4 {
namespace {

constexpr const char* kSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

// docs.aws.amazon.com/general/latest/gr/sigv4-create-canonical-request.html (Task 1),
// sigv4-create-string-to-sign.html (Task 2), sigv4-calculate-signature.html (Task 3):
// GET https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08, 2015-08-30 12:36:00 UTC.
TEST(SigV4Documentation, IamListUsersTasksOneToThree) {
  Request request;
  request.method = "GET";
  request.path = "/";
  request.query = {{"Version", "2010-05-08"}, {"Action", "ListUsers"}};
  request.headers = {{"Host", "iam.amazonaws.com"},
                     {"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"},
                     {"X-Amz-Date", "20150830T123600Z"}};
  std::vector<std::string> signed_headers = HeadersToSign(request);
  std::string canonical = CanonicalRequest(request, signed_headers, PayloadHash(request));
  EXPECT_EQ(canonical,
            "GET\n"
            "/\n"
            "Action=ListUsers&Version=2010-05-08\n"
            "content-type:application/x-www-form-urlencoded; charset=utf-8\n"
            "host:iam.amazonaws.com\n"
            "x-amz-date:20150830T123600Z\n"
            "\n"
            "content-type;host;x-amz-date\n"
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex(canonical),
            "f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59");
  Scope scope{"20150830", "us-east-1", "iam"};
  std::string string_to_sign = StringToSign("20150830T123600Z", scope, canonical);
  EXPECT_EQ(string_to_sign,
            "AWS4-HMAC-SHA256\n"
            "20150830T123600Z\n"
            "20150830/us-east-1/iam/aws4_request\n"
            "f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59");
  std::string key = SigningKey(kSecret, scope);
  EXPECT_EQ(Hex(key), "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");
  EXPECT_EQ(Signature(key, string_to_sign),
            "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
}

// The older edition of the same pages: POST http://iam.amazonaws.com/ with the form body
// Action=ListUsers&Version=2010-05-08 on 2011-09-09 23:36:00 UTC, signed whole by Sign.
TEST(SigV4Documentation, IamListUsersPostSignedByHeader) {
  Request request;
  request.method = "POST";
  request.headers = {{"host", "iam.amazonaws.com"},
                     {"Content-type", "application/x-www-form-urlencoded; charset=utf-8"}};
  request.body = "Action=ListUsers&Version=2010-05-08";
  std::vector<std::string> signed_headers = {"content-type", "host", "x-amz-date"};
  request.headers.emplace_back("x-amz-date", "20110909T233600Z");
  std::string canonical = CanonicalRequest(request, signed_headers, PayloadHash(request));
  EXPECT_EQ(Sha256Hex(canonical),
            "3511de7e95d28ecd39e9513b642aee07e54f4941150d8df8bf94b328ef7e55e2");
  request.RemoveHeader("x-amz-date");
  auto when = ParseAmzDate("20110909T233600Z");
  ASSERT_TRUE(when);
  Sign(request, {"AKIDEXAMPLE", kSecret, ""}, "us-east-1", "iam", *when);
  EXPECT_EQ(request.Header("Authorization").value_or(""),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20110909/us-east-1/iam/aws4_request, "
            "SignedHeaders=content-type;host;x-amz-date, "
            "Signature=ced6826de92d2bdeed8f846f0bf508e8559e98e4b0199114b84c54174deb456c");
}

// The AWS SigV4 test suite, get-vanilla-query-order-key-case: query parameters out of order.
TEST(SigV4Documentation, TestSuiteVanillaQueryOrderKeyCase) {
  Request request;
  request.method = "GET";
  request.query = {{"Param2", "value2"}, {"Param1", "value1"}};
  request.headers = {{"Host", "example.amazonaws.com"}};
  auto when = ParseAmzDate("20150830T123600Z");
  ASSERT_TRUE(when);
  Sign(request, {"AKIDEXAMPLE", kSecret, ""}, "us-east-1", "service", *when);
  EXPECT_EQ(request.Header("Authorization").value_or(""),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            "SignedHeaders=host;x-amz-date, "
            "Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
}

}  // namespace
}  // namespace berth::aws_api::sigv4
