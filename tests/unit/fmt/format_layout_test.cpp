// Layout decisions: alignment groups, blank lines, line width.
#include <gtest/gtest.h>

#include "tests/unit/fmt/fmt_test_util.h"

namespace berth::fmt_test {
namespace {

TEST(FormatLayout, AlignmentGroupsBreakAtBlankLinesBlocksCommentsAndMultiLineValues) {
  EXPECT_EQ(CheckedFormat("service \"api\" {\n"
                          "  cluster = cluster.main\n"
                          "  task = task.api\n"
                          "\n"
                          "  desired_count = 2\n"
                          "  x = 1\n"
                          "  network { subnets = [\"a\"] }\n"
                          "  platform_version = \"LATEST\"\n"
                          "  # about y\n"
                          "  y = 1\n"
                          "  tags = { a = [1] }\n"
                          "  zz = 2\n"
                          "}\n"),
            "service \"api\" {\n"
            "  cluster = cluster.main\n"
            "  task    = task.api\n"
            "\n"
            "  desired_count = 2\n"
            "  x             = 1\n"
            "  network {\n"
            "    subnets = [\"a\"]\n"
            "  }\n"
            "  platform_version = \"LATEST\"\n"
            "  # about y\n"
            "  y = 1\n"
            "  tags = {\n"
            "    a = [1]\n"
            "  }\n"
            "  zz = 2\n"
            "}\n");
}

TEST(FormatLayout, TrailingCommentsOfConsecutiveRowsAlign) {
  EXPECT_EQ(CheckedFormat("import \"std/web_service\" # binds web_service\n"
                          "import \"./modules/worker\" as w # relative\n"
                          "x {\n"
                          "  a = 1 # one\n"
                          "  bbb = [2] # two\n"
                          "  c = 3\n"
                          "  d = 4 # four\n"
                          "\n"
                          "  e = 5 # five\n"
                          "  ffff = 6 # six\n"
                          "}\n"),
            "import \"std/web_service\"       # binds web_service\n"
            "import \"./modules/worker\" as w # relative\n"
            "x {\n"
            "  a   = 1   # one\n"
            "  bbb = [2] # two\n"
            "  c   = 3\n"
            "  d   = 4 # four\n"
            "\n"
            "  e    = 5 # five\n"
            "  ffff = 6 # six\n"
            "}\n");
}

TEST(FormatLayout, BlankLinesCollapseToOneAndVanishAtBodyEdges) {
  EXPECT_EQ(CheckedFormat("\n\n\ncluster \"a\" {\n\n\n  x = 1\n\n\n\n  y = 2\n\n\n}\n\n\n\n"
                          "cluster \"b\" {}\ncluster \"c\" {}\n\n"),
            "cluster \"a\" {\n"
            "  x = 1\n"
            "\n"
            "  y = 2\n"
            "}\n"
            "\n"
            "cluster \"b\" {}\n"
            "cluster \"c\" {}\n");
}

TEST(FormatLayout, BlankLinesAroundComments) {
  EXPECT_EQ(CheckedFormat("x {\n  a = 1\n\n  # about b\n\n  b = 2\n}\n"),
            "x {\n  a = 1\n\n  # about b\n\n  b = 2\n}\n");
}

TEST(FormatLayout, BlankLinesInMultiLineMapsAreKept) {
  EXPECT_EQ(CheckedFormat("let m = {\n  a = [1]\n\n\n  b = 2\n  cc = 3\n}\n"),
            "let m = {\n  a = [1]\n\n  b  = 2\n  cc = 3\n}\n");
}

TEST(FormatLayout, WidthLimitCountsTheColumnWhereAListStarts) {
  FormatOptions options;
  options.max_width = 20;
  // `  ports = [1, 2, 3]` ends at column 19: fits. One more level does not.
  EXPECT_EQ(CheckedFormat("a { ports = [1, 2, 3] }", options), "a {\n  ports = [1, 2, 3]\n}\n");
  EXPECT_EQ(CheckedFormat("a { b { ports = [1, 2, 3] } }", options),
            "a {\n  b {\n    ports = [\n      1,\n      2,\n      3,\n    ]\n  }\n}\n");
}

TEST(FormatLayout, WidthCountsCodePoints) {
  FormatOptions options;
  options.max_width = 16;
  EXPECT_EQ(CheckedFormat("let a = [\"ééé\"]", options), "let a = [\"ééé\"]\n");
  EXPECT_EQ(CheckedFormat("let a = [\"ééééé\"]", options), "let a = [\n  \"ééééé\",\n]\n");
}

TEST(FormatLayout, TheLanguageSketchFromTheDesign) {
  EXPECT_EQ(CheckedFormat(R"(stack "webapp" { region = "ap-northeast-1"  account = "123456789012" }

variable "env"       { type = string  default = "prod" }
variable "image_tag" { type = string }

let name = "sample-api-${var.env}"

task "api" {
  cpu = 256  memory = 512MiB
  execution_role = role.exec
  container "app" {
    image   = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/sample-api:${var.image_tag}"
    port    = 8080
    env     = { APP_ENV = var.env }
    secrets = { DB_PASSWORD = secret("arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:db") }
    health { command = ["CMD-SHELL", "curl -f http://localhost:8080/health"]  start_period = 60s }
  }
}

service "api" {
  autoscaling { min = 2  max = 10  target_cpu = 70% }
}
)"),
            R"(stack "webapp" {
  region  = "ap-northeast-1"
  account = "123456789012"
}

variable "env" {
  type    = string
  default = "prod"
}
variable "image_tag" {
  type = string
}

let name = "sample-api-${var.env}"

task "api" {
  cpu            = 256
  memory         = 512MiB
  execution_role = role.exec
  container "app" {
    image = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/sample-api:${var.image_tag}"
    port  = 8080
    env   = { APP_ENV = var.env }
    secrets = {
      DB_PASSWORD = secret("arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:db")
    }
    health {
      command      = ["CMD-SHELL", "curl -f http://localhost:8080/health"]
      start_period = 60s
    }
  }
}

service "api" {
  autoscaling {
    min        = 2
    max        = 10
    target_cpu = 70%
  }
}
)");
}

}  // namespace
}  // namespace berth::fmt_test
