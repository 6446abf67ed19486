// Schema validation: every resource body is checked against its kind's table.
#include "tests/unit/check/check_fixture.h"

namespace berth::testing {
namespace {

TEST_F(CheckTest, UnknownAttributeSuggestsTheClosestName) {
  Write("app/main.berth", R"(task "api" {
  cpu = 256
  memroy = 512MiB
  container "app" { image = "nginx" }
}
)");
  EXPECT_FALSE(Run());
  EXPECT_EQ(Errors(), R"(app/main.berth:3:3: error: unknown attribute `memroy` in task
    3 |   memroy = 512MiB
      |   ^~~~~~
note: did you mean `memory`?
)");
}

TEST_F(CheckTest, PlainNumberWhereASizeIsExpected) {
  Write("app/main.berth", R"(task "api" {
  cpu = 256  memory = 512
  container "app" { image = "nginx" }
}
)");
  EXPECT_FALSE(Run());
  EXPECT_EQ(Errors(), R"(app/main.berth:2:23: error: `memory` expects a size, got number 512
    2 |   cpu = 256  memory = 512
      |                       ^~~
note: write it with a unit, e.g. 512MiB
)");
}

TEST_F(CheckTest, PlainNumberWhereADurationIsExpected) {
  Write("app/main.berth", R"(task "api" {
  cpu = 256  memory = 512MiB
  container "app" {
    image = "nginx"
    health { command = ["CMD", "true"]  interval = 30 }
  }
}
)");
  EXPECT_FALSE(Run());
  EXPECT_EQ(Errors(), R"(app/main.berth:5:52: error: `interval` expects a duration, got number 30
    5 |     health { command = ["CMD", "true"]  interval = 30 }
      |                                                    ^~
note: write it with a unit, e.g. 30s
)");
}

TEST_F(CheckTest, WrongEnumValueListsTheAllowedOnes) {
  Write("app/main.berth", R"(task "api" {
  cpu = 256  memory = 512MiB
  network_mode = awsvcp
  container "app" { image = "nginx" }
}
)");
  EXPECT_FALSE(Run());
  EXPECT_EQ(
      Errors(),
      R"(app/main.berth:3:18: error: `network_mode` expects one of awsvpc, bridge, host, none, got `awsvcp`
    3 |   network_mode = awsvcp
      |                  ^~~~~~
note: did you mean `awsvpc`?
)");
}

TEST_F(CheckTest, EnumAcceptsABareWordOrAStringAndLowersToAString) {
  Write("app/main.berth", R"(task "api" {
  cpu = 256  memory = 512MiB
  network_mode = awsvpc
  runtime_platform { arch = "ARM64" }
  container "app" { image = "nginx" }
}
)");
  ir::Program program = MustCompile();
  EXPECT_EQ(Attr(program, "task.api", "network_mode"), "\"awsvpc\"");
  EXPECT_EQ(Attr(program, "task.api", "runtime_platform"), R"({ arch = "ARM64", os = "LINUX" })");
}

TEST_F(CheckTest, ReferenceToTheWrongKind) {
  Write("app/main.berth", R"(task "api" {
  cpu = 256  memory = 512MiB
  execution_role = task.other
  container "app" { image = "nginx" }
}
task "other" {
  cpu = 256  memory = 512MiB
  container "app" { image = "nginx" }
}
)");
  EXPECT_FALSE(Run());
  EXPECT_EQ(
      Errors(),
      R"(app/main.berth:3:20: error: `execution_role` expects a reference to a role, got task.other
    3 |   execution_role = task.other
      |                    ^~~~~~~~~~
)");
}

TEST_F(CheckTest, CpuTakesUnitsOrVcpuAndLowersToCpuUnits) {
  Write("app/main.berth", R"(task "a" {
  cpu = 256  memory = 512MiB
  container "app" { image = "nginx" }
}
task "b" {
  cpu = 0.5vcpu  memory = 1GiB
  container "app" { image = "nginx" }
}
)");
  ir::Program program = MustCompile();
  EXPECT_EQ(program.Find("task.a")->attributes.Get("cpu")->kind(), ValueKind::kCpu);
  EXPECT_EQ(program.Find("task.a")->attributes.Get("cpu")->number(), 256);
  EXPECT_EQ(program.Find("task.b")->attributes.Get("cpu")->number(), 512);
}

