// EventBridge and Application Auto Scaling schedule syntax, as their docs define it ("Schedule
// expressions for rules", "Scheduled scaling"): rate(N unit) with a singular unit for 1 and a
// plural one otherwise; six-field cron(minutes hours day-of-month month day-of-week year), each
// field checked against its range and the wildcards it allows, exactly one of day-of-month and
// day-of-week "?"; at(yyyy-mm-ddThh:mm:ss) for one-off scaling actions.
#include <algorithm>
#include <cctype>
#include <optional>
#include <sstream>

#include "compiler/rules/families.h"
#include "compiler/rules/ir_view.h"

namespace berth::rules {

namespace {

bool AllDigits(std::string_view s) {
  return !s.empty() && s.size() <= 9 && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c));
  });
}

// Returns "" when the expression is valid, else what is wrong with it.
std::string RateProblem(std::string_view body) {
  std::istringstream in{std::string(body)};
  std::string count, unit, rest;
  in >> count >> unit >> rest;
  if (!AllDigits(count) || unit.empty() || !rest.empty() || std::stol(count) == 0) {
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

// One field of a cron expression: its range, the names it accepts for its values (JAN..DEC,
// SUN..SAT) and the special characters it allows beyond , - * /.
struct CronField {
  std::string_view name;
  int min = 0, max = 0;
  std::vector<std::string_view> names = {};  // names[i] stands for min + i
  bool question = false;                     // ? (any): day-of-month and day-of-week
  bool last = false;                         // L
  bool weekday = false;                      // W: day-of-month
  bool nth = false;                          // #: day-of-week
};

const CronField kCronFields[] = {
    {.name = "minutes", .min = 0, .max = 59},
    {.name = "hours", .min = 0, .max = 23},
    {.name = "day-of-month", .min = 1, .max = 31, .question = true, .last = true, .weekday = true},
    {.name = "month",
     .min = 1,
     .max = 12,
     .names = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}},
    {.name = "day-of-week",
     .min = 1,
     .max = 7,
     .names = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"},
     .question = true,
     .last = true,
     .nth = true},
    {.name = "year", .min = 1970, .max = 2199},
};

std::string Range(const CronField& f) {
  std::string out = std::to_string(f.min) + " to " + std::to_string(f.max);
  if (!f.names.empty())
    out += " or " + std::string(f.names.front()) + " to " + std::string(f.names.back());
  return out;
}

// A value of the field (a number or a name), or "" when fine: else the problem.
std::string ValueProblem(const CronField& f, std::string_view value) {
  std::string upper;
  for (char c : value) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (std::find(f.names.begin(), f.names.end(), upper) != f.names.end()) return "";
  if (!AllDigits(value)) {
    return "the " + std::string(f.name) + " field has \"" + std::string(value) +
           "\", which is not one of its values, " + Range(f);
  }
  long n = std::stol(std::string(value));
  if (n >= f.min && n <= f.max) return "";
  return "the " + std::string(f.name) + " field has " + std::string(value) + ", outside " +
         Range(f);
}

// One item of a comma-separated list: *, a value, a range a-b, a step x/n, or the field's
// special forms (L, nL, nW, LW, d#n).
std::string ItemProblem(const CronField& f, std::string_view item) {
  std::string field(f.name);
  if (item == "*") return "";
  if (item == "?") {
    return f.question ? "? stands alone in the " + field + " field"
                      : "? is allowed only in day-of-month and day-of-week, not in " + field;
  }
  if (size_t slash = item.find('/'); slash != std::string_view::npos) {
    std::string_view start = item.substr(0, slash), step = item.substr(slash + 1);
    if (!AllDigits(step) || std::stol(std::string(step)) == 0) {
      return "the " + field + " field has step \"" + std::string(step) +
             "\"; a step is a positive whole number, e.g. */5";
    }
    if (start == "*") return "";
    return ItemProblem(f, start);
  }
  if (size_t dash = item.find('-'); dash != std::string_view::npos && dash > 0) {
    std::string problem = ValueProblem(f, item.substr(0, dash));
    return problem.empty() ? ValueProblem(f, item.substr(dash + 1)) : problem;
  }
  if (f.last && item == "L") return "";
  if (f.weekday && item == "LW") return "";
  if (f.weekday && item.size() > 1 && item.back() == 'W') {
    return ValueProblem(f, item.substr(0, item.size() - 1));
  }
  if (f.nth && item.size() > 1 && item.back() == 'L') {
    return ValueProblem(f, item.substr(0, item.size() - 1));
  }
  if (size_t hash = item.find('#'); f.nth && hash != std::string_view::npos) {
    std::string_view nth = item.substr(hash + 1);
    if (!AllDigits(nth) || std::stol(std::string(nth)) < 1 || std::stol(std::string(nth)) > 5) {
      return "the day-of-week field has \"" + std::string(item) +
             "\"; the week of the month after # is 1 to 5";
    }
    return ValueProblem(f, item.substr(0, hash));
  }
  for (char c : item) {
    if (!std::isalnum(static_cast<unsigned char>(c))) {
      return "the " + field + " field has \"" + std::string(item) + "\"; " + std::string(1, c) +
             " is not a wildcard " + field + " allows";
    }
  }
  return ValueProblem(f, item);
}

std::string FieldProblem(const CronField& f, std::string_view text) {
  if (text == "?" && f.question) return "";
  std::string_view rest = text;
  while (true) {
    size_t comma = rest.find(',');
    std::string problem = ItemProblem(f, rest.substr(0, comma));
    if (!problem.empty()) return problem;
    if (comma == std::string_view::npos) return "";
    rest = rest.substr(comma + 1);
  }
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
  for (size_t i = 0; i < fields.size(); ++i) {
    if (std::string problem = FieldProblem(kCronFields[i], fields[i]); !problem.empty()) {
      return problem;
    }
  }
  if ((fields[2] == "?") == (fields[4] == "?")) {
    return "exactly one of day-of-month and day-of-week must be ?";
  }
  return "";
}

// at(yyyy-mm-ddThh:mm:ss): a real date and time of day.
std::string AtProblem(std::string_view body) {
  constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:dd";
  bool shaped = body.size() == kShape.size();
  for (size_t i = 0; shaped && i < body.size(); ++i) {
    shaped = kShape[i] == 'd' ? std::isdigit(static_cast<unsigned char>(body[i])) != 0
                              : body[i] == kShape[i];
  }
  if (!shaped) return "a one-time schedule is at(yyyy-mm-ddThh:mm:ss)";
  auto part = [&](size_t pos, size_t len) { return std::stoi(std::string(body.substr(pos, len))); };
  int year = part(0, 4), month = part(5, 2), day = part(8, 2);
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int kDays[] = {31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1 || day > kDays[month - 1]) {
    return std::string(body.substr(0, 10)) + " is not a date";
  }
  if (part(11, 2) > 23 || part(14, 2) > 59 || part(17, 2) > 59) {
    return std::string(body.substr(11)) + " is not a time of day";
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
  if (auto body = body_of("at("); allow_at && body) return AtProblem(*body);
  return allow_at ? "use rate(...), cron(...) or at(...)" : "use rate(...) or cron(...)";
}

void Check(const Value* expr, const SourceRange& fallback, const std::string& subject,
           bool allow_at, Diagnostics& diags) {
  if (!expr || !expr->is(ValueKind::kString)) return;
  std::string problem = Problem(expr->str(), allow_at);
  if (problem.empty()) return;
  diags.Error(RangeOf(expr, fallback),
              subject + " has an invalid schedule " + Quote(*expr) + ": " + problem);
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
