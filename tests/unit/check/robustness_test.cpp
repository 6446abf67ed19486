// Odd inputs must end in diagnostics, never in a crash.
#include "tests/unit/check/check_fixture.h"

namespace berth::testing {
namespace {

TEST_F(CheckTest, OddInputsAreDiagnosed) {
  Write("app/modules/m/main.berth", R"(variable "x" { type = any }
output "o" { value = var.x }
)");
  Write("app/main.berth", R"(import "./modules/m"
m "a" {
  x = 1
  nested { y = 2 }
}
m "b" { for_each = role.r.arn }
m "c" { x = module.c.o }
role "r" {}
output "missing" { description = "no value" }
variable {}
output "bad" { value = module.a.nope }
backend "aws" { type = "s3" }
stack "s" { tags = { a = role.r.arn } }
let l = [for k, v in { a = 1 } : k + v]
cluster "k" { for_each = { a = 1, b = 2 }  name = each.value }
log_group "g" { name = null  retention = 1d  class = STANDRD }
task "t" {
  cpu = 3 * 1GiB
  memory = "512"
  container "app" { image = 1 }
  container "side" { image = "x"  port = "80" }
}
)");
  EXPECT_FALSE(Run());
  EXPECT_EQ(diags_.error_count(), 15u) << Errors();
  EXPECT_NE(Errors().find("app/main.berth:13:26: error: the stack block cannot use `role.r`: its "
                          "settings apply to every resource, so they must be known before any"),
            std::string::npos)
      << Errors();
}

}  // namespace
}  // namespace berth::testing
