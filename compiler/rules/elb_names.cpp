// Load balancer and target group names: at most 32 letters, digits and hyphens, not starting or
// ending with a hyphen. Labels may hold underscores, so a name defaulted from a label can break
// this; the message suggests the hyphenated spelling.
#include <algorithm>
#include <cctype>

#include "compiler/rules/families.h"
#include "compiler/rules/ir_view.h"

namespace berth::rules {

namespace {

std::string Problem(std::string_view name) {
  if (name.empty()) return "is empty";
  if (name.size() > 32) return "is longer than 32 characters";
  bool bad_char = std::any_of(name.begin(), name.end(), [](char c) {
    return !(std::isalnum(static_cast<unsigned char>(c)) || c == '-');
  });
  if (bad_char) return "may hold only letters, digits and hyphens";
  if (name.front() == '-' || name.back() == '-') return "may not start or end with a hyphen";
  if (name.starts_with("internal-")) return "may not start with \"internal-\"";
  return "";
}

}  // namespace

void CheckElbNames(const ir::Program& program, Diagnostics& diags) {
  for (const ir::Resource& r : program.resources) {
    if (r.kind != "load_balancer" && r.kind != "target_group") continue;
    const Value* name = Attr(r.attributes, "name");
    if (!name || !name->is(ValueKind::kString)) continue;
    std::string problem = Problem(name->str());
    if (problem.empty()) continue;
    std::string message = "the name " + Quote(*name) + " of " + r.address + " " + problem;
    std::string fixed = name->str();
    std::replace(fixed.begin(), fixed.end(), '_', '-');
    if (fixed != name->str() && Problem(fixed).empty() && !name->sensitive()) {
      message += "; set name = " + Quote(fixed);
    }
    diags.Error(RangeOf(name, r.range), message);
  }
}

}  // namespace berth::rules
