// berth's SigV4 signatures against botocore's SigV4Auth (an independent implementation, the one
// the AWS CLI signs with) over generated requests: query strings that need encoding, empty,
// form and JSON bodies, session tokens, ports in Host, paths with dot segments, duplicate and
// untrimmed headers, headers SigV4 must not sign.
#include <gtest/gtest.h>

#include <random>

#include "backends/aws_api/sigv4.h"
#include "backends/aws_api/url.h"
#include "tests/unit/aws_api/python_check.h"

namespace berth::aws_api::sigv4 {
namespace {

using Json = nlohmann::ordered_json;

template <typename T>
const T& Pick(std::mt19937& random, const std::vector<T>& items) {
  return items[std::uniform_int_distribution<size_t>(0, items.size() - 1)(random)];
}

// Text that exercises the encoder: reserved characters, spaces, '+', '%', UTF-8.
std::string AwkwardText(std::mt19937& random) {
  static const std::vector<std::string> pieces = {
      "a",   "Z",     "0",
      "-",   "_",     ".",
      "~",   " ",     "/",
      "=",   "&",     "+",
      "%",   "*",     ":",
      "@",   "!",     "$",
      "'",   "(",     ")",
      ",",   ";",     "?",
      "#",   "[",     "]",
      "é",   "日",    "\"",
      "{",   "}",     "|",
      "^",   "`",     "\\",
      "ab",  "ARN",   "arn:aws:ecs:us-east-1:123456789012:service/c/s",
      "%2F", "a b  c"};
  std::string text;
  int length = std::uniform_int_distribution<int>(0, 6)(random);
  for (int i = 0; i < length; ++i) text += Pick(random, pieces);
  return text;
}

Json GenerateCase(std::mt19937& random, int index) {
  static const std::vector<std::string> hosts = {"ecs.us-east-1.amazonaws.com",
                                                 "elasticloadbalancing.eu-west-1.amazonaws.com",
                                                 "127.0.0.1",
                                                 "LocalHost",
                                                 "::1",
                                                 "iam.amazonaws.com"};
  static const std::vector<int> ports = {0, 0, 80, 443, 4566, 18555, 8443};
  static const std::vector<std::string> paths = {
      "/", "/", "", "/a/b", "/a/./b/../c", "//x//y/", "/%20space", "/~user/a-b_c.d"};
  static const std::vector<std::string> services = {
      "ecs", "elasticloadbalancing", "iam", "ec2", "monitoring", "logs", "sts"};
  static const std::vector<std::string> regions = {"us-east-1", "eu-west-1", "ap-northeast-1",
                                                   "cn-north-1", "us-gov-west-1"};
  Url url;
  url.scheme = std::bernoulli_distribution(0.5)(random) ? "http" : "https";
  url.host = Pick(random, hosts);
  for (char& c : url.host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  url.port = Pick(random, ports);
  std::string path = Pick(random, paths);
  // The URL may spell the host in capitals; Host is lowercase either way.
  std::string printed_host = url.host;
  if (index % 7 == 0)
    for (char& c : printed_host) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (url.host.find(':') != std::string::npos) printed_host = "[" + printed_host + "]";
  std::string url_text =
      url.scheme + "://" + printed_host + (url.port ? ":" + std::to_string(url.port) : "") + path;
  std::string error;
  std::optional<Url> parsed = Url::Parse(url_text, error);
  EXPECT_TRUE(parsed) << error;
  if (parsed) url = *parsed;

  Request request;
  request.method = std::bernoulli_distribution(0.75)(random) ? "POST" : "GET";
  request.path = path;
  int params = std::uniform_int_distribution<int>(0, 4)(random);
  for (int i = 0; i < params; ++i)
    request.query.emplace_back(AwkwardText(random), AwkwardText(random));
  if (params > 1 && std::bernoulli_distribution(0.3)(random))
    request.query.emplace_back(request.query.front().first, AwkwardText(random));  // repeated name
  switch (std::uniform_int_distribution<int>(0, 3)(random)) {
    case 0:
      request.body = "";
      break;
    case 1:
      request.body = "{}";
      request.headers.emplace_back("Content-Type", "application/x-amz-json-1.1");
      request.headers.emplace_back("X-Amz-Target",
                                   "AmazonEC2ContainerServiceV20141113.ListClusters");
      break;
    case 2:
      request.body =
          "Action=DescribeTargetGroups&Version=2015-12-01&Names.member.1=" + AwkwardText(random);
      request.headers.emplace_back("Content-Type",
                                   "application/x-www-form-urlencoded; charset=utf-8");
      break;
    default:
      request.body = "{\"cluster\":\"" + AwkwardText(random) + "\"}";
      request.headers.emplace_back("content-type", "application/x-amz-json-1.0");
      break;
  }
  // Headers SigV4 leaves out, values to trim, a header sent twice.
  if (std::bernoulli_distribution(0.5)(random))
    request.headers.emplace_back("User-Agent", "berth/0.1 " + AwkwardText(random));
  if (std::bernoulli_distribution(0.3)(random))
    request.headers.emplace_back("X-Berth-Note", "  several   spaces\there  ");
  if (std::bernoulli_distribution(0.2)(random)) {
    request.headers.emplace_back("X-Twice", "first");
    request.headers.emplace_back("x-twice", "second");
  }
  if (std::bernoulli_distribution(0.2)(random))
    request.headers.emplace_back("Expect", "100-continue");
  // Half the cases name Host themselves; in the others botocore derives it from the URL, which
  // checks that Url::HostHeader derives it the same way.
  bool explicit_host = index % 2 == 0;
  Json headers = Json::array();
  for (const auto& [name, value] : request.headers) headers.push_back({name, value});
  if (explicit_host) headers.push_back({"Host", url.HostHeader()});
  request.headers.emplace_back("Host", url.HostHeader());

  Credentials credentials{
      "AKIA" + std::to_string(100000 + index), "secret/" + AwkwardText(random) + "+key",
      std::bernoulli_distribution(0.4)(random) ? "session+token/" + AwkwardText(random) : ""};
  std::string region = Pick(random, regions);
  std::string service = Pick(random, services);
  // Any second from 2001 to 2033.
  auto when = std::chrono::system_clock::from_time_t(
      std::uniform_int_distribution<long long>(1000000000LL, 2000000000LL)(random));
  Sign(request, credentials, region, service, when);

  Json params_json = Json::array();
  for (const auto& [name, value] : request.query) params_json.push_back({name, value});
  Json berth = {{"Authorization", request.Header("Authorization").value_or("")},
                {"X-Amz-Date", request.Header("X-Amz-Date").value_or("")}};
  if (auto token = request.Header("X-Amz-Security-Token")) berth["X-Amz-Security-Token"] = *token;
  return {{"method", request.method},
          {"url", url_text},
          {"params", params_json},
          {"headers", headers},
          {"body", request.body},
          {"access_key", credentials.access_key_id},
          {"secret_key", credentials.secret_access_key},
          {"token", credentials.session_token},
          {"region", region},
          {"service", service},
          {"amz_date", AmzDate(when)},
          {"berth", berth}};
}

TEST(SigV4Botocore, FourHundredGeneratedRequestsSignAlike) {
  std::mt19937 random(20240612);
  Json cases = Json::array();
  for (int i = 0; i < 400; ++i) cases.push_back(GenerateCase(random, i));
  testing::PythonResult result = testing::RunChecker("botocore_sigv4.py", cases);
  if (result.exit_code == testing::kNoBotocore) GTEST_SKIP() << "SKIPPED LOUDLY: " << result.output;
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("400 requests signed by botocore"), std::string::npos)
      << result.output;
}

// A request signed with Sign verifies; any change to what was signed does not.
TEST(SigV4Verify, SignedRequestVerifiesAndTamperingIsCaught) {
  auto now = std::chrono::system_clock::now();
  Credentials credentials{"AKIDBERTH", "s3cr3t", ""};
  Request request;
  request.headers = {{"Host", "127.0.0.1:4566"},
                     {"Content-Type", "application/x-amz-json-1.1"},
                     {"X-Amz-Target", "AmazonEC2ContainerServiceV20141113.ListClusters"}};
  request.body = "{}";
  Sign(request, credentials, "us-east-1", "ecs", now);
  auto secret_of = [](std::string_view key) -> std::optional<std::string> {
    if (key == "AKIDBERTH") return "s3cr3t";
    return std::nullopt;
  };
  Verification ok = Verify(request, secret_of, now);
  EXPECT_EQ(ok.verdict, Verdict::kValid) << ok.message;
  EXPECT_EQ(ok.authorization.scope.region, "us-east-1");
  EXPECT_EQ(ok.authorization.scope.service, "ecs");

  Request body_changed = request;
  body_changed.body = "{\"maxResults\":1}";
  EXPECT_EQ(Verify(body_changed, secret_of, now).verdict, Verdict::kMismatch);
  Request target_changed = request;
  target_changed.RemoveHeader("X-Amz-Target");
  target_changed.headers.emplace_back("X-Amz-Target",
                                      "AmazonEC2ContainerServiceV20141113.DeleteCluster");
  EXPECT_EQ(Verify(target_changed, secret_of, now).verdict, Verdict::kMismatch);
  EXPECT_EQ(Verify(request, secret_of, now + std::chrono::minutes(16)).verdict, Verdict::kExpired);
  EXPECT_EQ(Verify(
                request, [](std::string_view) { return std::optional<std::string>(); }, now)
                .verdict,
            Verdict::kUnknownAccessKey);
  Request unsigned_request = request;
  unsigned_request.RemoveHeader("Authorization");
  EXPECT_EQ(Verify(unsigned_request, secret_of, now).verdict, Verdict::kMissingAuthentication);
  Request malformed = request;
  malformed.RemoveHeader("Authorization");
  malformed.headers.emplace_back("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDBERTH/x");
  Verification incomplete = Verify(malformed, secret_of, now);
  EXPECT_EQ(incomplete.verdict, Verdict::kIncomplete);
  EXPECT_EQ(incomplete.message,
            "Authorization header requires 'SignedHeaders' parameter. Authorization header "
            "requires 'Signature' parameter.");
}

}  // namespace
}  // namespace berth::aws_api::sigv4
