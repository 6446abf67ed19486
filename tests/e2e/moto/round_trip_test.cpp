// Every example, end to end against moto_server (an independent AWS on 127.0.0.1, one of the
// test's own): `berth emit aws`, the emitted apply.sh creates everything, the emitted capture.sh
// reads it back with `aws ... describe-*`, and `berth plan --live` on that snapshot must say
// "No changes" (issue 10, "Done when"). A false change there is a plan a reviewer cannot trust.
// The only differences allowed are fields moto itself does not store or report, each listed in
// tests/e2e/moto_gaps.cpp with the line of moto's source that shows it.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "tests/e2e/moto/moto_env.h"
#include "tests/e2e/moto_gaps.h"
#include "tests/e2e/run_berth.h"

namespace berth::e2e {
namespace {

using nlohmann::json;

// The example's source files, copied to `to`, with its made-up VPC and subnet ids replaced by
// those of moto's default VPC (moto refuses a load balancer in subnets it does not know), and
// its ACM certificate ARNs by one moto issued (moto checks a listener's certificate exists).
void CopyExample(const std::string& name, const std::string& to, const std::string& vpc,
                 const std::vector<std::string>& subnets, const std::string& certificate) {
  std::filesystem::path from = std::string(BERTH_SOURCE_DIR) + "/examples/" + name;
  std::map<std::string, std::string> replaced;
  std::regex ids(R"((vpc|subnet)-[0-9a-f]{8,17})");
  std::filesystem::create_directories(to);
  for (const auto& entry : std::filesystem::recursive_directory_iterator(from)) {
    std::filesystem::path target = to / std::filesystem::relative(entry.path(), from);
    if (entry.is_directory()) {
      std::filesystem::create_directories(target);
      continue;
    }
    std::string text = ReadFile(entry.path().string());
    if (entry.path().extension() == ".berth") {
      std::string out;
      auto begin = std::sregex_iterator(text.begin(), text.end(), ids);
      size_t last = 0;
      for (auto it = begin; it != std::sregex_iterator(); ++it) {
        std::string id = it->str();
        if (!replaced.count(id)) {
          size_t subnet_index = 0;
          for (const auto& [old, now] : replaced) subnet_index += old.starts_with("subnet-");
          replaced[id] = id.starts_with("vpc-") ? vpc : subnets[subnet_index % subnets.size()];
        }
        out += text.substr(last, it->position() - last) + replaced[id];
        last = it->position() + it->length();
      }
      text = out + text.substr(last);
      text = std::regex_replace(
          text, std::regex(R"(arn:aws:acm:[a-z0-9-]+:[0-9]{12}:certificate/[0-9a-f-]+)"),
          certificate);
    }
    std::ofstream(target) << text;
  }
}

class RoundTrip : public ::testing::TestWithParam<std::string> {};

TEST_P(RoundTrip, AppliedAndCapturedPlansNoChanges) {
  if (std::system("command -v aws >/dev/null 2>&1") != 0) GTEST_SKIP() << "no aws CLI";
  if (GetParam() == "local_docker") {
    GTEST_SKIP() << "local_docker is a stack of the docker backend: nothing of it goes to AWS";
  }
  TempDir dir;
  // The examples attach AWS managed policies, which moto knows only when told to load them.
  MotoServer moto(dir);
  if (!moto.skip().empty()) GTEST_SKIP() << moto.skip();

  ShellResult vpc = moto.Aws(
      "ec2 describe-vpcs --filters Name=is-default,Values=true --query 'Vpcs[0].VpcId' "
      "--output text");
  ASSERT_EQ(vpc.exit_code, 0) << moto.CommandsLog();
  ShellResult subnets = moto.Aws(
      "ec2 describe-subnets --filters Name=default-for-az,Values=true "
      "--query 'Subnets[].SubnetId' --output json");
  ASSERT_EQ(subnets.exit_code, 0) << moto.CommandsLog();
  std::vector<std::string> subnet_ids = json::parse(subnets.out);
  std::sort(subnet_ids.begin(), subnet_ids.end());
  ASSERT_GE(subnet_ids.size(), 2u) << subnets.out;

  ShellResult certificate = moto.Aws(
      "acm request-certificate --domain-name api.example.com --query CertificateArn "
      "--output text");
  ASSERT_EQ(certificate.exit_code, 0) << moto.CommandsLog();

  std::string stack = dir.path() + "/stack";
  CopyExample(GetParam(), stack, Trim(vpc.out), subnet_ids, Trim(certificate.out));
  std::string out = dir.path() + "/out";
  RunResult emit = RunBerth({"emit", "aws", stack, "-o", out});
  ASSERT_EQ(emit.exit_code, 0) << emit.err;
  ASSERT_TRUE(std::filesystem::exists(out + "/capture.sh"));

  // Sensitive values come from the environment; any value does for moto.
  std::string secrets;
  json manifest = json::parse(ReadFile(out + "/manifest.json"));
  for (const json& call : manifest["calls"]) {
    for (const json& s : call["sensitive"])
      secrets += s["environment"].get<std::string>() + "=moto-round-trip ";
  }
  // The request files as emitted, placeholders and all: apply.sh fills private copies.
  std::map<std::string, std::string> requests;
  for (const auto& entry : std::filesystem::directory_iterator(out)) {
    if (entry.path().extension() == ".json") requests[entry.path()] = ReadFile(entry.path());
  }
  ShellResult apply =
      moto.Run(moto.Env() + secrets + "BERTH_WORK=" + ShellQuote(dir.path() + "/work") + " sh " +
               ShellQuote(out + "/apply.sh"));
  ASSERT_EQ(apply.exit_code, 0) << apply.out << moto.CommandsLog();
  bool placeholders = false;
  for (const auto& [path, text] : requests) {
    EXPECT_EQ(ReadFile(path), text) << path;
    placeholders = placeholders || text.find("{{berth:") != std::string::npos;
  }
  EXPECT_TRUE(placeholders) << "no request of " << GetParam() << " uses a captured value";

  std::string live = dir.path() + "/live";
  ShellResult capture =
      moto.Run(moto.Env() + "sh " + ShellQuote(out + "/capture.sh") + " " + ShellQuote(live));
  ASSERT_EQ(capture.exit_code, 0) << capture.out << moto.CommandsLog();

  RunResult plan = RunBerth({"plan", stack, "--live", live, "--format", "json"});
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  std::vector<std::string> unexplained = ChangesMotoDoesNotExplain(plan.out);
  std::string all;
  for (const std::string& line : unexplained) all += line + "\n";
  if (!unexplained.empty()) {
    RunResult text = RunBerth({"plan", stack, "--live", live});
    all += "\n" + text.out + text.err;
  }
  EXPECT_TRUE(unexplained.empty()) << all;
}

// CI runs the round trip of fargate_web_api (each takes one to two minutes). With
// BERTH_ROUND_TRIP_ALL=1 in the environment of the binary (`BERTH_ROUND_TRIP_ALL=1
// build/moto_e2e_test --gtest_filter='Examples/RoundTrip*'`) every example runs. On 2026-12-06
// against moto 5.2.1 every example that goes to AWS reaches "No changes" (local_docker, a docker
// stack, skips).
std::vector<std::string> RoundTripExamples() {
  if (const char* all = std::getenv("BERTH_ROUND_TRIP_ALL"); all && std::string(all) == "1") {
    return ExampleNames();
  }
  return {"fargate_web_api"};
}

INSTANTIATE_TEST_SUITE_P(Examples, RoundTrip, ::testing::ValuesIn(RoundTripExamples()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace berth::e2e
