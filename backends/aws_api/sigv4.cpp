#include "backends/aws_api/sigv4.h"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <map>

#include "backends/aws_api/crypto.h"
#include "backends/aws_api/percent_encoding.h"

namespace berth::aws_api::sigv4 {

namespace {

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";

// Never signed: hop-by-hop headers a proxy may change, and what clients vary freely
// (botocore auth.py SIGNED_HEADERS_BLACKLIST).
constexpr std::string_view kUnsigned[] = {"connection",
                                          "expect",
                                          "keep-alive",
                                          "proxy-authenticate",
                                          "proxy-authorization",
                                          "te",
                                          "trailer",
                                          "transfer-encoding",
                                          "upgrade",
                                          "user-agent",
                                          "x-amzn-trace-id"};

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool SameName(std::string_view a, std::string_view b) {
  return a.size() == b.size() && Lower(a) == Lower(b);
}

// SigV4's Trimall: no leading or trailing white space, inner runs collapsed to one space
// (Python's ' '.join(value.split())).
std::string TrimAll(std::string_view value) {
  std::string out;
  bool pending_space = false;
  for (char c : value) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

// RFC 3986 section 5.2.4, and repeated slashes dropped (botocore utils.remove_dot_segments).
std::string RemoveDotSegments(std::string_view path) {
  if (path.empty()) return "/";
  std::vector<std::string_view> segments;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view segment = path.substr(start, end - start);
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!segment.empty() && segment != ".") {
      segments.push_back(segment);
    }
    start = end + 1;
  }
  std::string out = path.front() == '/' ? "/" : "";
  for (size_t i = 0; i < segments.size(); ++i) {
    if (i > 0) out.push_back('/');
    out += segments[i];
  }
  if (path.back() == '/' && !segments.empty()) out.push_back('/');
  return out;
}

std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

std::optional<std::string> Request::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (SameName(key, name)) return value;
  }
  return std::nullopt;
}

void Request::RemoveHeader(std::string_view name) {
  std::erase_if(headers, [&](const auto& header) { return SameName(header.first, name); });
}

std::string Scope::ToString() const {
  return date + "/" + region + "/" + service + "/aws4_request";
}

std::string CanonicalUri(std::string_view path) {
  return PercentEncode(RemoveDotSegments(path), "/~");
}

std::string CanonicalQuery(const Pairs& query) {
  Pairs encoded;
  encoded.reserve(query.size());
  for (const auto& [name, value] : query)
    encoded.emplace_back(PercentEncode(name, "-_.~"), PercentEncode(value, "-_.~"));
  std::sort(encoded.begin(), encoded.end());
  std::string out;
  for (const auto& [name, value] : encoded) {
    if (!out.empty()) out.push_back('&');
    out += name + "=" + value;
  }
  return out;
}

