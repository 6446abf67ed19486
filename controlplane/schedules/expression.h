// Schedule expressions as EventBridge rules and Application Auto Scaling scheduled actions write
// them, all in UTC: `rate(VALUE UNIT)` (minute|minutes|hour|hours|day|days; singular for 1),
// `cron(MIN HOUR DAY-OF-MONTH MONTH DAY-OF-WEEK YEAR)` (AWS's six fields: `,` `-` `*` `/` in
// every field, `?` in one of day-of-month and day-of-week, `L` and `W` in day-of-month, `L` and
// `#` in day-of-week, JAN-DEC and SUN-SAT names, day-of-week 1 = Sunday) and, for scaled
// actions only, `at(yyyy-mm-ddThh:mm:ss)`. Sources: EventBridge user guide
// "eb-scheduled-rule-pattern", application-autoscaling model `PutScheduledActionRequest.Schedule`.
// Debian packages no cron-expression library, hence this one.
#pragma once

#include <bitset>
#include <optional>
#include <string>

namespace berth::controlplane::schedules {

struct Expression {
  enum Kind { kRate, kCron, kAt } kind = kRate;
  // rate: the period in seconds; at: the instant (epoch seconds).
  double seconds = 0;
  // cron: each field's allowed values.
  std::bitset<60> minutes;
  std::bitset<24> hours;
  std::bitset<32> days;                // 1..31
  std::bitset<13> months;              // 1..12
  std::bitset<8> weekdays;             // 1..7, 1 = Sunday
  std::bitset<230> years;              // 1970..2199
  bool any_day = false;                // day-of-month is `?` (day-of-week decides)
  bool any_weekday = false;            // day-of-week is `?`
  bool last_day = false;               // `L` in day-of-month
  int last_day_offset = 0;             // `L-3`: three days before the last
  int nearest_weekday = 0;             // `15W`: the weekday nearest the 15th (0: none)
  bool last_weekday_of_month = false;  // `LW`
  int last_weekday = 0;                // `6L` in day-of-week: the month's last Friday (0: none)
  int nth_weekday = 0, nth = 0;        // `3#2`: the month's second Tuesday (0: none)
};

// The expression, or nullopt with AWS-like wording in `error`. `allow_at`: scheduled actions
// take `at(...)`, EventBridge rules do not.
std::optional<Expression> Parse(const std::string& text, bool allow_at, std::string& error);

// The first time strictly after `after` (epoch seconds) the expression fires, or nullopt when it
// never does again. A rate fires every period from `origin` (when the rule or action was made,
// as EventBridge counts it); cron and at ignore `origin`.
std::optional<double> NextFire(const Expression& expression, double after, double origin);

// Epoch seconds of a UTC calendar time, and back ("2026-12-07T06:30:00").
double EpochOf(int year, int month, int day, int hour, int minute, int second);
std::string Iso8601(double epoch);

}  // namespace berth::controlplane::schedules
