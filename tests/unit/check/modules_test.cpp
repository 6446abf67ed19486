// Loading stacks and modules, module instances, for_each, and the addresses they produce.
#include "tests/unit/check/check_fixture.h"

namespace berth::testing {
namespace {

constexpr char kWorkerModule[] = R"(variable "name" { type = string }
variable "memory" {
  type = size
  default = 512MiB
}
task "main" {
  family = var.name
  cpu = 256  memory = var.memory
  container "app" { image = "worker:${var.name}" }
}
log_group "logs" { name = "/ecs/${var.name}" }
output "family" { value = task.main.family }
output "task" { value = task.main }
)";

TEST_F(CheckTest, MissingPathAndEmptyDirectory) {
  EXPECT_FALSE(Run("nothing/here.berth"));
  EXPECT_EQ(Errors(), "error: cannot read nothing/here.berth: No such file or directory\n");
}

TEST_F(CheckTest, EmptyDirectory) {
  Write("app/README.md", "no stack here");
  EXPECT_FALSE(Run());
  EXPECT_EQ(Errors(), "error: no .berth files in app\n");
}

TEST_F(CheckTest, ReadsEveryFileOfADirectoryInNameOrder) {
  Write("app/b.berth", R"(cluster "b" { name = a_name })");
  Write("app/a.berth", R"(let a_name = "from-a")");
  ir::Program program = MustCompile();
  EXPECT_EQ(Attr(program, "cluster.b", "name"), "\"from-a\"");
}

TEST_F(CheckTest, ASingleFileStack) {
  Write("one.berth", R"(cluster "main" {})");
  ir::Program program = MustCompile([] {
    CheckOptions o;
    o.path = "one.berth";
    return o;
  }());
  EXPECT_NE(program.Find("cluster.main"), nullptr);
}

TEST_F(CheckTest, ModuleInstancesGetAddressesUnderTheInstance) {
  Write("app/modules/worker/main.berth", kWorkerModule);
  Write("app/main.berth", R"(import "./modules/worker"
worker "billing" { name = "billing" }
worker "mail" {
  name = "mail"
  memory = 1GiB
}
output "families" { value = [module.billing.family, module.mail.family] }
cluster "c" { name = module.mail.task.family }
)");
  ir::Program program = MustCompile();
  std::vector<std::string> addresses;
  for (const ir::Resource& r : program.resources) addresses.push_back(r.address);
  EXPECT_EQ(addresses, (std::vector<std::string>{
                           "cluster.c", "module.billing.log_group.logs", "module.billing.task.main",
                           "module.mail.log_group.logs", "module.mail.task.main"}));
  const ir::Resource* task = program.Find("module.mail.task.main");
  EXPECT_EQ(task->module_path, "module.mail");
  EXPECT_EQ(task->name, "main");
  EXPECT_EQ(Attr(program, "module.mail.task.main", "memory"), "1GiB");
  EXPECT_EQ(Attr(program, "module.billing.task.main", "memory"), "512MiB");
  EXPECT_EQ(Attr(program, "cluster.c", "name"), "\"mail\"");
  EXPECT_EQ(program.Find("cluster.c")->depends_on, std::vector<std::string>{});
  EXPECT_EQ(program.outputs[0].value.ToSource(), "[\"billing\", \"mail\"]");
  EXPECT_EQ(sources_.Get(task->range.file)->path, "app/modules/worker/main.berth");
}

TEST_F(CheckTest, ModuleArgumentErrors) {
  Write("app/modules/worker/main.berth", kWorkerModule);
  Write("app/main.berth", R"(import "./modules/worker"
worker "a" { nmae = "a" }
worker "b" {
  name = "b"
  memory = 512
}
)");
  EXPECT_FALSE(Run());
  EXPECT_EQ(Errors(), R"(app/main.berth:2:1: error: missing argument `name` for worker "a"
    2 | worker "a" { nmae = "a" }
      | ^~~~~~
app/modules/worker/main.berth:1:10: note: `name` is declared here without a default
    1 | variable "name" { type = string }
      |          ^~~~~~
app/main.berth:2:14: error: unknown argument `nmae` for worker
    2 | worker "a" { nmae = "a" }
      |              ^~~~
note: did you mean `name`?
app/main.berth:5:12: error: variable `memory` expects a size, got number 512
    5 |   memory = 512
      |            ^~~
note: write it with a unit, e.g. 512MiB
3 errors
)");
}

TEST_F(CheckTest, ErrorsInsideAModuleAreReportedOnceWithTheInstance) {
  Write("app/modules/bad/main.berth", R"(variable "n" { type = number }
task "t" {
  cpu = 256  memory = 512MiB  memroy = 1
  container "app" { image = "x" }
}
)");
  Write("app/main.berth", R"(import "./modules/bad"
bad "one" { n = 1 }
bad "two" { n = 2 }
)");
  EXPECT_FALSE(Run());
  EXPECT_EQ(Errors(), R"(app/modules/bad/main.berth:3:31: error: unknown attribute `memroy` in task
    3 |   cpu = 256  memory = 512MiB  memroy = 1
      |                               ^~~~~~
note: did you mean `memory`?
app/main.berth:2:5: note: in `module.one`, an instance of app/modules/bad
    2 | bad "one" { n = 1 }
      |     ^~~~~
)");
}

TEST_F(CheckTest, ForEachResourcesAndModules) {
  Write("app/modules/worker/main.berth", kWorkerModule);
  Write("app/main.berth", R"(import "./modules/worker"
log_group "app" {
  for_each  = { api = 30d, worker = 7d }
  retention = each.value
}
cluster "c" { for_each = ["blue", "green"] }
worker "w" {
  for_each = ["x", "y"]
  name = each.key
}
output "x" { value = log_group.app["api"].name }
output "w" { value = module.w["y"].family }
)");
  ir::Program program = MustCompile();
  std::vector<std::string> addresses;
  for (const ir::Resource& r : program.resources) addresses.push_back(r.address);
  EXPECT_EQ(addresses, (std::vector<std::string>{
                           "cluster.c[\"blue\"]", "cluster.c[\"green\"]", "log_group.app[\"api\"]",
                           "log_group.app[\"worker\"]", "module.w[\"x\"].log_group.logs",
                           "module.w[\"x\"].task.main", "module.w[\"y\"].log_group.logs",
                           "module.w[\"y\"].task.main"}));
  EXPECT_EQ(Attr(program, "log_group.app[\"worker\"]", "retention"), "7d");
  EXPECT_EQ(Attr(program, "log_group.app[\"worker\"]", "name"), "\"app-worker\"");
  EXPECT_EQ(program.Find("cluster.c[\"blue\"]")->name, "c-blue");
  EXPECT_EQ(program.outputs[0].value.ToSource(), "\"y\"");
  EXPECT_EQ(program.outputs[1].value.ToSource(), "\"app-api\"");
}

TEST_F(CheckTest, ForEachMustBeAMapOrAListOfStrings) {
  Write("app/main.berth", R"(cluster "a" { for_each = 3 }
cluster "b" { for_each = ["x", 1] }
)");
  EXPECT_FALSE(Run());
  EXPECT_EQ(Errors(),
            R"(app/main.berth:1:26: error: for_each must be a map or a list of strings, got number 3
    1 | cluster "a" { for_each = 3 }
      |                          ^
app/main.berth:2:32: error: for_each over a list takes strings, got number 1
    2 | cluster "b" { for_each = ["x", 1] }
      |                                ^
2 errors
)");
}

TEST_F(CheckTest, ReferencesToAForEachResourceDependOnEveryInstance) {
  Write("app/main.berth", R"(log_group "app" { for_each = ["a", "b"] }
cluster "c" { name = "c"  tags = { groups = jsonencode(log_group.app) } }
role "r" { trust = [for k, g in log_group.app : g.arn] }
)");
  ir::Program program = MustCompile();
  EXPECT_EQ(program.Find("role.r")->depends_on,
            (std::vector<std::string>{"log_group.app[\"a\"]", "log_group.app[\"b\"]"}));
}

TEST_F(CheckTest, ImportErrors) {
  Write("app/main.berth", R"(import "./modules/missing"
import "./modules/a"
import "./modules/a" as service
import "./modules/b" as a
)");
  Write("app/modules/a/main.berth", R"(import "../b")");
  Write("app/modules/b/main.berth", R"(import "../a")");
  EXPECT_FALSE(Run());
  EXPECT_EQ(
      Errors(),
      R"(app/main.berth:1:8: error: cannot find module "./modules/missing": no directory app/modules/missing
    1 | import "./modules/missing"
      |        ^~~~~~~~~~~~~~~~~~~
app/main.berth:3:1: error: the import alias `service` shadows the resource kind `service`
    3 | import "./modules/a" as service
      | ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
note: bind the module to another name with `as NAME`
app/main.berth:4:1: error: duplicate import alias `a`
    4 | import "./modules/b" as a
      | ^~~~~~~~~~~~~~~~~~~~~~~~~
app/main.berth:2:1: note: first imported here
    2 | import "./modules/a"
      | ^~~~~~~~~~~~~~~~~~~~
note: bind one of them to another name with `as NAME`
app/modules/b/main.berth:1:8: error: import cycle: app/modules/a -> app/modules/b -> app/modules/a
    1 | import "../a"
      |        ^~~~~~
4 errors
)");
}

}  // namespace
}  // namespace berth::testing

