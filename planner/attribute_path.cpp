#include "planner/attribute_path.h"

namespace berth::planner {

namespace {

bool IsIdentifier(std::string_view s) {
  if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return false;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string Quoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string AppendKey(const std::string& path, std::string_view key) {
  if (!IsIdentifier(key)) return path + "[" + Quoted(key) + "]";
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string AppendLabel(const std::string& path, std::string_view label) {
  return path + "[" + Quoted(label) + "]";
}

std::string AppendIndex(const std::string& path, size_t index) {
  return path + "[" + std::to_string(index) + "]";
}

bool PathWithin(std::string_view path, std::string_view prefix) {
  if (path.substr(0, prefix.size()) != prefix) return false;
  if (path.size() == prefix.size()) return true;
  char next = path[prefix.size()];
  return next == '.' || next == '[';
}

}  // namespace berth::planner
