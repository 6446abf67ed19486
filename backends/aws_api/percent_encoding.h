// Percent-encoding as AWS needs it in two places, each byte-for-byte what botocore does (its
// tests compare): the RFC 3986 encoding of SigV4's canonical URI and query (Python's
// `urllib.parse.quote` with a `safe` set), and the form encoding of query-protocol bodies
// (`urlencode`, i.e. `quote_plus`: a space is '+', everything but A-Z a-z 0-9 `-_.~` escaped).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace berth::aws_api {

// Escapes every byte but A-Z a-z 0-9 `-_.~` and the characters of `safe`, as %XX (uppercase).
std::string PercentEncode(std::string_view text, std::string_view safe = "");

// `name=value&...` with PercentEncode(safe "") and spaces as '+', pairs in the given order.
std::string FormEncode(const std::vector<std::pair<std::string, std::string>>& pairs);

// The inverse of both (a '+' becomes a space only when `plus_is_space`); a malformed escape
// ("%G1", a trailing "%") is kept as it is, as Python's `unquote` keeps it.
std::string PercentDecode(std::string_view text, bool plus_is_space = false);

// `a=1&b=2` -> {{"a","1"},{"b","2"}}, decoded (form or query string).
std::vector<std::pair<std::string, std::string>> ParseFormEncoded(std::string_view text);

}  // namespace berth::aws_api
