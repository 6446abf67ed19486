// A large stack of module instances compiles whole. Speed and memory are measured by
// bench/compile_bench.sh, never by timed tests.

#include "tests/unit/check/check_fixture.h"

namespace berth::testing {
namespace {

std::string WebServices(int count) {
  std::string text = R"(import "std/web_service"
stack "big" {
  region = "ap-northeast-1"
  tags = { team = "platform" }
}
cluster "main" {}
load_balancer "public" {
  subnets = ["subnet-a", "subnet-b"]
  listener "http" {
    port = 80
    protocol = HTTP
    fixed_response { status_code = 404 }
  }
}
)";
  for (int i = 0; i < count; ++i) {
    std::string n = std::to_string(i);
    text += "web_service \"svc_" + n + "\" {\n  name = \"svc-" + n +
            "\"\n  cluster = cluster.main\n  load_balancer = load_balancer.public\n  listener = "
            "\"http\"\n  priority = " +
            std::to_string(i + 1) + "\n  path = \"/svc-" + n + "/*\"\n  image = \"registry/svc-" +
            n +
            ":1\"\n  region = \"ap-northeast-1\"\n  vpc = \"vpc-1\"\n  subnets = [\"subnet-a\", "
            "\"subnet-b\"]\n  security_groups = [\"sg-app\"]\n  env = { INDEX = \"" +
            n + "\" }\n}\n";
  }
  return text;
}

// Compile speed and memory are measured by bench/compile_bench.sh; this checks that a large
// stack of module instances compiles whole, with every instance's resources.
class ScaleTest : public CheckTest {};

TEST_F(ScaleTest, AThousandWebServices) {
  Write("app/main.berth", WebServices(1000));
  std::optional<ir::Program> program = Run();
  ASSERT_TRUE(program.has_value()) << Errors().substr(0, 2000);
  EXPECT_EQ(program->resources.size(), 2u + 1000u * 7u);
  EXPECT_NE(program->Find("module.svc_999.service.main"), nullptr);
}

}  // namespace
}  // namespace berth::testing
