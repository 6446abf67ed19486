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
      R"(app/main.berth:3:20: error: `execution_role` expects a reference to a role (or the ARN of an existing role), got task.other
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

// The schema tables' bounds and value sets (AttributeSpec min, max, allowed).
TEST_F(CheckTest, LogRetentionIsOneOfTheDayCountsCloudWatchKeeps) {
  for (int days : {1,   3,   5,   7,   14,   30,   60,   90,   120,  150,  180,
                   365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653}) {
    Write("app/main.berth", "log_group \"app\" { retention = " + std::to_string(days) + "d }\n");
    diags_ = Diagnostics();
    EXPECT_TRUE(Run()) << days << "d: " << Errors();
  }
  Write("app/main.berth", "log_group \"app\" {\n  retention = 10d\n}\n");
  diags_ = Diagnostics();
  EXPECT_FALSE(Run());
  EXPECT_EQ(Errors(),
            "app/main.berth:2:15: error: `retention` cannot be 10d; it must be one of 1d, 3d, 5d, "
            "7d, 14d, 30d, 60d, 90d, 120d, 150d, 180d, 365d, 400d, 545d, 731d, 1096d, 1827d, "
            "2192d, 2557d, 2922d, 3288d or 3653d\n"
            "    2 |   retention = 10d\n"
            "      |               ^~~\n"
            "note: the nearest allowed value is 7d\n");
  // Partial days are not whole days of the set.
  Write("app/main.berth", "log_group \"app\" { retention = 36h }\n");
  diags_ = Diagnostics();
  EXPECT_FALSE(Run());
  EXPECT_NE(Errors().find("`retention` cannot be 36h"), std::string::npos) << Errors();
}

TEST_F(CheckTest, BoundsOfTheTablesAreInclusive) {
  auto check = [&](const std::string& interval) {
    Write("app/main.berth",
          "target_group \"t\" {\n  port = 80\n  vpc = \"vpc-1\"\n"
          "  health_check { interval = " +
              interval + " }\n}\n");
    diags_ = Diagnostics();
    Run();
    return Errors();
  };
  EXPECT_EQ(check("5s"), "");
  EXPECT_EQ(check("300s"), "");
  EXPECT_EQ(check("4s"),
            "app/main.berth:4:29: error: `interval` cannot be 4s; it must be from 5s to 5m\n"
            "    4 |   health_check { interval = 4s }\n"
            "      |                             ^~\n");
  EXPECT_NE(check("301s"), "");
  EXPECT_EQ(check("5m"), "");  // 300s in another unit
}

}  // namespace
}  // namespace berth::testing