TEST_F(CheckTest, ListElementsAreCheckedAtTheirOwnRange) {
  Write("app/main.berth", R"(cluster "main" {}
service "api" {
  cluster = cluster.main  task = task.api
  network { subnets = ["subnet-a", 42] }
}
task "api" {
  cpu = 256  memory = 512MiB
  container "app" { image = "nginx" }
}
)");
  EXPECT_FALSE(Run());
  EXPECT_EQ(Errors(),
            R"(app/main.berth:4:36: error: `subnets[1]` expects a string, got number 42
    4 |   network { subnets = ["subnet-a", 42] }
      |                                    ^~
)");
}

TEST_F(CheckTest, MissingRequiredAttributeAndBlock) {
  Write("app/main.berth", R"(task "api" {
  cpu = 256  memory = 512MiB
}
target_group "web" { port = 80 }
)");
  EXPECT_FALSE(Run());
  EXPECT_EQ(Errors(), R"(app/main.berth:1:1: error: missing required block `container` in task "api"
    1 | task "api" {
      | ^~~~
app/main.berth:4:1: error: missing required attribute `vpc` in target_group "web"
    4 | target_group "web" { port = 80 }
      | ^~~~~~~~~~~~
2 errors
)");
}

TEST_F(CheckTest, NestedBlockRules) {
  Write("app/main.berth", R"(task "api" {
  cpu = 256  memory = 512MiB
  container { image = "nginx" }
  container "app" {
    image = "nginx"
    image = "httpd"
    health "x" { command = ["CMD", "true"] }
    helth { command = ["CMD", "true"] }
  }
  container "app" { image = "nginx" }
}
)");
  EXPECT_FALSE(Run());
  EXPECT_EQ(Errors(),
            R"(app/main.berth:3:3: error: container block needs a label: container "NAME" { ... }
    3 |   container { image = "nginx" }
      |   ^~~~~~~~~
app/main.berth:6:5: error: duplicate attribute `image` in container "app"
    6 |     image = "httpd"
      |     ^~~~~
app/main.berth:5:5: note: first set here
    5 |     image = "nginx"
      |     ^~~~~
app/main.berth:7:12: error: health block takes no label
    7 |     health "x" { command = ["CMD", "true"] }
      |            ^~~
app/main.berth:8:5: error: unknown block `helth` in container
    8 |     helth { command = ["CMD", "true"] }
      |     ^~~~~
note: did you mean `health`?
app/main.berth:10:13: error: duplicate container "app" in task "api"
   10 |   container "app" { image = "nginx" }
      |             ^~~~~
app/main.berth:4:13: note: first declared here
    4 |   container "app" {
      |             ^~~~~
5 errors
)");
}

TEST_F(CheckTest, UndefinedBareNameInANonEnumAttribute) {
  Write("app/main.berth", R"(let image = "nginx"
task "api" {
  cpu = 256  memory = 512MiB
  container "app" { image = imag }
}
)");
  EXPECT_FALSE(Run());
  EXPECT_EQ(Errors(), R"(app/main.berth:4:29: error: undefined name `imag`
    4 |   container "app" { image = imag }
      |                             ^~~~
note: did you mean `image`?
)");
}

TEST_F(CheckTest, NullCountsAsOmitted) {
  Write("app/main.berth", R"(task "api" {
  cpu = 256  memory = 512MiB  network_mode = null
  container "app" { image = "nginx" }
}
)");
  ir::Program program = MustCompile();
  EXPECT_EQ(Attr(program, "task.api", "network_mode"), "\"awsvpc\"");
}

}  // namespace
}  // namespace berth::testing
