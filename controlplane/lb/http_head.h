// The heads of HTTP/1.x messages as the listeners' proxy needs them (RFC 9112): the request line
// or status line and the header fields, as views into the bytes received, parsed once and never
// copied. Bodies are not parsed here: message_framing.h says where they end.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace berth::controlplane::lb {

struct HeaderField {
  std::string_view name, value;  // value without surrounding blanks
};

struct RequestHead {
  std::string_view method, target;  // target as sent: path and query, percent-encoding kept
  int minor = 1;                    // HTTP/1.<minor>
  std::vector<HeaderField> headers;
  size_t length = 0;  // bytes of the head, the empty line included
};

struct ResponseHead {
  int status = 0;
  std::string_view reason;
  int minor = 1;
  std::vector<HeaderField> headers;
  size_t length = 0;
};

// Longest head accepted: ALB's quota for a request's headers is 64 KB (a longer one is answered
// 400 here; a target's longer one is its failure, a 502).
inline constexpr size_t kMaxHead = 64 * 1024;

enum class HeadParse { kComplete, kIncomplete, kMalformed };

// Parses the head at the start of `data` (it may hold more: a body, the next request).
HeadParse ParseRequestHead(std::string_view data, RequestHead& head);
HeadParse ParseResponseHead(std::string_view data, ResponseHead& head);

// The first field named `name` (ASCII case-insensitive); empty when absent.
std::string_view FieldValue(const std::vector<HeaderField>& headers, std::string_view name);
bool HasField(const std::vector<HeaderField>& headers, std::string_view name);
// Whether the comma-separated `list` (Connection, Transfer-Encoding) holds `token`.
bool HasToken(std::string_view list, std::string_view token);
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace berth::controlplane::lb
