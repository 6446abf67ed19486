// EventBridge and Application Auto Scaling schedule syntax: rate(N unit) with a singular unit
// for 1 and a plural one otherwise; six-field cron(...) where exactly one of day-of-month and
// day-of-week is "?"; at(...) for one-off scaling actions.
#include <algorithm>
#include <cctype>
#include <optional>
#include <sstream>

#include "compiler/rules/families.h"
#include "compiler/rules/ir_view.h"

namespace berth::rules {

namespace {

// Returns "" when the expression is valid, else what is wrong with it.
std::string RateProblem(std::string_view body) {
  std::istringstream in{std::string(body)};
  std::string count, unit, rest;
  in >> count >> unit >> rest;
  bool numeric = !count.empty() && std::all_of(count.begin(), count.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c));
  });
  if (!numeric || unit.empty() || !rest.empty() || std::stol(count) == 0) {
    return "a rate is rate(N minutes|hours|days) with N a positive whole number";
  }
  bool one = std::stol(count) == 1;
  for (std::string_view base : {"minute", "hour", "day"}) {
    std::string singular(base), plural = std::string(base) + "s";
    if (unit == (one ? singular : plural)) return "";
    if (unit == (one ? plural : singular)) {
      return "write rate(" + count + " " + (one ? singular : plural) + ")";
    }
  }
  return "the unit of a rate is minute(s), hour(s) or day(s)";
}

std::string CronProblem(std::string_view body) {
  std::istringstream in{std::string(body)};
  std::vector<std::string> fields;
  for (std::string f; in >> f;) fields.push_back(f);
  if (fields.size() != 6) {
    return "a cron expression has six fields (minutes hours day-of-month month day-of-week "
           "year), not " +
           std::to_string(fields.size());
  }
  if ((fields[2] == "?") == (fields[4] == "?")) {
    return "exactly one of day-of-month and day-of-week must be ?";
  }
  return "";
}

std::string Problem(std::string_view expr, bool allow_at) {
  auto body_of = [&](std::string_view prefix) -> std::optional<std::string_view> {
    if (!expr.starts_with(prefix) || !expr.ends_with(")")) return std::nullopt;
    return expr.substr(prefix.size(), expr.size() - prefix.size() - 1);
  };
  if (auto body = body_of("rate(")) return RateProblem(*body);
  if (auto body = body_of("cron(")) return CronProblem(*body);
  if (allow_at && body_of("at(")) return "";
  return allow_at ? "use rate(...), cron(...) or at(...)" : "use rate(...) or cron(...)";
}

void Check(const Value* expr, const SourceRange& fallback, const std::string& subject,
           bool allow_at, Diagnostics& diags) {
  if (!expr || !expr->is(ValueKind::kString)) return;
  std::string problem = Problem(expr->str(), allow_at);
  if (problem.empty()) return;
  diags.Error(RangeOf(expr, fallback),
              subject + " has an invalid schedule " + Quote(expr->str()) + ": " + problem);
}

}  // namespace

void CheckScheduleExpressions(const ir::Program& program, Diagnostics& diags) {
  for (const ir::Resource& r : program.resources) {
    if (r.kind == "schedule") {
      Check(Attr(r.attributes, "expression"), r.range, r.address, false, diags);
    } else if (r.kind == "service") {
      const Value* scaling = Block(r.attributes, "autoscaling");
      if (!scaling) continue;
      for (const Value* s : Blocks(*scaling, "scheduled")) {
        Check(Attr(*s, "schedule"), RangeOf(s, r.range),
              "scheduled " + Quote(StrAttr(*s, "name")) + " of " + r.address, true, diags);
      }
    }
  }
}

}  // namespace berth::rules
