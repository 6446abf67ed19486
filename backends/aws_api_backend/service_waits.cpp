#include "backends/aws_api_backend/service_waits.h"

#include <algorithm>
#include <functional>
#include <sstream>
#include <thread>

namespace berth::aws_api_backend {

namespace {

using aws_api::Json;

enum class Verdict { kWait, kDone, kFail };

// What a poll saw of the service: the verdict, and a text for progress lines and errors.
struct Seen {
  Verdict verdict = Verdict::kWait;
  std::string text;
};

std::string Seconds(std::chrono::steady_clock::duration d) {
  return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(d).count()) + "s";
}

// Polls describe-services until `judge` says done or failed, or `wait.timeout` passes. The
// service's entry is null when ECS answered with a failure (MISSING) instead. On timeout
// `error` is `timeout_lead` followed by the last text seen.
bool Poll(const aws_api::Client& client, const ServiceWait& wait, const std::string& timeout_lead,
          const std::function<Seen(const Json* service)>& judge, std::string& error) {
  Json input = {{"cluster", wait.cluster}, {"services", {wait.service}}};
  auto start = std::chrono::steady_clock::now();
  auto deadline = start + wait.timeout;
  double delay_s = 1;
  std::string last;
  while (true) {
    aws_api::CallResult result = client.Call("ecs", "describe-services", input);
    if (!result.ok()) {
      error = "waiting for service " + wait.service + ": " + result.error().ToString();
      return false;
    }
    Json services = result.json().value("services", Json::array());
    const Json* service = services.empty() ? nullptr : &services[0];
    Seen seen = judge(service);
    if (seen.verdict == Verdict::kDone) return true;
    if (seen.verdict == Verdict::kFail) {
      error = seen.text;
      return false;
    }
    auto now = std::chrono::steady_clock::now();
    if (now >= deadline) {
      error = timeout_lead + " after " + Seconds(now - start) + ": " + seen.text;
      return false;
    }
    if (wait.progress && seen.text != last) {
      std::ostringstream line;
      line << wait.address << ": waiting for service " << wait.service << ": " << seen.text << " ["
           << Seconds(now - start) << "]\n";
      *wait.progress << line.str() << std::flush;  // one write: apply prints from several threads
    }
    last = seen.text;
    auto sleep = std::min(std::chrono::duration<double>(delay_s),
                          std::chrono::duration<double>(deadline - now));
    std::this_thread::sleep_for(sleep);
    delay_s = std::min(15.0, delay_s * 1.5);
  }
}

}  // namespace

std::string DeploymentsText(const Json& service) {
  Json deployments = service.value("deployments", Json::array());
  std::ostringstream text;
  text << "status " << service.value("status", "?") << ", running "
       << service.value("runningCount", 0) << " of " << service.value("desiredCount", 0) << ", "
       << deployments.size() << (deployments.size() == 1 ? " deployment" : " deployments");
  const char* separator = ": ";
  for (const Json& d : deployments) {
    text << separator << d.value("status", "?") << " " << d.value("runningCount", 0) << "/"
         << d.value("desiredCount", 0) << " running, " << d.value("pendingCount", 0) << " pending";
    if (d.value("failedTasks", 0) > 0) text << ", " << d.value("failedTasks", 0) << " failed";
    if (d.contains("rolloutState")) text << " (" << d.value("rolloutState", "") << ")";
    separator = "; ";
  }
  return text.str();
}

bool WaitServiceInactive(const aws_api::Client& client, const ServiceWait& wait,
                         std::string& error) {
  return Poll(
      client, wait, "service " + wait.service + " is still draining",
      [](const Json* service) -> Seen {
        if (!service) return {Verdict::kDone, ""};  // MISSING: gone is inactive enough
        std::string status = service->value("status", "");
        if (status == "INACTIVE") return {Verdict::kDone, ""};
        return {Verdict::kWait, "status " + status + " (its tasks have not stopped)"};
      },
      error);
}

bool WaitServiceStable(const aws_api::Client& client, const ServiceWait& wait, std::string& error) {
  return Poll(
      client, wait, "service " + wait.service + " is not stable",
      [&](const Json* service) -> Seen {
        if (!service) return {Verdict::kFail, "service " + wait.service + " is missing"};
        std::string status = service->value("status", "");
        if (status == "DRAINING" || status == "INACTIVE")
          return {Verdict::kFail, "service " + wait.service + " is " + status +
                                      " while waiting for it to be stable"};
        bool stable = service->value("deployments", Json::array()).size() == 1 &&
                      service->value("runningCount", -1) == service->value("desiredCount", -2);
        return {stable ? Verdict::kDone : Verdict::kWait, DeploymentsText(*service)};
      },
      error);
}

}  // namespace berth::aws_api_backend
