#include "controlplane/lb/http_head.h"

#include <cctype>

namespace berth::controlplane::lb {

namespace http_head_impl {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

std::string_view Trim(std::string_view text) {
  while (!text.empty() && IsBlank(text.front())) text.remove_prefix(1);
  while (!text.empty() && (IsBlank(text.back()) || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

// A token character of RFC 9110 5.6.2 (field names, methods).
bool IsToken(char c) {
  if (std::isalnum(static_cast<unsigned char>(c))) return true;
  for (char allowed : std::string_view("!#$%&'*+-.^_`|~"))
    if (c == allowed) return true;
  return false;
}

// "HTTP/1.x": x, or -1.
int MinorVersion(std::string_view version) {
  if (version.size() != 8 || version.substr(0, 7) != "HTTP/1." || !std::isdigit(version[7]))
    return -1;
  return version[7] - '0';
}

// Finds the head's end and splits its lines after the first; the first line in `first`.
HeadParse SplitHead(std::string_view data, std::string_view& first,
                    std::vector<HeaderField>& headers, size_t& length) {
  size_t end = data.find("\r\n\r\n");
  if (end == std::string_view::npos)
    return data.size() > kMaxHead ? HeadParse::kMalformed : HeadParse::kIncomplete;
  if (end + 4 > kMaxHead) return HeadParse::kMalformed;
  length = end + 4;
  std::string_view head = data.substr(0, end + 2);
  size_t line_end = head.find("\r\n");
  first = head.substr(0, line_end);
  headers.clear();
  for (size_t at = line_end + 2; at < head.size();) {
    size_t next = head.find("\r\n", at);
    std::string_view line = head.substr(at, next - at);
    at = next + 2;
    size_t colon = line.find(':');
    // No obsolete line folding, no blank before the colon (RFC 9112 5.1, 5.2): both refused.
    if (colon == std::string_view::npos || colon == 0) return HeadParse::kMalformed;
    std::string_view name = line.substr(0, colon);
    for (char c : name)
      if (!IsToken(c)) return HeadParse::kMalformed;
    headers.push_back({name, Trim(line.substr(colon + 1))});
  }
  return HeadParse::kComplete;
}

}  // namespace
}  // namespace http_head_impl

using namespace http_head_impl;

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

HeadParse ParseRequestHead(std::string_view data, RequestHead& head) {
  std::string_view line;
  HeadParse parsed = SplitHead(data, line, head.headers, head.length);
  if (parsed != HeadParse::kComplete) return parsed;
  size_t first = line.find(' ');
  size_t second = first == std::string_view::npos ? first : line.find(' ', first + 1);
  if (second == std::string_view::npos || first == 0 || second == first + 1)
    return HeadParse::kMalformed;
  head.method = line.substr(0, first);
  for (char c : head.method)
    if (!IsToken(c)) return HeadParse::kMalformed;
  head.target = line.substr(first + 1, second - first - 1);
  head.minor = MinorVersion(line.substr(second + 1));
  return head.minor < 0 ? HeadParse::kMalformed : HeadParse::kComplete;
}

HeadParse ParseResponseHead(std::string_view data, ResponseHead& head) {
  std::string_view line;
  HeadParse parsed = SplitHead(data, line, head.headers, head.length);
  if (parsed != HeadParse::kComplete) return parsed;
  // "HTTP/1.1 200 OK": the reason may be empty, even without its space.
  if (line.size() < 12 || line[8] != ' ') return HeadParse::kMalformed;
  head.minor = MinorVersion(line.substr(0, 8));
  int status = 0;
  for (char c : line.substr(9, 3)) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return HeadParse::kMalformed;
    status = status * 10 + (c - '0');
  }
  head.status = status;
  head.reason = line.size() > 13 ? line.substr(13) : std::string_view();
  return head.minor < 0 || status < 100 ? HeadParse::kMalformed : HeadParse::kComplete;
}

std::string_view FieldValue(const std::vector<HeaderField>& headers, std::string_view name) {
  for (const HeaderField& field : headers)
    if (EqualsIgnoreCase(field.name, name)) return field.value;
  return {};
}

bool HasField(const std::vector<HeaderField>& headers, std::string_view name) {
  for (const HeaderField& field : headers)
    if (EqualsIgnoreCase(field.name, name)) return true;
  return false;
}

bool HasToken(std::string_view list, std::string_view token) {
  while (!list.empty()) {
    size_t comma = list.find(',');
    if (EqualsIgnoreCase(Trim(list.substr(0, comma)), token)) return true;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return false;
}

}  // namespace berth::controlplane::lb
