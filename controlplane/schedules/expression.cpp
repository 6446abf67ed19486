#include "controlplane/schedules/expression.h"

#include <cmath>
#include <cstdio>
#include <vector>

namespace berth::controlplane::schedules {

// Named (and anonymous within): the build compiles several files as one unit.
namespace expression_impl {
namespace {

constexpr int kFirstYear = 1970, kLastYear = 2199;

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
long DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long>(doe) - 719468;
}

void CivilFromDays(long z, int& y, int& m, int& d) {
  z += 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int>(yoe) + static_cast<int>(era * 400) + (m <= 2);
}

int DaysInMonth(int y, int m) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : days[m - 1];
}

// 1 = Sunday ... 7 = Saturday, as AWS numbers days of the week (1970-01-01 was a Thursday).
int Weekday(long days) { return static_cast<int>(((days % 7) + 7 + 4) % 7) + 1; }

std::vector<std::string> Split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::string part;
  for (char c : text) {
    if (c == separator) {
      parts.push_back(part);
      part.clear();
    } else {
      part += c;
    }
  }
  parts.push_back(part);
  return parts;
}

std::vector<std::string> Fields(const std::string& text) {
  std::vector<std::string> fields;
  std::string field;
  for (char c : text) {
    if (c == ' ' || c == '\t') {
      if (!field.empty()) fields.push_back(field);
      field.clear();
    } else {
      field += c;
    }
  }
  if (!field.empty()) fields.push_back(field);
  return fields;
}

bool Number(const std::string& text, int& value) {
  if (text.empty() || text.size() > 4 || text.find_first_not_of("0123456789") != std::string::npos)
    return false;
  value = std::stoi(text);
  return true;
}

// A value of a field: a number, or a month's or a weekday's name (JAN=1, SUN=1).
bool Value(const std::string& text, const char* const* names, int& value) {
  if (Number(text, value)) return true;
  if (!names) return false;
  std::string upper;
  for (char c : text) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (int i = 0; names[i]; ++i) {
    if (upper == names[i]) {
      value = i + 1;
      return true;
    }
  }
  return false;
}

const char* const kMonths[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",  "JUL",
                               "AUG", "SEP", "OCT", "NOV", "DEC", nullptr};
const char* const kWeekdays[] = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT", nullptr};

// One comma-separated list of `*`, `A`, `A-B` with an optional `/STEP`, within [low, high].
template <size_t N>
bool Ranges(const std::string& field, int low, int high, const char* const* names,
            std::bitset<N>& set, int base = 0) {
  for (const std::string& item : Split(field, ',')) {
    std::vector<std::string> step_parts = Split(item, '/');
    if (step_parts.size() > 2) return false;
    int step = 1;
    if (step_parts.size() == 2 && (!Number(step_parts[1], step) || step < 1)) return false;
    const std::string& range = step_parts[0];
    int from = low, to = high;
    if (range != "*") {
      std::vector<std::string> bounds = Split(range, '-');
      if (bounds.size() > 2 || !Value(bounds[0], names, from)) return false;
      to = step_parts.size() == 2 ? high : from;  // "5/15": from 5 to the end, every 15
      if (bounds.size() == 2 && !Value(bounds[1], names, to)) return false;
    }
    if (from < low || to > high || from > to) return false;
    for (int v = from; v <= to; v += step) set.set(v - base);
  }
  return true;
}

bool DayOfMonth(const std::string& field, Expression& e) {
  if (field == "?") {
    e.any_day = true;
    return true;
  }
  if (field == "L") return e.last_day = true;
  if (field == "LW") return e.last_weekday_of_month = true;
  if (field.rfind("L-", 0) == 0) {
    e.last_day = true;
    return Number(field.substr(2), e.last_day_offset) && e.last_day_offset <= 30;
  }
  if (field.size() > 1 && field.back() == 'W') {
    return Number(field.substr(0, field.size() - 1), e.nearest_weekday) && e.nearest_weekday >= 1 &&
           e.nearest_weekday <= 31;
  }
  return Ranges(field, 1, 31, nullptr, e.days);
}

bool DayOfWeek(const std::string& field, Expression& e) {
  if (field == "?") {
    e.any_weekday = true;
    return true;
  }
  if (field == "L") {  // the last day of the week: Saturday
    e.weekdays.set(7);
    return true;
  }
  if (field.size() > 1 && field.back() == 'L') {
    return Value(field.substr(0, field.size() - 1), kWeekdays, e.last_weekday) &&
           e.last_weekday >= 1 && e.last_weekday <= 7;
  }
  size_t hash = field.find('#');
  if (hash != std::string::npos) {
    return Value(field.substr(0, hash), kWeekdays, e.nth_weekday) && e.nth_weekday >= 1 &&
           e.nth_weekday <= 7 && Number(field.substr(hash + 1), e.nth) && e.nth >= 1 && e.nth <= 5;
  }
  return Ranges(field, 1, 7, kWeekdays, e.weekdays);
}

