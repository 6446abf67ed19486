// The notation of attribute paths in a plan: `containers["app"].env.APP_ENV`. One spelling, so
// that a path printed by `berth plan` can be pasted back into `--ignore-changes`.
#pragma once

#include <string>
#include <string_view>

namespace berth::planner {

// Appends a map key: `.key` when it is an identifier, else `["key"]` (quoted, escaped).
std::string AppendKey(const std::string& path, std::string_view key);
// Appends a labeled block's name: `["name"]`.
std::string AppendLabel(const std::string& path, std::string_view label);
// Appends a list index: `[3]`.
std::string AppendIndex(const std::string& path, size_t index);
// True when `path` is `prefix` or lies below it (`a.b` is below `a`; `ab` is not).
bool PathWithin(std::string_view path, std::string_view prefix);

}  // namespace berth::planner
