#include "tests/e2e/template_stack.h"

namespace berth::e2e {

const char kOddValue[] = R"(https://u:p@h/x?a=1&b=*|c\d"e'f)";

std::string TemplateStack(const std::string& subnets, const std::string& account) {
  return R"(stack "tpl" {
  region  = "ap-northeast-1"
  account = ")" +
         account + R"("
}

variable "odd" {
  type      = string
  sensitive = true
  default   = "the tests give kOddValue"
}

log_group "app" {
  name      = "/ecs/tpl-app"
  retention = 7d
}

role "app" {
  name = "tpl-app"
  statement "logs" {
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${log_group.app.arn}:*"]
  }
}

load_balancer "public" {
  name    = "tpl-public"
  subnets = )" +
         subnets +
         R"(
}

task "app" {
  family    = "tpl-app"
  cpu       = 256
  memory    = 512MiB
  task_role = role.app
  container "app" {
    image = "public.ecr.aws/docker/library/busybox:1.36"
    env = {
      PUBLIC_URL = "https://${load_balancer.public.dns_name}/api"
      ODD        = var.odd
    }
  }
}
)";
}

}  // namespace berth::e2e
