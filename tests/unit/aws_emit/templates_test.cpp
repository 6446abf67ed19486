// Text around values known only after apply in requests (issue 10, item 1): the whole string is
// written, each reference resolved in place: literally where berth derives it (a log group's
// ARN), as the placeholder apply.sh fills where AWS generates it (a load balancer's DNS name).
#include <gtest/gtest.h>

#include "backends/aws/capture_check.h"
#include "backends/aws/emitters.h"
#include "tests/unit/aws_emit/emit_fixture.h"

namespace berth::aws {
namespace {

using testing::Compile;
using testing::FindCall;

const char* const kTemplates = R"(
stack "demo" {
  region  = "eu-west-1"
  account = "111122223333"
}

log_group "app" {
  name = "/ecs/app"
}

role "app" {
  name = "app-task"
  statement "logs" {
    actions   = ["logs:PutLogEvents"]
    resources = ["${log_group.app.arn}:*"]
  }
  tags = { lb = "dns:${load_balancer.public.dns_name}" }
}

load_balancer "public" {
  name    = "public"
  subnets = ["subnet-a", "subnet-b"]
}

task "app" {
  family = "app"
  cpu    = 256
  memory = 512MiB
  container "app" {
    image = "busybox"
    env   = { PUBLIC_URL = "https://${load_balancer.public.dns_name}/api" }
  }
}
)";

TEST(TemplateRequests, DerivedValuesAreWrittenInPlace) {
  ir::Program program = Compile(kTemplates);
  Emission emission = EmitStack(program);
  const AwsCall& put = FindCall(emission.calls, "put-role-policy", "role.app");
  Json policy = Json::parse(put.body["PolicyDocument"].get<std::string>());
  EXPECT_EQ(policy["Statement"][0]["Resource"],
            Json::array({"arn:aws:logs:eu-west-1:111122223333:log-group:/ecs/app:*"}));
}

TEST(TemplateRequests, GeneratedValuesArePlaceholdersInsideTheString) {
  ir::Program program = Compile(kTemplates);
  Emission emission = EmitStack(program);
  const AwsCall& task = FindCall(emission.calls, "register-task-definition", "task.app");
  EXPECT_EQ(task.body["containerDefinitions"][0]["environment"],
            Json::parse(R"([{"name": "PUBLIC_URL",
                             "value": "https://{{berth:load_balancer.public.dns_name}}/api"}])"));
  // Tag values too, and the load balancer's create call captures the value before both.
  const AwsCall& role = FindCall(emission.calls, "create-role", "role.app");
  EXPECT_EQ(
      role.body["Tags"],
      Json::parse(R"([{"Key": "lb", "Value": "dns:{{berth:load_balancer.public.dns_name}}"}])"));
  EXPECT_EQ(UncapturedPlaceholderNames(emission.calls), std::vector<std::string>{});
}

TEST(TemplateRequests, TheIrKeepsTheDependency) {
  ir::Program program = Compile(kTemplates);
  EXPECT_EQ(program.Find("task.app")->depends_on, std::vector<std::string>{"load_balancer.public"});
  EXPECT_EQ(program.Find("role.app")->depends_on,
            (std::vector<std::string>{"load_balancer.public", "log_group.app"}));
}

}  // namespace
}  // namespace berth::aws