namespace berth::testing {
namespace {

TEST_F(CheckTest, NestedModulesComposeAddresses) {
  Write("app/modules/inner/main.berth", R"(variable "n" { type = string }
log_group "l" { name = "/x/${var.n}" }
output "name" { value = log_group.l.name }
)");
  Write("app/modules/outer/main.berth", R"(import "../inner" as inner
variable "n" { type = string }
inner "b" { n = "${var.n}-inner" }
output "name" { value = module.b.name }
)");
  Write("app/main.berth", R"(import "./modules/outer"
outer "a" { n = "top" }
cluster "c" { name = replace(module.a.name, "/", "_") }
)");
  ir::Program program = MustCompile();
  ASSERT_EQ(program.resources.size(), 2u);
  EXPECT_EQ(program.resources[1].address, "module.a.module.b.log_group.l");
  EXPECT_EQ(program.resources[1].module_path, "module.a.module.b");
  EXPECT_EQ(Attr(program, "cluster.c", "name"), "\"_x_top-inner\"");
}

TEST_F(CheckTest, ImportAliasMustBeAName) {
  Write("app/modules/web-service/main.berth", "");
  Write("app/main.berth", R"(import "./modules/web-service")");
  EXPECT_FALSE(Run());
  EXPECT_EQ(
      Errors(),
      R"(app/main.berth:1:8: error: cannot name the module after `web-service`: add `as NAME`, where NAME is letters, digits and `_`
    1 | import "./modules/web-service"
      |        ^~~~~~~~~~~~~~~~~~~~~~~
)");
}

}  // namespace
}  // namespace berth::testing
