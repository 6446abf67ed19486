#include "controlplane/lb/routing.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <mutex>

#include "controlplane/lb/request_counts.h"
#include "controlplane/lb/targets_store.h"

namespace berth::controlplane::lb {

using store::json;

// Named (and anonymous within): the build compiles several files as one unit.
namespace routing_impl {
namespace {

char Fold(char c, bool ignore_case) {
  return ignore_case ? static_cast<char>(std::tolower(static_cast<unsigned char>(c))) : c;
}

std::string Lower(std::string text) {
  for (char& c : text) c = Fold(c, true);
  return text;
}

json ValuesOf(const json& condition, const char* config) {
  if (condition.contains(config) && condition[config].contains("Values"))
    return condition[config]["Values"];
  return condition.value("Values", json::array());
}

std::vector<std::string> Strings(const json& values) {
  std::vector<std::string> out;
  for (const json& v : values)
    if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

Condition ReadCondition(const json& doc) {
  Condition condition;
  std::string field = doc.value("Field", "");
  if (field == "path-pattern") {
    condition.field = Condition::Field::kPath;
    condition.values = Strings(ValuesOf(doc, "PathPatternConfig"));
  } else if (field == "host-header") {
    condition.field = Condition::Field::kHost;
    condition.values = Strings(ValuesOf(doc, "HostHeaderConfig"));
  } else if (field == "http-request-method") {
    condition.field = Condition::Field::kMethod;
    condition.values = Strings(ValuesOf(doc, "HttpRequestMethodConfig"));
  } else if (field == "http-header") {
    condition.field = Condition::Field::kHeader;
    json config = doc.value("HttpHeaderConfig", json::object());
    condition.header = config.value("HttpHeaderName", "");
    condition.values = Strings(config.value("Values", json::array()));
  } else if (field == "query-string") {
    condition.field = Condition::Field::kQuery;
    for (const json& pair :
         doc.value("QueryStringConfig", json::object()).value("Values", json::array())) {
      condition.query.emplace_back(pair.value("Key", ""), pair.value("Value", ""));
    }
  }
  return condition;
}

int Number(const json& value, int otherwise) {
  if (value.is_number_integer()) return value.get<int>();
  if (value.is_string()) {
    try {
      return std::stoi(value.get<std::string>());
    } catch (const std::exception&) {
    }
  }
  return otherwise;
}

// The action a rule takes: the first by Order that answers the request (authenticate-* actions
// come before it on ALB; berth serve has no identity provider to send anyone to, so they pass).
Action ReadAction(const json& actions) {
  std::vector<json> ordered(actions.begin(), actions.end());
  std::stable_sort(ordered.begin(), ordered.end(), [](const json& a, const json& b) {
    return Number(a.value("Order", json(0)), 0) < Number(b.value("Order", json(0)), 0);
  });
  Action action;
  for (const json& doc : ordered) {
    std::string type = doc.value("Type", "");
    if (type.rfind("authenticate-", 0) == 0) continue;
    if (type == "forward") {
      action.type = Action::Type::kForward;
      json groups = doc.value("ForwardConfig", json::object()).value("TargetGroups", json::array());
      if (groups.empty() && doc.contains("TargetGroupArn"))
        groups = json::array({{{"TargetGroupArn", doc["TargetGroupArn"]}, {"Weight", 1}}});
      for (const json& group : groups) {
        WeightedGroup weighted{group.value("TargetGroupArn", ""),
                               Number(group.value("Weight", json(1)), 1)};
        if (weighted.weight <= 0) continue;  // weight 0: no traffic
        action.total_weight += weighted.weight;
        action.groups.push_back(weighted);
      }
    } else if (type == "redirect") {
      action.type = Action::Type::kRedirect;
      json config = doc.value("RedirectConfig", json::object());
      action.protocol = config.value("Protocol", "#{protocol}");
      action.host = config.value("Host", "#{host}");
      action.port = config.value("Port", "#{port}");
      action.path = config.value("Path", "/#{path}");
      action.query = config.value("Query", "#{query}");
      action.status = config.value("StatusCode", "HTTP_301") == "HTTP_302" ? 302 : 301;
    } else if (type == "fixed-response") {
      action.type = Action::Type::kFixedResponse;
      json config = doc.value("FixedResponseConfig", json::object());
      action.status = Number(config.value("StatusCode", json("200")), 200);
      action.content_type = config.value("ContentType", "text/plain");
      action.body = config.value("MessageBody", "");
    } else {
      action.unsupported = type;
    }
    return action;
  }
  return action;
}

bool AnyMatch(const std::vector<std::string>& patterns, const std::string& text, bool ignore_case) {
  for (const std::string& pattern : patterns)
    if (WildcardMatch(pattern, text, ignore_case)) return true;
  return false;
}

bool QueryMatches(const Condition& condition, const std::string& query) {
  std::vector<std::pair<std::string, std::string>> params;
  size_t start = 0;
  while (start <= query.size() && !query.empty()) {
    size_t end = query.find('&', start);
    std::string part = query.substr(start, end == std::string::npos ? end : end - start);
    size_t eq = part.find('=');
    params.emplace_back(part.substr(0, eq), eq == std::string::npos ? "" : part.substr(eq + 1));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  for (const auto& [key, value] : condition.query) {
    for (const auto& [k, v] : params) {
      if ((key.empty() || WildcardMatch(key, k, true)) && WildcardMatch(value, v, true))
        return true;
    }
  }
  return false;
}

bool Matches(const Condition& condition, const RequestView& request) {
  switch (condition.field) {
    case Condition::Field::kPath:
      return AnyMatch(condition.values, request.path, false);
    case Condition::Field::kHost:
      return AnyMatch(condition.values, request.host, true);
    case Condition::Field::kMethod:
      return AnyMatch(condition.values, request.method, false);
    case Condition::Field::kHeader:
      return request.header && AnyMatch(condition.values, request.header(condition.header), true);
    case Condition::Field::kQuery:
      return QueryMatches(condition, request.query);
    case Condition::Field::kUnsupported:
      return false;  // source-ip and what ALB adds later: never guessed
  }
  return false;
}

// A weighted forward's rotation, by "LISTENER_ARN|PRIORITY": kept across rebuilds of the table
// (every health-check result rebuilds it), else each rebuild would restart the rotation and skew
// the weights towards the first group. Entries of deleted rules stay: a counter each.
std::shared_ptr<std::atomic<std::uint64_t>> TurnOf(const std::string& key) {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<std::atomic<std::uint64_t>>> turns;
  std::lock_guard lock(mutex);
  auto& slot = turns[key];
  if (!slot) slot = std::make_shared<std::atomic<std::uint64_t>>(0);
  return slot;
}

void ReplaceAll(std::string& text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

}  // namespace
}  // namespace routing_impl

using namespace routing_impl;

std::string TargetHost(const std::string& id) {
  in_addr v4{};
  return inet_pton(AF_INET, id.c_str(), &v4) == 1 ? id : "127.0.0.1";
}

bool WildcardMatch(std::string_view pattern, std::string_view text, bool ignore_case) {
  size_t p = 0, t = 0, star = std::string_view::npos, resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() &&
        (pattern[p] == '?' || Fold(pattern[p], ignore_case) == Fold(text[t], ignore_case))) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

Table ReadTable(const store::Tx& tx) {
  Table table;
  std::map<std::string, int> idle_timeouts;
  for (const json& lb : tx.List(store::kLoadBalancer)) {
    for (const json& attribute :
         lb.value("x-berth", json::object()).value("attributes", json::array())) {
      if (attribute.value("Key", "") == "idle_timeout.timeout_seconds")
        idle_timeouts[lb.value("LoadBalancerArn", "")] = Number(attribute["Value"], 60);
    }
  }
  for (const json& doc : tx.List(store::kListener)) {
    ListenerRoutes listener;
    listener.arn = doc.value("ListenerArn", "");
    listener.load_balancer_arn = doc.value("LoadBalancerArn", "");
    listener.protocol = doc.value("Protocol", "HTTP");
    listener.port = Number(doc.value("Port", json(80)), 80);
    auto idle = idle_timeouts.find(listener.load_balancer_arn);
    if (idle != idle_timeouts.end() && idle->second > 0) listener.idle_timeout = idle->second;
    for (const json& rule_doc : tx.List(store::kRule, &listener.arn)) {
      Rule rule;
      rule.priority = Number(rule_doc.value("Priority", json("0")), 0);
      for (const json& condition : rule_doc.value("Conditions", json::array()))
        rule.conditions.push_back(ReadCondition(condition));
      rule.action = ReadAction(rule_doc.value("Actions", json::array()));
      rule.action.turn = TurnOf(listener.arn + "|" + std::to_string(rule.priority));
      listener.rules.push_back(std::move(rule));
    }
    std::stable_sort(listener.rules.begin(), listener.rules.end(),
                     [](const Rule& a, const Rule& b) { return a.priority < b.priority; });
    Rule fallback;
    fallback.priority = INT_MAX;
    fallback.action = ReadAction(doc.value("DefaultActions", json::array()));
    fallback.action.turn = TurnOf(listener.arn + "|default");
    listener.rules.push_back(std::move(fallback));
    table.listeners.emplace(listener.arn, std::move(listener));
  }
  for (const json& group : tx.List(store::kTargetGroup)) {
    std::string arn = group.value("TargetGroupArn", "");
    table.groups[arn].counters = &CountersOf(arn);
  }
  for (const json& doc : ListTargets(tx)) {
    auto group = table.groups.find(doc.value("TargetGroupArn", ""));
    if (group == table.groups.end()) continue;
    std::string state = doc.value("State", "initial");
    if (state == "draining") continue;
    Target target{TargetHost(doc.value("Id", "")), Number(doc.value("Port", json(0)), 0)};
    target.in_flight = &InFlightTo(target.host, target.port);
    group->second.routable.push_back(target);
    if (state == "healthy") group->second.healthy.push_back(target);
  }
  return table;
}

const Action* Match(const ListenerRoutes& listener, const RequestView& request) {
  for (const Rule& rule : listener.rules) {
    bool all = true;
    for (const Condition& condition : rule.conditions) all = all && Matches(condition, request);
    if (all) return &rule.action;
  }
  return nullptr;
}

const std::string* PickGroup(const Action& forward, std::uint64_t n) {
  if (forward.total_weight <= 0) return nullptr;
  std::uint64_t slot = n % static_cast<std::uint64_t>(forward.total_weight);
  for (const WeightedGroup& group : forward.groups) {
    if (slot < static_cast<std::uint64_t>(group.weight)) return &group.arn;
    slot -= group.weight;
  }
  return nullptr;
}

std::string RedirectLocation(const Action& redirect, const RequestView& request,
                             const std::string& listener_protocol, int port) {
  std::string path =
      request.path.empty() || request.path[0] != '/' ? request.path : request.path.substr(1);
  auto fill = [&](std::string text) {
    ReplaceAll(text, "#{protocol}", Lower(listener_protocol));
    ReplaceAll(text, "#{host}", request.host);
    ReplaceAll(text, "#{port}", std::to_string(port));
    ReplaceAll(text, "#{path}", path);
    ReplaceAll(text, "#{query}", request.query);
    return text;
  };
  std::string protocol = Lower(fill(redirect.protocol));
  std::string to_port = fill(redirect.port);
  std::string location = protocol + "://" + fill(redirect.host);
  if (!((protocol == "http" && to_port == "80") || (protocol == "https" && to_port == "443")))
    location += ":" + to_port;
  std::string to_path = fill(redirect.path);
  location += to_path.empty() || to_path[0] != '/' ? "/" + to_path : to_path;
  std::string query = fill(redirect.query);
  if (!query.empty()) location += "?" + query;
  return location;
}

}  // namespace berth::controlplane::lb
