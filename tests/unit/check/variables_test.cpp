// Variables: --var, var files, defaults, types, validation and sensitivity.
#include "tests/unit/check/check_fixture.h"

namespace berth::testing {
namespace {

constexpr char kStack[] = R"(variable "env" {
  type = string
  default = "prod"
  validation {
    condition = contains(["prod", "stg"], var.env)
    message   = "env must be prod or stg"
  }
}
variable "image_tag" { type = string }
variable "replicas" {
  type = number
  default = 2
}
variable "db_password" {
  type = string
  sensitive = true
  default = "hunter2"
}
cluster "main" { name = "${var.env}-${var.image_tag}" }
output "password" { value = "pw:${var.db_password}" }
)";

CheckOptions WithVars(std::map<std::string, std::string> vars,
                      std::vector<std::string> files = {}) {
  CheckOptions options;
  options.variables = std::move(vars);
  options.variable_files = std::move(files);
  return options;
}

TEST_F(CheckTest, RequiredVariableWithoutAValue) {
  Write("app/main.berth", kStack);
  EXPECT_FALSE(Run());
  EXPECT_EQ(
      Errors(),
      R"(app/main.berth:9:10: error: variable `image_tag` has no value: pass --var image_tag=... or add a default
    9 | variable "image_tag" { type = string }
      |          ^~~~~~~~~~~
)");
}

TEST_F(CheckTest, VarFlagsAndDefaults) {
  Write("app/main.berth", kStack);
  ir::Program program = MustCompile(WithVars({{"image_tag", "1.4.2"}, {"replicas", "2 * 3"}}));
  EXPECT_EQ(Attr(program, "cluster.main", "name"), "\"prod-1.4.2\"");
  ASSERT_EQ(program.variables.size(), 4u);
  EXPECT_EQ(program.variables[0].name, "db_password");
  EXPECT_TRUE(program.variables[0].sensitive);
  EXPECT_EQ(program.variables[3].name, "replicas");
  EXPECT_EQ(program.variables[3].value.ToSource(), "6");
  EXPECT_TRUE(program.outputs[0].sensitive);
  EXPECT_EQ(program.outputs[0].value.ToSource(), "(sensitive)");
}

TEST_F(CheckTest, VarFileValuesAndUnknownNames) {
  Write("app/main.berth", kStack);
  Write("prod.vars", R"(image_tag = "2.0"
env = "stg"
replcas = 3
)");
  EXPECT_FALSE(Run(WithVars({}, {"prod.vars"})));
  EXPECT_EQ(Errors(), R"(prod.vars:3:1: error: unknown variable `replcas`
    3 | replcas = 3
      | ^~~~~~~
note: did you mean `replicas`?
)");
}

TEST_F(CheckTest, VarFileWithASyntaxErrorReportsOnlyThatError) {
  // The recovered value of a broken line must not be bound and then reported again as a
  // consequence (null interpolated into the cluster name).
  Write("app/main.berth", kStack);
  Write("broken.vars", "image_tag =\n");
  EXPECT_FALSE(Run(WithVars({}, {"broken.vars"})));
  EXPECT_EQ(Errors(), R"(broken.vars:1:12: error: unexpected end of file: expected an expression after `=`
    1 | image_tag =
      |            ^
)");
}

TEST_F(CheckTest, VarFileSetsValues) {
  Write("app/main.berth", kStack);
  Write("prod.vars", "image_tag = \"2.0\"\nenv = \"stg\"\n");
  ir::Program program = MustCompile(WithVars({}, {"prod.vars"}));
  EXPECT_EQ(Attr(program, "cluster.main", "name"), "\"stg-2.0\"");
}

TEST_F(CheckTest, ValidationFailureNamesWhereTheValueCameFrom) {
  Write("app/main.berth", kStack);
  EXPECT_FALSE(Run(WithVars({{"image_tag", "1"}, {"env", "dev"}})));
  EXPECT_EQ(Errors(), R"(app/main.berth:5:17: error: env must be prod or stg
    5 |     condition = contains(["prod", "stg"], var.env)
      |                 ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
--var env:1:1: note: `env` is "dev", set here
    1 | dev
      | ^~~
)");
}

TEST_F(CheckTest, VarValuesAreTypeChecked) {
  Write("app/main.berth", kStack);
  EXPECT_FALSE(Run(WithVars({{"image_tag", "1"}, {"replicas", "\"three\""}, {"colour", "x"}})));
  EXPECT_EQ(Errors(), R"(error: unknown variable `colour` given with --var
--var replicas:1:1: error: variable `replicas` expects a number, got string "three"
    1 | "three"
      | ^~~~~~~
2 errors
)");
}

TEST_F(CheckTest, UnknownVariableType) {
  Write("app/main.berth", R"(variable "x" {
  type = strng
  default = "a"
}
)");
  EXPECT_FALSE(Run());
  EXPECT_EQ(Errors(), R"(app/main.berth:2:10: error: unknown variable type `strng`
    2 |   type = strng
      |          ^~~~~
note: did you mean `string`?
note: types: string, number, bool, duration, size, percent, list, map, any
)");
}

}  // namespace
}  // namespace berth::testing
