// `berth emit aws` then the emitted apply.sh against moto_server (an independent AWS on
// 127.0.0.1, started by tests/moto/moto_fixture.sh on a free port): text around values known only
// after apply reaches AWS whole (issue 10, item 1). The load balancer's DNS name is captured by
// its create call and substituted inside "https://.../api"; a log group's ARN keeps its ":*";
// a sensitive value full of sed and JSON metacharacters arrives as it was given.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/e2e/moto/moto_env.h"
#include "tests/e2e/run_berth.h"
#include "tests/e2e/template_stack.h"

namespace berth::e2e {
namespace {

using nlohmann::json;

TEST(AwsMotoTemplates, ApplyShSubstitutesInsideWholeStrings) {
  if (std::system("command -v aws >/dev/null 2>&1") != 0) GTEST_SKIP() << "no aws CLI";
  TempDir dir;
  MotoServer moto(dir);
  if (!moto.skip().empty()) GTEST_SKIP() << moto.skip();

  // The load balancer needs subnets moto knows: those of its default VPC.
  ShellResult subnets = moto.Aws(
      "ec2 describe-subnets --filters Name=default-for-az,Values=true "
      "--query 'Subnets[0:2].SubnetId' --output json");
  ASSERT_EQ(subnets.exit_code, 0) << moto.CommandsLog();
  json subnet_ids = json::parse(subnets.out);
  ASSERT_EQ(subnet_ids.size(), 2u) << subnets.out;

  dir.Write("stack/main.berth", TemplateStack(subnet_ids.dump()));
  std::string out = dir.path() + "/out";
  RunResult emit = RunBerth({"emit", "aws", dir.path() + "/stack", "-o", out});
  ASSERT_EQ(emit.exit_code, 0) << emit.err;

  // The request holds the whole string, the placeholder inside it.
  json manifest = json::parse(ReadFile(out + "/manifest.json"));
  std::string register_file, sensitive_variable;
  for (const json& call : manifest["calls"]) {
    if (call["operation"] == "register-task-definition") {
      register_file = call["file"];
      for (const json& s : call["sensitive"]) sensitive_variable = s["environment"];
    }
  }
  ASSERT_FALSE(register_file.empty()) << manifest.dump(2);
  ASSERT_FALSE(sensitive_variable.empty()) << manifest.dump(2);
  std::string request = ReadFile(out + "/" + register_file);
  EXPECT_NE(request.find(R"("https://{{berth:load_balancer.public.dns_name}}/api")"),
            std::string::npos)
      << request;

  // apply.sh against moto, the sensitive value from the environment.
  ShellResult apply = moto.Run(moto.Env() + sensitive_variable + "=" + ShellQuote(kOddValue) +
                               " BERTH_WORK=" + ShellQuote(dir.path() + "/work") + " sh " +
                               ShellQuote(out + "/apply.sh"));
  ASSERT_EQ(apply.exit_code, 0) << apply.out << moto.CommandsLog();

  ShellResult dns = moto.Aws(
      "elbv2 describe-load-balancers --names tpl-public --query 'LoadBalancers[0].DNSName' "
      "--output text");
  ASSERT_EQ(dns.exit_code, 0) << moto.CommandsLog();
  std::string dns_name = Trim(dns.out);
  ASSERT_FALSE(dns_name.empty());

  // What moto stored: the URL whole, the odd value byte for byte.
  ShellResult env = moto.Aws(
      "ecs describe-task-definition --task-definition tpl-app "
      "--query 'taskDefinition.containerDefinitions[0].environment' --output json");
  ASSERT_EQ(env.exit_code, 0) << moto.CommandsLog();
  std::map<std::string, std::string> variables;
  for (const json& entry : json::parse(env.out)) variables[entry["name"]] = entry["value"];
  EXPECT_EQ(variables["PUBLIC_URL"], "https://" + dns_name + "/api") << env.out;
  EXPECT_EQ(variables["ODD"], kOddValue) << env.out;

  // The role's policy on the log group's streams keeps its ":*".
  ShellResult policy = moto.Aws(
      "iam get-role-policy --role-name tpl-app --policy-name berth-inline "
      "--query 'PolicyDocument' --output json");
  ASSERT_EQ(policy.exit_code, 0) << moto.CommandsLog();
  json document = json::parse(policy.out);
  if (document.is_string()) document = json::parse(document.get<std::string>());
  EXPECT_EQ(document["Statement"][0]["Resource"],
            json::parse(R"(["arn:aws:logs:ap-northeast-1:123456789012:log-group:/ecs/tpl-app:*"])"))
      << document.dump(2);
}

}  // namespace
}  // namespace berth::e2e
