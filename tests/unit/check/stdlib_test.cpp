// The standard library modules, instantiated as a user would.
#include "tests/unit/check/check_fixture.h"

namespace berth::testing {
namespace {

TEST_F(CheckTest, WebServiceModule) {
  Write("app/main.berth", R"(import "std/web_service"
stack "webapp" {
  region = "ap-northeast-1"
  tags = { team = "platform" }
}
cluster "main" { container_insights = true }
load_balancer "public" {
  subnets = ["subnet-a", "subnet-b"]
  listener "http" {
    port = 80
    protocol = HTTP
    fixed_response { status_code = 404 }
  }
}
web_service "api" {
  cluster         = cluster.main
  load_balancer   = load_balancer.public
  listener        = "http"
  priority        = 10
  path            = "/api/*"
  image           = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/sample-api:1.4.2"
  port            = 8080
  subnets         = ["subnet-a", "subnet-b"]
  security_groups = ["sg-app"]
  env             = { APP_ENV = "prod" }
}
output "url" { value = module.api.url }
)");
  ir::Program program = MustCompile();
  std::vector<std::string> addresses;
  for (const ir::Resource& r : program.resources) addresses.push_back(r.address);
  EXPECT_EQ(addresses, (std::vector<std::string>{
                           "cluster.main",
                           "load_balancer.public",
                           "module.api.listener_rule.main",
                           "module.api.log_group.main",
                           "module.api.role.execution",
                           "module.api.role.task",
                           "module.api.service.main",
                           "module.api.target_group.main",
                           "module.api.task.main",
                       }));
  const ir::Resource* service = program.Find("module.api.service.main");
  ASSERT_NE(service, nullptr);
  EXPECT_EQ(service->depends_on,
            (std::vector<std::string>{"cluster.main", "module.api.target_group.main",
                                      "module.api.task.main"}));
  EXPECT_EQ(Attr(program, "module.api.service.main", "name"), R"("sample-api")");
  EXPECT_EQ(Attr(program, "module.api.service.main", "deployment"),
            R"({ circuit_breaker = "rollback", max_percent = 200, min_healthy_percent = 100 })");
  EXPECT_EQ(Attr(program, "module.api.service.main", "tags"), R"({ team = "platform" })");
  EXPECT_EQ(Attr(program, "module.api.listener_rule.main", "path"), R"(["/api/*"])");
  EXPECT_EQ(Attr(program, "module.api.listener_rule.main", "load_balancer"),
            "load_balancer.public");
  // The region and VPC default to the stack's and the load balancer's.
  EXPECT_EQ(Attr(program, "module.api.target_group.main", "vpc"), "load_balancer.public.vpc");
  const Value* containers = program.Find("module.api.task.main")->attributes.Get("containers");
  ASSERT_NE(containers, nullptr);
  EXPECT_EQ(containers->list()[0].Get("logs")->Get("options")->ToSource(),
            R"({ "awslogs-group" = "/ecs/sample-api", "awslogs-region" = "ap-northeast-1", )"
            R"("awslogs-stream-prefix" = "sample-api" })");
  // Text around a value known after apply is kept: the scheme and the path stay (issue 10,
  // item 1), and the output depends on the load balancer through it.
  EXPECT_EQ(program.outputs[0].value.ToSource(),
            R"("http://${load_balancer.public.dns_name}/api/")");
  EXPECT_EQ(program.outputs[0].value.kind(), ValueKind::kTemplate);
}

TEST_F(CheckTest, WebServiceRulesShareTheListener) {
  Write("app/main.berth", R"(import "std/web_service"
stack "webapp" { region = "ap-northeast-1" }
cluster "main" {}
load_balancer "public" {
  subnets = ["subnet-a", "subnet-b"]
  listener "http" {
    port = 80
    protocol = HTTP
    fixed_response { status_code = 404 }
    rule "legacy" {
      priority = 10
      path = ["/old/*"]
      fixed_response { status_code = 410 }
    }
  }
}
web_service "api" {
  cluster         = cluster.main
  load_balancer   = load_balancer.public
  listener        = "htp"
  priority        = 10
  path            = "/api/*"
  image           = "registry/api:1"
  subnets         = ["subnet-a"]
  security_groups = ["sg-app"]
}
web_service "web" {
  cluster         = cluster.main
  load_balancer   = load_balancer.public
  listener        = "http"
  priority        = 10
  host            = "www.example.com"
  image           = "registry/web:1"
  subnets         = ["subnet-a"]
  security_groups = ["sg-app"]
}
)");
  EXPECT_FALSE(Run());
  std::string errors = Errors();
  EXPECT_NE(errors.find("error: module.api.listener_rule.main attaches to listener \"htp\", "
                        "which load_balancer.public does not have; did you mean \"http\"?"),
            std::string::npos)
      << errors;
  EXPECT_NE(errors.find("error: module.web.listener_rule.main has priority 10 on listener "
                        "\"http\" of load_balancer.public, already taken by rule \"legacy\""),
            std::string::npos)
      << errors;
}

}  // namespace
}  // namespace berth::testing

namespace berth::testing {
namespace {

TEST_F(CheckTest, QueueWorkerAndScheduledJobModules) {
  Write("app/main.berth", R"berth(import "std/queue_worker"
import "std/scheduled_job"
cluster "main" {}
queue_worker "mailer" {
  name       = "mailer"
  cluster    = cluster.main
  image      = "mailer:2"
  region     = "ap-northeast-1"
  subnets    = ["subnet-a"]
  queue_name = "mail"
  queue_arn  = "arn:aws:sqs:ap-northeast-1:123456789012:mail"
}
scheduled_job "nightly" {
  name     = "nightly-report"
  cluster  = cluster.main
  image    = "report:1"
  region   = "ap-northeast-1"
  schedule = "cron(0 3 * * ? *)"
  subnets  = ["subnet-a"]
  command  = ["report", "--daily"]
}
)berth");
  ir::Program program = MustCompile();
  EXPECT_EQ(program.resources.size(), 1u + 5u + 6u);
  EXPECT_EQ(Attr(program, "module.nightly.schedule.main", "expression"),
            R"x("cron(0 3 * * ? *)")x");
  EXPECT_EQ(program.Find("module.nightly.role.events")->depends_on,
            (std::vector<std::string>{"module.nightly.role.execution", "module.nightly.role.task",
                                      "module.nightly.task.main"}));
  const Value* containers = program.Find("module.mailer.task.main")->attributes.Get("containers");
  ASSERT_NE(containers, nullptr);
  EXPECT_EQ(containers->list()[0].Get("env")->ToSource(), R"({ QUEUE_NAME = "mail" })");
}

TEST_F(CheckTest, QueueWorkerValidatesItsArguments) {
  Write("app/main.berth", R"(import "std/queue_worker"
cluster "main" {}
queue_worker "mailer" {
  name       = "mailer"
  cluster    = cluster.main
  image      = "mailer:2"
  region     = "ap-northeast-1"
  subnets    = ["subnet-a"]
  queue_name = "mail"
  queue_arn  = "arn:aws:sqs:ap-northeast-1:123456789012:mail"
  messages_per_task = 0
}
)");
  EXPECT_FALSE(Run());
  std::string errors = Errors();
  EXPECT_NE(errors.find("error: messages_per_task must be above 0"), std::string::npos) << errors;
  EXPECT_NE(errors.find("app/main.berth:11:23: note: `messages_per_task` is 0, set here"),
            std::string::npos)
      << errors;
}

}  // namespace
}  // namespace berth::testing
