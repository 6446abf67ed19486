// Top-level declarations: block types, labels, duplicates, the stack and backend blocks.
#include "tests/unit/check/check_fixture.h"

namespace berth::testing {
namespace {

TEST_F(CheckTest, UnknownBlockTypeSuggestsAKind) {
  Write("app/main.berth", R"(import "./modules/worker"
servce "api" {}
workr "w" {}
)");
  Write("app/modules/worker/main.berth", "");
  EXPECT_FALSE(Run());
  EXPECT_EQ(Errors(), R"(app/main.berth:2:1: error: unknown block type `servce`
    2 | servce "api" {}
      | ^~~~~~
note: did you mean `service`?
app/main.berth:3:1: error: unknown block type `workr`
    3 | workr "w" {}
      | ^~~~~
note: did you mean `worker`?
2 errors
)");
}

TEST_F(CheckTest, DuplicatesPointAtTheFirstDeclaration) {
  Write("app/a.berth", R"(cluster "main" {}
let x = 1
variable "v" { default = 1 }
output "o" { value = 1 }
)");
  Write("app/b.berth", R"(cluster "main" {}
let x = 2
variable "v" { default = 2 }
output "o" { value = 2 }
)");
  EXPECT_FALSE(Run());
  EXPECT_EQ(Errors(), R"(app/b.berth:1:9: error: duplicate declaration of `cluster.main`
    1 | cluster "main" {}
      |         ^~~~~~
app/a.berth:1:9: note: first declared here
    1 | cluster "main" {}
      |         ^~~~~~
app/b.berth:2:5: error: duplicate let `x`
    2 | let x = 2
      |     ^
app/a.berth:2:5: note: first declared here
    2 | let x = 1
      |     ^
app/b.berth:3:10: error: duplicate variable `v`
    3 | variable "v" { default = 2 }
      |          ^~~
app/a.berth:3:10: note: first declared here
    3 | variable "v" { default = 1 }
      |          ^~~
app/b.berth:4:8: error: duplicate output `o`
    4 | output "o" { value = 2 }
      |        ^~~
app/a.berth:4:8: note: first declared here
    4 | output "o" { value = 1 }
      |        ^~~
4 errors
)");
}

TEST_F(CheckTest, LabelsMustBeNames) {
  Write("app/main.berth", R"(cluster "my-cluster" {}
cluster {}
)");
  EXPECT_FALSE(Run());
  EXPECT_EQ(
      Errors(),
      R"(app/main.berth:1:9: error: invalid label "my-cluster": a label may contain only letters, digits and `_`, and must not start with a digit
    1 | cluster "my-cluster" {}
      |         ^~~~~~~~~~~~
app/main.berth:2:1: error: cluster block needs a label: cluster "NAME" { ... }
    2 | cluster {}
      | ^~~~~~~
2 errors
)");
}

TEST_F(CheckTest, StackAttributesAndTagsMergeIntoResources) {
  Write("app/main.berth", R"(variable "team" { default = "platform" }
stack "webapp" {
  region = "ap-northeast-1"
  account = "123456789012"
  tags = { team = var.team, env = "prod" }
}
backend "aws" { state = ".berth/state.json" }
cluster "main" { tags = { env = "stg" } }
)");
  ir::Program program = MustCompile();
  EXPECT_EQ(program.stack.name, "webapp");
  EXPECT_EQ(program.stack.region, "ap-northeast-1");
  EXPECT_EQ(program.stack.account, "123456789012");
  EXPECT_EQ(program.stack.tags,
            (std::map<std::string, std::string>{{"env", "prod"}, {"team", "platform"}}));
  EXPECT_EQ(program.stack.backend.ToSource(), R"({ state = ".berth/state.json", type = "aws" })");
  EXPECT_EQ(Attr(program, "cluster.main", "tags"), R"({ env = "stg", team = "platform" })");
}

TEST_F(CheckTest, BackendLabelsNameBackends) {
  Write("app/main.berth", R"(backend "aws-api" { region = "eu-west-1" }
cluster "main" {}
)");
  ir::Program program = MustCompile();
  EXPECT_EQ(program.stack.backend.ToSource(), R"({ region = "eu-west-1", type = "aws-api" })");

  Write("app/main.berth", R"(backend "aws-apj" {}
)");
  EXPECT_FALSE(Run());
  EXPECT_EQ(Errors(),
            R"(app/main.berth:1:9: error: unknown backend "aws-apj": the backends are aws, aws-api, controlplane and docker
    1 | backend "aws-apj" {}
      |         ^~~~~~~~~
note: did you mean `aws-api`?
)");
}

TEST_F(CheckTest, StackBlockErrors) {
  Write("app/main.berth", R"(stack "a" { regoin = "x" }
stack "b" {}
)");
  Write("app/modules/m/main.berth", R"(stack "m" {}
backend "aws" {}
)");
  Write("app/use.berth", R"(import "./modules/m")");
  EXPECT_FALSE(Run());
  EXPECT_EQ(Errors(), R"(app/main.berth:1:13: error: unknown attribute `regoin` in stack
    1 | stack "a" { regoin = "x" }
      |             ^~~~~~
note: did you mean `region`?
app/main.berth:2:1: error: duplicate stack block
    2 | stack "b" {}
      | ^~~~~
app/main.berth:1:1: note: first declared here
    1 | stack "a" { regoin = "x" }
      | ^~~~~
app/modules/m/main.berth:1:1: error: a stack block belongs in the root stack, not in module app/modules/m
    1 | stack "m" {}
      | ^~~~~
app/modules/m/main.berth:2:1: error: a backend block belongs in the root stack, not in module app/modules/m
    2 | backend "aws" {}
      | ^~~~~~~
4 errors
)");
}

TEST_F(CheckTest, ManyErrorsAreReportedTogether) {
  Write("app/main.berth", R"(variable "tag" { type = string }
cluster "main" { insights = true }
task "api" {
  cpu = 256  memory = 512
  container "app" { image = "x" }
}
let image = "x:${var.tag}"  # not evaluated: var.tag has no value
log_group "l" { retention = 7 }
output "o" { value = role.missing.arn }
)");
  EXPECT_FALSE(Run());
  EXPECT_EQ(diags_.error_count(), 5u) << Errors();
  EXPECT_EQ(
      Errors(),
      R"(app/main.berth:1:10: error: variable `tag` has no value: pass --var tag=... or add a default
    1 | variable "tag" { type = string }
      |          ^~~~~
app/main.berth:2:18: error: unknown attribute `insights` in cluster
    2 | cluster "main" { insights = true }
      |                  ^~~~~~~~
app/main.berth:4:23: error: `memory` expects a size, got number 512
    4 |   cpu = 256  memory = 512
      |                       ^~~
note: write it with a unit, e.g. 512MiB
app/main.berth:8:29: error: `retention` expects a duration, got number 7
    8 | log_group "l" { retention = 7 }
      |                             ^
note: write it with a unit, e.g. 7d
app/main.berth:9:22: error: undefined reference `role.missing`
    9 | output "o" { value = role.missing.arn }
      |                      ^~~~~~~~~~~~
note: no role is declared in this stack
5 errors
)");
}

}  // namespace
}  // namespace berth::testing
