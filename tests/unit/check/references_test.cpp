// References between declarations: undefined names, cycles, and what GetRefAttribute reads.
#include "tests/unit/check/check_fixture.h"

namespace berth::testing {
namespace {

constexpr char kTask[] = R"(task "api" {
  cpu = 256  memory = 512MiB
  container "app" { image = "nginx" }
}
)";

TEST_F(CheckTest, UndefinedResourceReferenceSuggestsALabel) {
  Write("app/main.berth", std::string(kTask) + R"(cluster "main" {}
service "web" {
  cluster = cluster.main
  task = task.apu
}
)");
  EXPECT_FALSE(Run());
  EXPECT_EQ(Errors(), R"(app/main.berth:8:10: error: undefined reference `task.apu`
    8 |   task = task.apu
      |          ^~~~~~~~
note: did you mean `task.api`?
)");
}

TEST_F(CheckTest, UndefinedVariableAndModule) {
  Write("app/main.berth", R"(variable "env" { default = "prod" }
let a = var.evn
let b = module.web.url
)");
  EXPECT_FALSE(Run());
  EXPECT_EQ(Errors(), R"(app/main.berth:2:9: error: undefined variable `var.evn`
    2 | let a = var.evn
      |         ^~~~~~~
note: did you mean `var.env`?
app/main.berth:3:9: error: undefined reference `module.web`
    3 | let b = module.web.url
      |         ^~~~~~~~~~
2 errors
)");
}

TEST_F(CheckTest, CycleIsReportedOnceNamingTheWholeCycle) {
  Write("app/main.berth", R"(cluster "main" {}
let count = length(service.a.name)
service "a" {
  cluster = cluster.main
  task = task.b
  desired_count = count
}
task "b" {
  cpu = 256  memory = 512MiB
  family = service.a.name
  container "app" { image = "nginx" }
}
)");
  EXPECT_FALSE(Run());
  EXPECT_EQ(Errors(), R"(app/main.berth:2:20: error: reference cycle: count -> service.a -> count
    2 | let count = length(service.a.name)
      |                    ^~~~~~~~~
app/main.berth:2:20: note: `count` references `service.a` here
    2 | let count = length(service.a.name)
      |                    ^~~~~~~~~
app/main.berth:6:19: note: `service.a` references `count` here
    6 |   desired_count = count
      |                   ^~~~~
)");
}

TEST_F(CheckTest, ThreeStepCycleInOrder) {
  Write("app/main.berth", R"(let a = b
let b = c
let c = a
)");
  EXPECT_FALSE(Run());
  EXPECT_EQ(Errors(), R"(app/main.berth:1:9: error: reference cycle: a -> b -> c -> a
    1 | let a = b
      |         ^
app/main.berth:1:9: note: `a` references `b` here
    1 | let a = b
      |         ^
app/main.berth:2:9: note: `b` references `c` here
    2 | let b = c
      |         ^
app/main.berth:3:9: note: `c` references `a` here
    3 | let c = a
      |         ^
)");
}

TEST_F(CheckTest, EachOutsideForEach) {
  Write("app/main.berth", R"(log_group "x" { name = each.key })");
  EXPECT_FALSE(Run());
  EXPECT_EQ(Errors(),
            R"(app/main.berth:1:24: error: `each` is only available in a block with for_each
    1 | log_group "x" { name = each.key }
      |                        ^~~~
)");
}

TEST_F(CheckTest, LoopVariablesShadowDeclarations) {
  Write("app/main.berth", R"(let a = 1
let names = [for a in ["x", "y"] : upper(a)]
let task_ref = [for task in ["x"] : task]
)");
  ir::Program program = MustCompile();
}

TEST_F(CheckTest, LetCannotBeNamedLikeAKind) {
  Write("app/main.berth", R"(let task = 1
)");
  EXPECT_FALSE(Run());
  EXPECT_EQ(Errors(),
            R"(app/main.berth:1:5: error: `task` cannot be a let name: it is a resource kind
    1 | let task = 1
      |     ^~~~
)");
}

TEST_F(CheckTest, ReadsDeclaredDefaultedAndComputedAttributes) {
  Write("app/main.berth",
        std::string(kTask) + R"(role "exec" { trust = ["ecs-tasks.amazonaws.com"] }
log_group "app" {
  name = "/ecs/${task.api.family}/${role.exec.name}"
}
output "memory" { value = task.api.memory }
output "arn" { value = role.exec.arn }
)");
  ir::Program program = MustCompile();
  EXPECT_EQ(Attr(program, "log_group.app", "name"), "\"/ecs/api/exec\"");
  ASSERT_EQ(program.outputs.size(), 2u);
  EXPECT_EQ(program.outputs[0].name, "arn");
  EXPECT_EQ(program.outputs[0].value.ToSource(), "role.exec.arn");
  EXPECT_EQ(program.outputs[1].value.ToSource(), "512MiB");
}

TEST_F(CheckTest, UnknownAttributeOfAReference) {
  Write("app/main.berth", std::string(kTask) + R"(output "m" { value = task.api.memroy }
)");
  EXPECT_FALSE(Run());
  EXPECT_EQ(Errors(), R"(app/main.berth:5:22: error: `task.api` has no attribute `memroy`
    5 | output "m" { value = task.api.memroy }
      |                      ^~~~~~~~~~~~~~~
note: did you mean `memory`?
)");
}

TEST_F(CheckTest, DependsOnListsEveryReferencedResource) {
  Write("app/main.berth", std::string(kTask) + R"(cluster "main" {}
role "exec" {}
let cluster_ref = cluster.main
service "api" {
  cluster = cluster_ref
  task = task.api
  desired_count = 2
  network { subnets = ["subnet-a"] }
  tags = { role = role.exec.arn }
}
)");
  ir::Program program = MustCompile();
  const ir::Resource* service = program.Find("service.api");
  ASSERT_NE(service, nullptr);
  EXPECT_EQ(service->depends_on,
            (std::vector<std::string>{"cluster.main", "role.exec", "task.api"}));
  EXPECT_TRUE(program.Find("task.api")->depends_on.empty());
}

}  // namespace
}  // namespace berth::testing
