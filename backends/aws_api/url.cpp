#include "backends/aws_api/url.h"

#include <cctype>

namespace berth::aws_api {

namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::optional<Url> Url::Parse(std::string_view text, std::string& error) {
  auto fail = [&](const std::string& why) -> std::optional<Url> {
    error = "endpoint URL '" + std::string(text) + "': " + why;
    return std::nullopt;
  };
  Url url;
  size_t scheme_end = text.find("://");
  if (scheme_end == std::string_view::npos)
    return fail("expected http://HOST[:PORT] or https://...");
  url.scheme = Lower(text.substr(0, scheme_end));
  if (url.scheme != "http" && url.scheme != "https")
    return fail("the scheme must be http or https, not '" + url.scheme + "'");
  std::string_view rest = text.substr(scheme_end + 3);
  size_t path_start = rest.find('/');
  std::string_view authority = rest.substr(0, path_start);
  url.path = path_start == std::string_view::npos ? "/" : std::string(rest.substr(path_start));
  if (url.path.find_first_of("?#") != std::string::npos)
    return fail("an endpoint has no query or fragment");
  if (authority.find('@') != std::string_view::npos) return fail("user info is not supported");
  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) return fail("unclosed '[' in an IPv6 address");
    url.host = Lower(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return fail("unexpected text after the IPv6 address");
      port_text = after.substr(1);
    }
  } else {
    size_t colon = authority.rfind(':');
    url.host = Lower(authority.substr(0, colon));
    if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
  }
  if (url.host.empty()) return fail("no host");
  if (!port_text.empty()) {
    int port = 0;
    for (char c : port_text) {
      if (!std::isdigit(static_cast<unsigned char>(c)) || port > 65535)
        return fail("the port must be a number from 1 to 65535");
      port = port * 10 + (c - '0');
    }
    if (port < 1 || port > 65535) return fail("the port must be a number from 1 to 65535");
    url.port = port;
  }
  return url;
}

std::string Url::HostHeader() const {
  std::string header = Ipv6() ? "[" + host + "]" : host;
  int default_port = scheme == "https" ? 443 : 80;
  if (port != 0 && port != default_port) header += ":" + std::to_string(port);
  return header;
}

std::string Url::ToString() const { return scheme + "://" + HostHeader() + path; }

}  // namespace berth::aws_api
