// AWS Signature Version 4 (docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv.html), as
// botocore's `SigV4Auth` computes it (tests compare the two over generated requests). The client
// signs with Sign; a server verifies with Verify, which rebuilds the same canonical request from
// what it received. No HTTP library here: a request is plain data, so both sides share it.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace berth::aws_api::sigv4 {

using Pairs = std::vector<std::pair<std::string, std::string>>;

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // temporary credentials only; sent as X-Amz-Security-Token
};

// An HTTP request as SigV4 sees it.
struct Request {
  std::string method = "POST";
  std::string path = "/";  // as it appears in the URL (already percent-encoded)
  Pairs query;             // decoded names and values, in any order
  Pairs headers;           // names as sent, in any case; must include Host (with a port that
                           // is not the scheme's default: "127.0.0.1:4566")
  std::string body;

  // The value of the first header named `name` (case-insensitive), or nullopt.
  std::optional<std::string> Header(std::string_view name) const;
  void RemoveHeader(std::string_view name);
};

// DATE/REGION/SERVICE/aws4_request.
struct Scope {
  std::string date;  // YYYYMMDD
  std::string region;
  std::string service;  // the signing name: "ecs", "elasticloadbalancing", "monitoring"
  std::string ToString() const;
};

// The steps, each usable alone (a server rebuilds them from what it received).
// "/" for an empty path; dot segments and repeated slashes removed; then percent-encoded again
// (SigV4 for services other than S3 encodes the path twice).
std::string CanonicalUri(std::string_view path);
// Names and values RFC 3986-encoded, sorted by name then value, joined by '&'.
std::string CanonicalQuery(const Pairs& query);
// The headers SigV4 signs: every header but hop-by-hop ones and User-Agent, lowercased, sorted.
std::vector<std::string> HeadersToSign(const Request& request);
// METHOD \n URI \n QUERY \n name:trimmed-value lines \n \n SIGNED;HEADERS \n PAYLOAD-HASH.
// Values of a header sent twice are joined by ','. `payload_hash` is hex SHA-256 of the body
// unless the request says otherwise (X-Amz-Content-SHA256).
std::string CanonicalRequest(const Request& request, const std::vector<std::string>& signed_headers,
                             std::string_view payload_hash);
std::string PayloadHash(const Request& request);
std::string StringToSign(std::string_view amz_date, const Scope& scope,
                         std::string_view canonical_request);
// HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request"), raw bytes.
std::string SigningKey(std::string_view secret_access_key, const Scope& scope);
std::string Signature(std::string_view signing_key, std::string_view string_to_sign);

// "20150830T123600Z" (UTC) and back; nullopt when `amz_date` is not in that form.
std::string AmzDate(std::chrono::system_clock::time_point when);
std::optional<std::chrono::system_clock::time_point> ParseAmzDate(std::string_view amz_date);

// Signs `request` in place: replaces X-Amz-Date, X-Amz-Security-Token (when the credentials
// have a session token) and Authorization.
void Sign(Request& request, const Credentials& credentials, std::string_view region,
          std::string_view service, std::chrono::system_clock::time_point now);

// The Authorization header's parts:
// "AWS4-HMAC-SHA256 Credential=AKID/DATE/REGION/SERVICE/aws4_request, SignedHeaders=a;b,
// Signature=HEX".
struct Authorization {
  std::string access_key_id;
  Scope scope;
  std::vector<std::string> signed_headers;
  std::string signature;
};
// nullopt with `error` (the message AWS gives with IncompleteSignature) when malformed.
std::optional<Authorization> ParseAuthorization(std::string_view header, std::string& error);

// What a server answers a request with, as AWS names it (the HTTP status and the JSON/query
// error code are the caller's: they differ by protocol).
enum class Verdict {
  kValid,
  kMissingAuthentication,  // no Authorization header: MissingAuthenticationToken
  kIncomplete,             // malformed header, no X-Amz-Date: IncompleteSignature
  kUnknownAccessKey,       // UnrecognizedClientException / InvalidClientTokenId
  kExpired,                // X-Amz-Date too far from now: RequestExpired / SignatureExpired
  kMismatch,               // SignatureDoesNotMatch / InvalidSignatureException
};
struct Verification {
  Verdict verdict = Verdict::kMissingAuthentication;
  std::string message;          // for the error body
  Authorization authorization;  // as parsed, when it parsed (the caller's account and region)
};
// `secret_of(access_key_id)` gives the secret, or nullopt for an unknown key. A request whose
// X-Amz-Date is more than `max_skew` from `now` is expired (AWS allows 15 minutes).
Verification Verify(const Request& request,
                    const std::function<std::optional<std::string>(std::string_view)>& secret_of,
                    std::chrono::system_clock::time_point now,
                    std::chrono::seconds max_skew = std::chrono::minutes(15));

}  // namespace berth::aws_api::sigv4
