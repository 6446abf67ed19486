#include "tests/e2e/moto_gaps.h"

#include <nlohmann/json.hpp>
#include <regex>

namespace berth::e2e {

namespace {

// A field moto does not keep as AWS does: a change of `path` (or below it) of a `kind` is
// moto's, not berth's. `where` is the moto 5.2.1 source that shows it (site-packages/moto/...).
struct MotoGap {
  const char* kind;
  const char* path;  // `[*]` stands for any one list item or map key
  const char* where;
};

const MotoGap kMotoGaps[] = {
    // CreateListener: moto gives every listener SslPolicy ELBSecurityPolicy-2016-08, HTTP ones
    // too (AWS gives HTTP listeners none; HTTPS ones are the server default table's).
    {"load_balancer", "listeners[*].ssl_policy", "moto/elbv2/responses.py:124"},
    // CreateService: moto reads cluster, serviceName, taskDefinition, desiredCount,
    // loadBalancers, schedulingStrategy, serviceRegistries, tags, deploymentController,
    // launchType, platformVersion, propagateTags, networkConfiguration and role, and drops every
    // other member of the request, so describe-services never reports them.
    {"service", "deployment", "moto/ecs/responses.py:286-300"},
    {"service", "health_check_grace", "moto/ecs/responses.py:286-300"},
    {"service", "capacity_providers", "moto/ecs/responses.py:286-300"},
    // CreateService without launchType (a capacity provider strategy instead): moto makes it
    // EC2; AWS leaves launchType out.
    {"service", "launch_type", "moto/ecs/models.py:1595"},
};

bool PathMatches(const std::string& pattern, const std::string& path) {
  std::string regex;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern.compare(i, 3, "[*]") == 0) {
      regex += R"(\[[^\]]*\])";
      i += 2;
    } else if (std::string(".[]()*+?^$|\\{}").find(pattern[i]) != std::string::npos) {
      regex += std::string("\\") + pattern[i];
    } else {
      regex += pattern[i];
    }
  }
  return std::regex_match(path, std::regex(regex + R"(([.\[].*)?)"));
}

bool IsMotoGap(const std::string& kind, const std::string& path) {
  for (const MotoGap& gap : kMotoGaps) {
    if (gap.kind == kind && PathMatches(gap.path, path)) return true;
  }
  return false;
}

}  // namespace

std::vector<std::string> ChangesMotoDoesNotExplain(const std::string& plan_json) {
  using nlohmann::json;
  std::vector<std::string> unexplained;
  json plan = json::parse(plan_json);
  for (const json& change : plan["resource_changes"]) {
    std::string action = change["actions"].dump();
    if (action == R"(["no-op"])") continue;
    std::string address = change["address"];
    std::string kind = change["kind"];
    if (action != R"(["update"])" && action != R"(["delete","create"])") {
      unexplained.push_back(address + ": " + action);
      continue;
    }
    for (const json& c : change["changes"]) {
      std::string path = c["path"];
      if (!IsMotoGap(kind, path))
        unexplained.push_back(address + ": " + action + " " + path + ": " + c["before"].dump() +
                              " -> " + c["after"].dump());
    }
  }
  return unexplained;
}

}  // namespace berth::e2e