std::vector<std::string> HeadersToSign(const Request& request) {
  std::vector<std::string> names;
  for (const auto& header : request.headers) {
    std::string name = Lower(header.first);
    if (std::find(std::begin(kUnsigned), std::end(kUnsigned), name) != std::end(kUnsigned))
      continue;
    names.push_back(std::move(name));
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

std::string PayloadHash(const Request& request) {
  if (auto declared = request.Header("X-Amz-Content-SHA256")) return *declared;
  return Sha256Hex(request.body);
}

std::string CanonicalRequest(const Request& request, const std::vector<std::string>& signed_headers,
                             std::string_view payload_hash) {
  std::string out = request.method + "\n" + CanonicalUri(request.path) + "\n" +
                    CanonicalQuery(request.query) + "\n";
  std::string signed_list;
  for (const std::string& name : signed_headers) {
    std::string joined;
    bool first = true;
    for (const auto& [key, value] : request.headers) {
      if (!SameName(key, name)) continue;
      if (!first) joined.push_back(',');
      joined += TrimAll(value);
      first = false;
    }
    out += name + ":" + joined + "\n";
    if (!signed_list.empty()) signed_list.push_back(';');
    signed_list += name;
  }
  out += "\n" + signed_list + "\n";
  out += payload_hash;
  return out;
}

std::string StringToSign(std::string_view amz_date, const Scope& scope,
                         std::string_view canonical_request) {
  return std::string(kAlgorithm) + "\n" + std::string(amz_date) + "\n" + scope.ToString() + "\n" +
         Sha256Hex(canonical_request);
}

std::string SigningKey(std::string_view secret_access_key, const Scope& scope) {
  std::string date_key = HmacSha256("AWS4" + std::string(secret_access_key), scope.date);
  std::string region_key = HmacSha256(date_key, scope.region);
  std::string service_key = HmacSha256(region_key, scope.service);
  return HmacSha256(service_key, "aws4_request");
}

std::string Signature(std::string_view signing_key, std::string_view string_to_sign) {
  return Hex(HmacSha256(signing_key, string_to_sign));
}

std::string AmzDate(std::chrono::system_clock::time_point when) {
  std::time_t seconds = std::chrono::system_clock::to_time_t(when);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &utc);
  return text;
}

std::optional<std::chrono::system_clock::time_point> ParseAmzDate(std::string_view amz_date) {
  if (amz_date.size() != 16 || amz_date[8] != 'T' || amz_date[15] != 'Z') return std::nullopt;
  for (size_t i = 0; i < 15; ++i) {
    if (i != 8 && !std::isdigit(static_cast<unsigned char>(amz_date[i]))) return std::nullopt;
  }
  auto number = [&](size_t at, size_t length) {
    return std::stoi(std::string(amz_date.substr(at, length)));
  };
  std::tm utc{};
  utc.tm_year = number(0, 4) - 1900;
  utc.tm_mon = number(4, 2) - 1;
  utc.tm_mday = number(6, 2);
  utc.tm_hour = number(9, 2);
  utc.tm_min = number(11, 2);
  utc.tm_sec = number(13, 2);
  if (utc.tm_mon > 11 || utc.tm_mday < 1 || utc.tm_mday > 31 || utc.tm_hour > 23 ||
      utc.tm_min > 59 || utc.tm_sec > 60)
    return std::nullopt;
  return std::chrono::system_clock::from_time_t(timegm(&utc));
}

void Sign(Request& request, const Credentials& credentials, std::string_view region,
          std::string_view service, std::chrono::system_clock::time_point now) {
  // A retry signs again: what an earlier attempt added goes first.
  request.RemoveHeader("Authorization");
  request.RemoveHeader("X-Amz-Date");
  std::string amz_date = AmzDate(now);
  request.headers.emplace_back("X-Amz-Date", amz_date);
  if (!credentials.session_token.empty()) {
    request.RemoveHeader("X-Amz-Security-Token");
    request.headers.emplace_back("X-Amz-Security-Token", credentials.session_token);
  }
  Scope scope{amz_date.substr(0, 8), std::string(region), std::string(service)};
  std::vector<std::string> signed_headers = HeadersToSign(request);
  std::string canonical = CanonicalRequest(request, signed_headers, PayloadHash(request));
  std::string signature = Signature(SigningKey(credentials.secret_access_key, scope),
                                    StringToSign(amz_date, scope, canonical));
  std::string signed_list;
  for (const std::string& name : signed_headers)
    signed_list += (signed_list.empty() ? "" : ";") + name;
  request.headers.emplace_back(
      "Authorization", std::string(kAlgorithm) + " Credential=" + credentials.access_key_id + "/" +
                           scope.ToString() + ", SignedHeaders=" + signed_list +
                           ", Signature=" + signature);
}

std::optional<Authorization> ParseAuthorization(std::string_view header, std::string& error) {
  header = Trim(header);
  if (header.substr(0, kAlgorithm.size()) != kAlgorithm ||
      (header.size() > kAlgorithm.size() && header[kAlgorithm.size()] != ' ')) {
    error = "Authorization header must use the AWS4-HMAC-SHA256 algorithm";
    return std::nullopt;
  }
  std::map<std::string, std::string, std::less<>> parts;
  for (std::string_view part : Split(header.substr(kAlgorithm.size()), ',')) {
    part = Trim(part);
    size_t equals = part.find('=');
    if (equals == std::string_view::npos) continue;
    parts[std::string(Trim(part.substr(0, equals)))] = std::string(Trim(part.substr(equals + 1)));
  }
  std::string missing;
  for (const char* name : {"Credential", "SignedHeaders", "Signature"}) {
    if (!parts.count(name))
      missing += std::string(missing.empty() ? "" : " ") + "Authorization header requires '" +
                 name + "' parameter.";
  }
  if (!missing.empty()) {
    error = missing;
    return std::nullopt;
  }
  std::vector<std::string_view> credential = Split(parts["Credential"], '/');
  if (credential.size() != 5 || credential[4] != "aws4_request" || credential[1].size() != 8 ||
      credential[0].empty()) {
    error =
        "Credential should be scoped to a valid region, and to the form "
        "ACCESS_KEY/YYYYMMDD/REGION/SERVICE/aws4_request; got '" +
        parts["Credential"] + "'";
    return std::nullopt;
  }
  Authorization authorization;
  authorization.access_key_id = std::string(credential[0]);
  authorization.scope = {std::string(credential[1]), std::string(credential[2]),
                         std::string(credential[3])};
  for (std::string_view name : Split(parts["SignedHeaders"], ';'))
    authorization.signed_headers.push_back(Lower(name));
  authorization.signature = parts["Signature"];
  return authorization;
}

Verification Verify(const Request& request,
                    const std::function<std::optional<std::string>(std::string_view)>& secret_of,
                    std::chrono::system_clock::time_point now, std::chrono::seconds max_skew) {
  Verification result;
  std::optional<std::string> header = request.Header("Authorization");
  if (!header) {
    result.verdict = Verdict::kMissingAuthentication;
    result.message = "Missing Authentication Token";
    return result;
  }
  std::string error;
  std::optional<Authorization> authorization = ParseAuthorization(*header, error);
  if (!authorization) {
    result.verdict = Verdict::kIncomplete;
    result.message = error;
    return result;
  }
  result.authorization = *authorization;
  if (std::find(authorization->signed_headers.begin(), authorization->signed_headers.end(),
                "host") == authorization->signed_headers.end()) {
    result.verdict = Verdict::kIncomplete;
    result.message = "'Host' must be a 'SignedHeader' in the AWS Authorization.";
    return result;
  }
  std::optional<std::string> amz_date = request.Header("X-Amz-Date");
  std::optional<std::chrono::system_clock::time_point> signed_at =
      amz_date ? ParseAmzDate(*amz_date) : std::nullopt;
  if (!signed_at) {
    result.verdict = Verdict::kIncomplete;
    result.message =
        "Authorization header requires existence of either a 'X-Amz-Date' or a "
        "'Date' header.";
    return result;
  }
  if (amz_date->substr(0, 8) != authorization->scope.date) {
    result.verdict = Verdict::kMismatch;
    result.message =
        "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of "
        "date from HTTP: '" +
        authorization->scope.date + "' != '" + amz_date->substr(0, 8) + "'";
    return result;
  }
  if (*signed_at > now + max_skew || *signed_at < now - max_skew) {
    result.verdict = Verdict::kExpired;
    result.message = "Signature expired: " + *amz_date + " is now earlier than " +
                     AmzDate(now - max_skew) + " (" + AmzDate(now) + " - " +
                     std::to_string(max_skew.count() / 60) + " min.)";
    return result;
  }
  std::optional<std::string> secret = secret_of(authorization->access_key_id);
  if (!secret) {
    result.verdict = Verdict::kUnknownAccessKey;
    result.message = "The security token included in the request is invalid.";
    return result;
  }
  std::string canonical =
      CanonicalRequest(request, authorization->signed_headers, PayloadHash(request));
  std::string expected = Signature(SigningKey(*secret, authorization->scope),
                                   StringToSign(*amz_date, authorization->scope, canonical));
  if (!ConstantTimeEquals(expected, authorization->signature)) {
    result.verdict = Verdict::kMismatch;
    result.message =
        "The request signature we calculated does not match the signature you "
        "provided. Check your AWS Secret Access Key and signing method. Consult the "
        "service documentation for details.";
    return result;
  }
  result.verdict = Verdict::kValid;
  return result;
}

}  // namespace berth::aws_api::sigv4
