// An endpoint URL as AWS configuration gives it (`AWS_ENDPOINT_URL=http://127.0.0.1:4566`,
// `https://ecs.eu-west-1.amazonaws.com`): scheme, host, port and path, and the Host header a
// request to it carries (what SigV4 signs, so it must be exactly what botocore derives).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace berth::aws_api {

struct Url {
  std::string scheme;  // "http" or "https"
  std::string host;    // lowercase; an IPv6 address without its brackets
  int port = 0;        // 0: the scheme's default
  std::string path;    // "/" when the URL has none

  // nullopt with `error` for anything but http(s)://HOST[:PORT][/PATH] (no user info, query or
  // fragment: an endpoint is a place, not a request).
  static std::optional<Url> Parse(std::string_view text, std::string& error);

  int EffectivePort() const { return port != 0 ? port : (scheme == "https" ? 443 : 80); }
  bool Ipv6() const { return host.find(':') != std::string::npos; }
  // "host", "host:port" when the port is not the scheme's default, "[::1]:port" for IPv6.
  std::string HostHeader() const;
  std::string ToString() const;  // scheme://HostHeader()path
};

}  // namespace berth::aws_api