bool DayMatches(const Expression& e, int y, int m, int d, long days) {
  int in_month = DaysInMonth(y, m);
  if (e.any_day) {
    int weekday = Weekday(days);
    if (e.weekdays.test(weekday)) return true;
    if (e.last_weekday && weekday == e.last_weekday && d + 7 > in_month) return true;
    return e.nth_weekday && weekday == e.nth_weekday && (d - 1) / 7 + 1 == e.nth;
  }
  if (e.days.test(d)) return true;
  if (e.last_day && d == in_month - e.last_day_offset) return true;
  long first = days - (d - 1);
  if (e.last_weekday_of_month) {
    int last = in_month;
    while (Weekday(first + last - 1) == 1 || Weekday(first + last - 1) == 7) --last;
    if (d == last) return true;
  }
  if (e.nearest_weekday && e.nearest_weekday <= in_month) {
    // The weekday nearest the day, never leaving the month (Quartz's `W`, which AWS follows).
    int target = e.nearest_weekday;
    int weekday = Weekday(first + target - 1);
    if (weekday == 7) target = target == 1 ? target + 2 : target - 1;
    if (weekday == 1) target = target == in_month ? target - 2 : target + 1;
    if (d == target) return true;
  }
  return false;
}

std::optional<Expression> Invalid(std::string& error) {
  error = "Parameter ScheduleExpression is not valid.";
  return std::nullopt;
}

}  // namespace
}  // namespace expression_impl

using namespace expression_impl;

std::optional<Expression> Parse(const std::string& text, bool allow_at, std::string& error) {
  Expression e;
  auto body = [&](const char* prefix) -> std::optional<std::string> {
    std::string p = prefix;
    if (text.rfind(p, 0) != 0 || text.size() < p.size() + 1 || text.back() != ')')
      return std::nullopt;
    return text.substr(p.size(), text.size() - p.size() - 1);
  };
  if (auto rate = body("rate(")) {
    std::vector<std::string> fields = Fields(*rate);
    int value = 0;
    if (fields.size() != 2 || !Number(fields[0], value) || value < 1) return Invalid(error);
    const std::string& unit = fields[1];
    // AWS wants the singular for 1 and the plural otherwise ("rate(1 minutes)" is refused).
    std::string singular = value == 1 ? unit : unit.substr(0, unit.size() - 1);
    if ((value == 1) == (unit.back() == 's')) return Invalid(error);
    int scale = singular == "minute" ? 60
                : singular == "hour" ? 3600
                : singular == "day"  ? 86400
                                     : 0;
    if (!scale) return Invalid(error);
    e.kind = Expression::kRate;
    e.seconds = static_cast<double>(value) * scale;
    return e;
  }
  if (auto cron = body("cron(")) {
    std::vector<std::string> f = Fields(*cron);
    e.kind = Expression::kCron;
    if (f.size() != 6 || !Ranges(f[0], 0, 59, nullptr, e.minutes) ||
        !Ranges(f[1], 0, 23, nullptr, e.hours) || !DayOfMonth(f[2], e) ||
        !Ranges(f[3], 1, 12, kMonths, e.months) || !DayOfWeek(f[4], e) ||
        !Ranges(f[5], kFirstYear, kLastYear, nullptr, e.years, kFirstYear)) {
      return Invalid(error);
    }
    // One of day-of-month and day-of-week must be `?`, and only one.
    if (e.any_day == e.any_weekday) return Invalid(error);
    return e;
  }
  if (auto at = body("at(")) {
    int y, mo, d, h, mi, s;
    char tail;
    if (!allow_at ||
        std::sscanf(at->c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &s, &tail) !=
            6 ||
        mo < 1 || mo > 12 || d < 1 || d > DaysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) {
      return Invalid(error);
    }
    e.kind = Expression::kAt;
    e.seconds = EpochOf(y, mo, d, h, mi, s);
    return e;
  }
  return Invalid(error);
}

std::optional<double> NextFire(const Expression& e, double after, double origin) {
  if (e.kind == Expression::kAt) {
    return e.seconds > after ? std::optional<double>(e.seconds) : std::nullopt;
  }
  if (e.kind == Expression::kRate) {
    double periods = after < origin ? 0 : std::floor((after - origin) / e.seconds);
    double next = origin + (periods + 1) * e.seconds;
    while (next <= after) next += e.seconds;  // rounding at the boundary
    return next;
  }
  // cron: the next whole minute after `after`, then day by day (months and years that cannot
  // match are skipped whole).
  long minute = static_cast<long>(std::floor(after / 60)) + 1;
  long days = minute / 1440;
  int first_minute = static_cast<int>(minute % 1440);
  while (true) {
    int y, m, d;
    CivilFromDays(days, y, m, d);
    if (y > kLastYear) return std::nullopt;
    if (y < kFirstYear || !e.years.test(y - kFirstYear)) {
      days = DaysFromCivil(y + 1, 1, 1);
      first_minute = 0;
      continue;
    }
    if (!e.months.test(m)) {
      days = m == 12 ? DaysFromCivil(y + 1, 1, 1) : DaysFromCivil(y, m + 1, 1);
      first_minute = 0;
      continue;
    }
    if (DayMatches(e, y, m, d, days)) {
      for (int at = first_minute; at < 1440; ++at) {
        if (e.hours.test(at / 60) && e.minutes.test(at % 60)) {
          return static_cast<double>(days) * 86400 + at * 60.0;
        }
      }
    }
    ++days;
    first_minute = 0;
  }
}

double EpochOf(int year, int month, int day, int hour, int minute, int second) {
  return static_cast<double>(DaysFromCivil(year, month, day)) * 86400 + hour * 3600 + minute * 60 +
         second;
}

std::string Iso8601(double epoch) {
  long seconds = static_cast<long>(std::floor(epoch));
  long days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
  long in_day = seconds - days * 86400;
  int y, m, d;
  CivilFromDays(days, y, m, d);
  char text[64];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02ld:%02ld:%02ldZ", y, m, d, in_day / 3600,
                in_day / 60 % 60, in_day % 60);
  return text;
}

}  // namespace berth::controlplane::schedules
