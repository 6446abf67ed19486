// Answers the listener gives itself (fixed-response, redirect, ALB's 4xx/5xx pages) as the bytes
// of an HTTP/1.1 response.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace berth::controlplane::lb {

struct LocalResponse {
  int status = 200;
  std::string content_type;  // none when empty
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // Location, Server...
};

// ALB's own error page for `status` (what a client of a real one sees).
LocalResponse ErrorPage(int status);
// The reason phrase of a status code (RFC 9110 15, and ALB's wording for 503).
std::string_view ReasonPhrase(int status);
// The response's bytes: HTTP/1.1, a Content-Length, the body unless `head_request`, and the
// Connection field the client needs (`keep`: the connection stays open; `minor`: the request's
// HTTP/1.<minor>, a 1.0 client is told keep-alive explicitly).
std::string Serialize(const LocalResponse& response, bool head_request, bool keep, int minor);

}  // namespace berth::controlplane::lb
