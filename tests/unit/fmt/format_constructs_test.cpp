// Every construct of docs/language.md in its canonical form.
#include <gtest/gtest.h>

#include "tests/unit/fmt/fmt_test_util.h"

namespace berth::fmt_test {
namespace {

TEST(FormatConstructs, BlocksAttributesAndNesting) {
  EXPECT_EQ(CheckedFormat("cluster \"main\" {container_insights=true}"),
            "cluster \"main\" {\n"
            "  container_insights = true\n"
            "}\n");
  EXPECT_EQ(CheckedFormat("task \"api\" { cpu = 256  memory = 512MiB ; "
                          "container \"app\" { health { start_period = 60s } } }"),
            "task \"api\" {\n"
            "  cpu    = 256\n"
            "  memory = 512MiB\n"
            "  container \"app\" {\n"
            "    health {\n"
            "      start_period = 60s\n"
            "    }\n"
            "  }\n"
            "}\n");
}

TEST(FormatConstructs, EmptyBlocksStayOnOneLine) {
  EXPECT_EQ(CheckedFormat("cluster \"main\" {\n\n}\nnetwork {}"),
            "cluster \"main\" {}\n"
            "network {}\n");
}

TEST(FormatConstructs, ImportsKeepOnlyANeededAlias) {
  EXPECT_EQ(CheckedFormat("import \"std/web_service\"\n"
                          "import \"./modules/worker\" as worker\n"
                          "import \"./modules/worker/\" as w2\n"),
            "import \"std/web_service\"\n"
            "import \"./modules/worker\"\n"
            "import \"./modules/worker/\" as w2\n");
}

TEST(FormatConstructs, LetsAreAligned) {
  EXPECT_EQ(CheckedFormat("let replicas = var.env == \"prod\" ? 4 : 1\n"
                          "let tier = if var.env == \"prod\" then \"large\" else \"small\"\n"),
            "let replicas = var.env == \"prod\" ? 4 : 1\n"
            "let tier     = if var.env == \"prod\" then \"large\" else \"small\"\n");
}

TEST(FormatConstructs, LiteralsAsWritten) {
  EXPECT_EQ(CheckedFormat("let a = [2, 0.5, 1_000, 1e3, 500ms, 30s, 5m, 1h, 1d]\n"
                          "let b = [512KiB, 2GiB, 1TiB, 70%, 0.25vcpu, 1vcpu, true, false, null]"),
            "let a = [2, 0.5, 1_000, 1e3, 500ms, 30s, 5m, 1h, 1d]\n"
            "let b = [512KiB, 2GiB, 1TiB, 70%, 0.25vcpu, 1vcpu, true, false, null]\n");
}

TEST(FormatConstructs, StringsAreReescaped) {
  EXPECT_EQ(CheckedFormat(R"(let s = "q\" b\\ n\n t\t r\r d\$ {x} $x $$")"),
            R"(let s = "q\" b\\ n\n t\t r\r d$ {x} $x $$")"
            "\n");
  // `$` before `{` or before an interpolation must stay escaped.
  EXPECT_EQ(CheckedFormat(R"(let s = "\${a} \$${b} $")"), R"(let s = "\${a} \$${b} $")"
                                                          "\n");
}

TEST(FormatConstructs, Templates) {
  EXPECT_EQ(CheckedFormat("let n = \"sample-api-${ var.env }\"\n"
                          "let m = \"${upper( \"x\" )}-${ {a = [1,2]}.a[0] }\""),
            "let n = \"sample-api-${var.env}\"\n"
            "let m = \"${upper(\"x\")}-${{ a = [1, 2] }.a[0]}\"\n");
}

TEST(FormatConstructs, ReferencesIndexAndCalls) {
  EXPECT_EQ(CheckedFormat("service \"api\" { cluster=cluster.main\n task = task.api\n"
                          "x = service.api[\"blue\"].arn\n"
                          "y = lookup( var.m , \"k\" , \"d\" , )\n z = upper ()}"),
            "service \"api\" {\n"
            "  cluster = cluster.main\n"
            "  task    = task.api\n"
            "  x       = service.api[\"blue\"].arn\n"
            "  y       = lookup(var.m, \"k\", \"d\")\n"
            "  z       = upper()\n"
            "}\n");
}

TEST(FormatConstructs, EnumsAsBareWords) {
  EXPECT_EQ(CheckedFormat("deployment { circuit_breaker = rollback  launch_type = \"FARGATE\" }"),
            "deployment {\n"
            "  circuit_breaker = rollback\n"
            "  launch_type     = \"FARGATE\"\n"
            "}\n");
}

TEST(FormatConstructs, OperatorsWithSingleSpaces) {
  EXPECT_EQ(CheckedFormat("let a = 1+2*3-4/5\nlet b = !x&&y||z\nlet c = a<b==c>=d\n"
                          "let d = -x+ - y\nlet e = a!=b&&c<=d||e>f"),
            "let a = 1 + 2 * 3 - 4 / 5\n"
            "let b = !x && y || z\n"
            "let c = a < b == c >= d\n"
            "let d = -x + -y\n"
            "let e = a != b && c <= d || e > f\n");
}

TEST(FormatConstructs, ParenthesesOnlyWherePrecedenceNeedsThem) {
  EXPECT_EQ(CheckedFormat("let a = ((1 + 2)) * 3\n"
                          "let b = 1 + (2 * 3)\n"
                          "let c = 1 - (2 - 3)\n"
                          "let d = (1 - 2) - 3\n"
                          "let e = !(a && b)\n"
                          "let f = (-x).y\n"
                          "let g = (a || b) && (c || d)\n"
                          "let h = (a ? b : c) ? d : e\n"
                          "let i = a ? b : (c ? d : e)\n"
                          "let j = (a ? 1 : 2) + 3\n"
                          "let k = 3 * (if a then 1 else 2)\n"
                          "let l = (if a then 1 else 2) + 3\n"
                          "let m = (a + b)[0]\n"
                          "let n = -(2 * 3)\n"),
            "let a = (1 + 2) * 3\n"
            "let b = 1 + 2 * 3\n"
            "let c = 1 - (2 - 3)\n"
            "let d = 1 - 2 - 3\n"
            "let e = !(a && b)\n"
            "let f = (-x).y\n"
            "let g = (a || b) && (c || d)\n"
            "let h = (a ? b : c) ? d : e\n"
            "let i = a ? b : c ? d : e\n"
            "let j = (a ? 1 : 2) + 3\n"
            "let k = 3 * (if a then 1 else 2)\n"
            "let l = (if a then 1 else 2) + 3\n"
            "let m = (a + b)[0]\n"
            "let n = -(2 * 3)\n");
}

TEST(FormatConstructs, ConditionalsInTheAuthorsForm) {
  EXPECT_EQ(CheckedFormat("let a = c?x:y\nlet b = if c then x else if d then y else z\n"
                          "let e = if c then x else y ? 1 : 2"),
            "let a = c ? x : y\n"
            "let b = if c then x else if d then y else z\n"
            "let e = if c then x else y ? 1 : 2\n");
}

TEST(FormatConstructs, ForExpressions) {
  EXPECT_EQ(CheckedFormat("let ports = [ for p in [80, 443] : p + 8000 ]\n"
                          "let by_name = { for name , svc in local_services : name => svc.port "
                          "if svc.public }\n"
                          "let idx = [for i, x in xs: \"${i}-${x}\"]\n"
                          "let z = [for x in a ? b : c : x]"),
            "let ports   = [for p in [80, 443] : p + 8000]\n"
            "let by_name = {for name, svc in local_services : name => svc.port if svc.public}\n"
            "let idx     = [for i, x in xs : \"${i}-${x}\"]\n"
            "let z       = [for x in (a ? b : c) : x]\n");
}

TEST(FormatConstructs, ShortScalarMapsInline) {
  EXPECT_EQ(CheckedFormat("stack \"webapp\" {\n"
                          "  tags = {team: \"platform\"; cost_center = \"42\"}\n"
                          "  env = {\n APP_ENV = var.env\n}\n"
                          "  m = { \"x-y\" = 1, (var.k) = 2, \"${var.p}-z\" = 3 }\n"
                          "  e = {}\n"
                          "}"),
            "stack \"webapp\" {\n"
            "  tags = { team = \"platform\", cost_center = \"42\" }\n"
            "  env  = { APP_ENV = var.env }\n"
            "  m    = { \"x-y\" = 1, (var.k) = 2, \"${var.p}-z\" = 3 }\n"
            "  e    = {}\n"
            "}\n");
}

TEST(FormatConstructs, MapsWithCollectionsOneEntryPerLine) {
  EXPECT_EQ(CheckedFormat("let m = { a = [1], bb = 2, c = { d = 3 } }"),
            "let m = {\n"
            "  a  = [1]\n"
            "  bb = 2\n"
            "  c  = { d = 3 }\n"
            "}\n");
}

TEST(FormatConstructs, ListsInlineWhenShort) {
  EXPECT_EQ(CheckedFormat("role \"exec\" { managed = [\n\"a\",\n\"b\",\n]\n e = [ ] }"),
            "role \"exec\" {\n"
            "  managed = [\"a\", \"b\"]\n"
            "  e       = []\n"
            "}\n");
}

TEST(FormatConstructs, LongListsOneItemPerLineWithTrailingComma) {
  EXPECT_EQ(
      CheckedFormat("role \"exec\" {\n  managed = [\"arn:aws:iam::aws:policy/service-role/"
                    "AmazonECSTaskExecutionRolePolicy\", \"arn:aws:iam::aws:policy/Other\"]\n}"),
      "role \"exec\" {\n"
      "  managed = [\n"
      "    \"arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy\",\n"
      "    \"arn:aws:iam::aws:policy/Other\",\n"
      "  ]\n"
      "}\n");
}

TEST(FormatConstructs, NestedCollectionsBreakFromTheOutside) {
  FormatOptions narrow;
  narrow.max_width = 30;
  EXPECT_EQ(CheckedFormat("let x = [[1, 2, 3], [4, 5, 6], {a = [7, 8]}]", narrow),
            "let x = [\n"
            "  [1, 2, 3],\n"
            "  [4, 5, 6],\n"
            "  {\n"
            "    a = [7, 8]\n"
            "  },\n"
            "]\n");
  EXPECT_EQ(CheckedFormat("let y = merge(var.defaults, {a = [1, 2]}, var.extra)", narrow),
            "let y = merge(var.defaults, {\n"
            "  a = [1, 2]\n"
            "}, var.extra)\n");
}

TEST(FormatConstructs, ForEachBlocks) {
  EXPECT_EQ(CheckedFormat("log_group \"app\" {\n"
                          "  for_each = { api = 30, worker = 7 }\n"
                          "  name = \"/ecs/${each.key}\"\n"
                          "  retention = each.value\n"
                          "}"),
            "log_group \"app\" {\n"
            "  for_each  = { api = 30, worker = 7 }\n"
            "  name      = \"/ecs/${each.key}\"\n"
            "  retention = each.value\n"
            "}\n");
}

TEST(FormatConstructs, VariablesOutputsBackendsAndModules) {
  EXPECT_EQ(CheckedFormat("variable \"env\" { type = string  default = \"prod\"\n"
                          "validation { condition = contains([\"prod\", \"stg\"], var.env)\n"
                          "message = \"bad\" } }\n"
                          "output \"url\" { value = load_balancer.public.dns_name }\n"
                          "backend \"aws\" { state = \".berth/state.json\" }\n"
                          "web_service \"api\" { port = 8080 }"),
            "variable \"env\" {\n"
            "  type    = string\n"
            "  default = \"prod\"\n"
            "  validation {\n"
            "    condition = contains([\"prod\", \"stg\"], var.env)\n"
            "    message   = \"bad\"\n"
            "  }\n"
            "}\n"
            "output \"url\" {\n"
            "  value = load_balancer.public.dns_name\n"
            "}\n"
            "backend \"aws\" {\n"
            "  state = \".berth/state.json\"\n"
            "}\n"
            "web_service \"api\" {\n"
            "  port = 8080\n"
            "}\n");
}

TEST(FormatConstructs, EmptyFile) {
  EXPECT_EQ(CheckedFormat(""), "");
  EXPECT_EQ(CheckedFormat("\n\n  \n;;\n"), "");
}

}  // namespace
}  // namespace berth::fmt_test
