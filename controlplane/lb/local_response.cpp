#include "controlplane/lb/local_response.h"

namespace berth::controlplane::lb {

std::string_view ReasonPhrase(int status) {
  switch (status) {
    case 100:
      return "Continue";
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 202:
      return "Accepted";
    case 204:
      return "No Content";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 410:
      return "Gone";
    case 413:
      return "Payload Too Large";
    case 418:
      return "I'm a teapot";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Temporarily Unavailable";  // ALB's wording
    case 504:
      return "Gateway Time-out";  // ALB's wording
  }
  if (status < 300) return "OK";
  if (status < 400) return "Redirect";
  if (status < 500) return "Client Error";
  return "Server Error";
}

LocalResponse ErrorPage(int status) {
  std::string title = std::to_string(status) + " " + std::string(ReasonPhrase(status));
  LocalResponse response;
  response.status = status;
  response.content_type = "text/html";
  response.headers.emplace_back("Server", "awselb/2.0");
  response.body = "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" +
                  title + "</h1></center>\r\n</body>\r\n</html>\r\n";
  return response;
}

std::string Serialize(const LocalResponse& response, bool head_request, bool keep, int minor) {
  std::string out = "HTTP/1.1 " + std::to_string(response.status) + " ";
  out += ReasonPhrase(response.status);
  out += "\r\n";
  for (const auto& [name, value] : response.headers) out += name + ": " + value + "\r\n";
  if (!response.content_type.empty()) out += "Content-Type: " + response.content_type + "\r\n";
  out += "Content-Length: " + std::to_string(response.body.size()) + "\r\n";
  if (!keep) out += "Connection: close\r\n";
  if (keep && minor == 0) out += "Connection: keep-alive\r\n";
  out += "\r\n";
  if (!head_request) out += response.body;
  return out;
}

}  // namespace berth::controlplane::lb
