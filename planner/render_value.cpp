#include "planner/render_value.h"

#include <fmt/format.h>

#include <algorithm>

#include "planner/attribute_path.h"

namespace berth::planner {

namespace {

// A map key as berth source writes it: bare when an identifier, else quoted.
std::string KeyText(const std::string& key) {
  std::string path = AppendKey("", key);
  return path[0] == '[' ? path.substr(1, path.size() - 2) : path;
}

}  // namespace

std::string RenderValue(const Value& v, int indent) {
  if (v.sensitive()) return kSensitiveText;
  // "${load_balancer.public.dns_name}/api" (known after apply): a template keeps its text.
  if (v.is_unknown()) return v.ToSource() + " (known after apply)";
  std::string pad(indent + 4, ' ');
  if (v.is(ValueKind::kMap)) {
    if (v.map().empty()) return "{}";
    size_t width = 0;
    for (const auto& [k, item] : v.map()) width = std::max(width, KeyText(k).size());
    std::string out = "{\n";
    for (const auto& [k, item] : v.map()) {
      out += fmt::format("{}{:<{}} = {}\n", pad, KeyText(k), width, RenderValue(item, indent + 4));
    }
    return out + std::string(indent, ' ') + "}";
  }
  if (v.is(ValueKind::kList)) {
    bool nested = std::any_of(v.list().begin(), v.list().end(), [](const Value& i) {
      return i.is(ValueKind::kMap) || i.is(ValueKind::kList) || i.sensitive() || i.is_unknown();
    });
    if (!nested) return v.ToSource();
    std::string out = "[\n";
    for (const Value& item : v.list()) out += pad + RenderValue(item, indent + 4) + ",\n";
    return out + std::string(indent, ' ') + "]";
  }
  return v.ToSource();
}

}  // namespace berth::planner
