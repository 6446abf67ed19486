// At most `parallelism` actions run at once, and independent ones do overlap.
#include "tests/unit/apply/apply_fixture.h"

namespace berth::planner {
namespace {

Plan Independent(int n) {
  Plan plan;
  for (int i = 0; i < n; ++i) plan.changes.push_back(Create("log_group.l" + std::to_string(i)));
  return plan;
}

TEST_F(ApplyTest, ConcurrencyIsBoundedByParallelism) {
  backend_.SetDelay(std::chrono::milliseconds(30));
  ApplyResult result = Run(Independent(12), 3);
  EXPECT_TRUE(result.ok());
  EXPECT_EQ(result.succeeded, 12);
  EXPECT_LE(backend_.max_concurrent(), 3);
  EXPECT_GT(backend_.max_concurrent(), 1);
  EXPECT_EQ(Saved().resources.size(), 12u);
}

TEST_F(ApplyTest, ParallelismOneRunsInPlanOrder) {
  backend_.SetDelay(std::chrono::milliseconds(2));
  Plan plan = Independent(5);
  ASSERT_TRUE(Run(plan, 1).ok());
  EXPECT_EQ(backend_.max_concurrent(), 1);
  std::vector<std::string> expected;
  for (const ResourceChange& c : plan.changes) expected.push_back(c.address);
  EXPECT_EQ(backend_.CalledAddresses(), expected);
}

TEST_F(ApplyTest, ParallelismAboveTheWorkIsFine) {
  backend_.SetDelay(std::chrono::milliseconds(20));
  ApplyResult result = Run(Independent(3), 50);
  EXPECT_TRUE(result.ok());
  EXPECT_LE(backend_.max_concurrent(), 3);
}

}  // namespace
}  // namespace berth::planner
