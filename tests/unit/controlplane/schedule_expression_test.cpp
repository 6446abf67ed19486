// Schedule expressions (controlplane/schedules/expression.h): what parses, what AWS refuses, and
// the next fire times, checked against calendar dates worked out by hand.
#include "controlplane/schedules/expression.h"

#include <gtest/gtest.h>

namespace berth::controlplane::schedules {
namespace {

Expression MustParse(const std::string& text) {
  std::string error;
  auto e = Parse(text, true, error);
  EXPECT_TRUE(e.has_value()) << text << ": " << error;
  return e.value_or(Expression{});
}

// The next fire after the given UTC time, as ISO 8601 ("never" when there is none).
std::string Next(const std::string& text, const std::string& after) {
  int y, mo, d, h, mi, s;
  std::sscanf(after.c_str(), "%d-%d-%dT%d:%d:%d", &y, &mo, &d, &h, &mi, &s);
  auto next = NextFire(MustParse(text), EpochOf(y, mo, d, h, mi, s), 0);
  return next ? Iso8601(*next) : "never";
}

TEST(ScheduleExpressionTest, RefusesWhatAwsRefuses) {
  for (const char* bad :
       {"rate(1 minutes)",         "rate(5 minute)",          "rate(0 minutes)",
        "rate(-1 minutes)",        "rate(2 weeks)",           "rate(1)",
        "cron(0 12 * * *)",        "cron(0 12 * * * *)",      "cron(0 12 ? * ? *)",
        "cron(60 12 * * ? *)",     "cron(0 24 * * ? *)",      "cron(0 12 32 * ? *)",
        "cron(0 12 ? * 8 *)",      "cron(0 12 ? * MON#6 *)",  "cron(0 12 ? FOO * ? *)",
        "cron(0 12 * * ? 2300)",   "cron(5-1 * * * ? *)",     "every 5 minutes",
        "at(2026-13-01T00:00:00)", "at(2026-02-30T00:00:00)", "rate(5 minutes"}) {
    std::string error;
    EXPECT_FALSE(Parse(bad, true, error).has_value()) << bad;
    EXPECT_EQ(error, "Parameter ScheduleExpression is not valid.") << bad;
  }
  std::string error;
  EXPECT_FALSE(Parse("at(2026-12-07T06:30:00)", false, error).has_value());
  EXPECT_TRUE(Parse("at(2026-12-07T06:30:00)", true, error).has_value());
}

TEST(ScheduleExpressionTest, RatesFireEveryPeriodFromTheirOrigin) {
  std::string error;
  Expression minute = *Parse("rate(1 minute)", false, error);
  EXPECT_EQ(minute.seconds, 60);
  EXPECT_EQ(Parse("rate(5 minutes)", false, error)->seconds, 300);
  EXPECT_EQ(Parse("rate(2 hours)", false, error)->seconds, 7200);
  EXPECT_EQ(Parse("rate(1 day)", false, error)->seconds, 86400);
  double origin = 1000.5;
  EXPECT_EQ(*NextFire(minute, origin, origin), 1060.5);
  EXPECT_EQ(*NextFire(minute, 1060.5, origin), 1120.5);
  EXPECT_EQ(*NextFire(minute, 1100, origin), 1120.5);
  EXPECT_EQ(*NextFire(minute, 10, origin), 1060.5);
}

TEST(ScheduleExpressionTest, CronFieldsListsRangesAndSteps) {
  // Every day at 20:00 (the scheduled_batch example's).
  EXPECT_EQ(Next("cron(0 20 * * ? *)", "2026-12-07T04:30:00"), "2026-12-07T20:00:00Z");
  EXPECT_EQ(Next("cron(0 20 * * ? *)", "2026-12-07T20:00:00"), "2026-12-08T20:00:00Z");
  // Every 15 minutes.
  EXPECT_EQ(Next("cron(0/15 * * * ? *)", "2026-12-07T04:31:10"), "2026-12-07T04:45:00Z");
  EXPECT_EQ(Next("cron(*/15 * * * ? *)", "2026-12-07T23:50:00"), "2026-12-08T00:00:00Z");
  // 10:15 on weekdays (2026-12-05 is a Saturday).
  EXPECT_EQ(Next("cron(15 10 ? * MON-FRI *)", "2026-12-05T09:00:00"), "2026-12-07T10:15:00Z");
  EXPECT_EQ(Next("cron(15 10 ? * 2-6 *)", "2026-12-05T09:00:00"), "2026-12-07T10:15:00Z");
  // Lists, names and a year.
  EXPECT_EQ(Next("cron(0 8,18 1 JAN,JUL ? 2027)", "2026-12-07T00:00:00"), "2027-01-01T08:00:00Z");
  EXPECT_EQ(Next("cron(0 8,18 1 JAN,JUL ? 2027)", "2027-01-01T08:00:00"), "2027-01-01T18:00:00Z");
  EXPECT_EQ(Next("cron(0 8,18 1 JAN,JUL ? 2027)", "2027-01-01T18:00:00"), "2027-07-01T08:00:00Z");
  EXPECT_EQ(Next("cron(0 8,18 1 JAN,JUL ? 2027)", "2027-07-01T18:00:00"), "never");
  // The 29th of February comes in leap years only.
  EXPECT_EQ(Next("cron(0 0 29 2 ? *)", "2026-03-01T00:00:00"), "2028-02-29T00:00:00Z");
}

TEST(ScheduleExpressionTest, CronLastNearestAndNth) {
  // The last day of the month, and three days before it.
  EXPECT_EQ(Next("cron(0 0 L * ? *)", "2027-02-01T00:00:00"), "2027-02-28T00:00:00Z");
  EXPECT_EQ(Next("cron(0 0 L * ? *)", "2028-02-01T00:00:00"), "2028-02-29T00:00:00Z");
  EXPECT_EQ(Next("cron(0 0 L-3 * ? *)", "2026-12-01T00:00:00"), "2026-12-28T00:00:00Z");
  // The weekday nearest the 5th: 2026-12-05 is a Saturday, so Friday the 4th; 2027-09-05 is a
  // Sunday, so Monday the 6th; 2027-05-01 is a Saturday and 1W stays in May: Monday the 3rd.
  EXPECT_EQ(Next("cron(0 9 5W * ? *)", "2026-12-01T00:00:00"), "2026-12-04T09:00:00Z");
  EXPECT_EQ(Next("cron(0 9 5W 9 ? *)", "2027-01-01T00:00:00"), "2027-09-06T09:00:00Z");
  EXPECT_EQ(Next("cron(0 9 1W 5 ? *)", "2027-01-01T00:00:00"), "2027-05-03T09:00:00Z");
  // The last weekday of January 2027 (the 31st is a Sunday): Friday the 29th.
  EXPECT_EQ(Next("cron(0 9 LW 1 ? *)", "2027-01-01T00:00:00"), "2027-01-29T09:00:00Z");
  // The last Friday of December 2026: the 25th. The second Tuesday of January 2027: the 12th.
  EXPECT_EQ(Next("cron(0 9 ? 12 6L *)", "2026-12-01T00:00:00"), "2026-12-25T09:00:00Z");
  EXPECT_EQ(Next("cron(0 9 ? * 3#2 *)", "2026-12-31T00:00:00"), "2027-01-12T09:00:00Z");
  EXPECT_EQ(Next("cron(0 9 ? * TUE#2 *)", "2026-12-31T00:00:00"), "2027-01-12T09:00:00Z");
  // `L` alone in day-of-week is Saturday.
  EXPECT_EQ(Next("cron(0 9 ? * L *)", "2026-12-07T00:00:00"), "2026-12-12T09:00:00Z");
}

TEST(ScheduleExpressionTest, AtFiresOnce) {
  Expression at = MustParse("at(2026-12-07T06:30:00)");
  EXPECT_EQ(Iso8601(at.seconds), "2026-12-07T06:30:00Z");
  EXPECT_EQ(*NextFire(at, at.seconds - 1, 0), at.seconds);
  EXPECT_FALSE(NextFire(at, at.seconds, 0).has_value());
}

}  // namespace
}  // namespace berth::controlplane::schedules
