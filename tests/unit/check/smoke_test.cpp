#include "tests/unit/check/check_fixture.h"

namespace berth::testing {
namespace {

TEST_F(CheckTest, CompilesAMinimalStack) {
  Write("app/main.berth", R"(
stack "webapp" { region = "ap-northeast-1"  account = "123456789012" }
cluster "main" { container_insights = true }
)");
  ir::Program program = MustCompile();
  ASSERT_EQ(program.resources.size(), 1u);
  EXPECT_EQ(program.resources[0].address, "cluster.main");
  EXPECT_EQ(program.stack.name, "webapp");
}

}  // namespace
}  // namespace berth::testing
