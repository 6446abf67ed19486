#include "tests/unit/schema/rules_fixture.h"

namespace berth::testing {
namespace {

constexpr double kDayMs = 86400000.0;

class LogRetentionTest : public RulesTest {
 protected:
  std::string CheckRetention(double ms, std::string text) {
    SetSource("log_group \"app\" {\n  name      = \"/ecs/app\"\n  retention = " + text + "\n}\n");
    return Check({Resource(
        "log_group", "app",
        {{"name", Value::String("/ecs/app")}, {"retention", Value::Duration(ms, Span(text))}})});
  }
};

TEST_F(LogRetentionTest, AllowedValuesPass) {
  for (int days : {1,   3,   5,   7,   14,   30,   60,   90,   120,  150,  180,
                   365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653}) {
    EXPECT_EQ(CheckRetention(days * kDayMs, std::to_string(days) + "d"), "") << days;
  }
  SetSource("log_group \"app\" {}\n");
  EXPECT_EQ(Check({Resource("log_group", "app", {})}), "");  // kept forever
}

TEST_F(LogRetentionTest, OtherDayCountsAreRejectedWithTheNearest) {
  EXPECT_EQ(CheckRetention(10 * kDayMs, "10d"),
            "main.berth:3:15: error: CloudWatch Logs cannot keep events for 10d; retention must "
            "be one of 1d, 3d, 5d, 7d, 14d, 30d, 60d, 90d, 120d, 150d, 180d, 365d, 400d, 545d, "
            "731d, 1096d, 1827d, 2192d, 2557d, 2922d, 3288d or 3653d\n"
            "    3 |   retention = 10d\n"
            "      |               ^~~\n"
            "note: the nearest allowed value is 7d\n");
}

TEST_F(LogRetentionTest, PartialDaysAreRejected) {
  std::string out = CheckRetention(36 * 3600000.0, "36h");
  EXPECT_EQ(out.substr(0, out.find(';')),
            "main.berth:3:15: error: CloudWatch Logs cannot keep events for 36h");
}

}  // namespace
}  // namespace berth::testing
