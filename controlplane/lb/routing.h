// The listeners' routing table: what every listener's proxy needs to answer a request, read
// from the store in one transaction whenever something changed (never per request), and the
// pure decisions over it: which rule a request matches, which target group a weighted forward
// picks, where a redirect points. ALB's rules as its user guide states them
// (docs.aws.amazon.com/elasticloadbalancing/latest/application/rule-condition-types.html,
// listener-update-rules.html): rules in priority order, the default rule last; a rule matches
// when all its conditions do, a condition when any of its values does.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "controlplane/store/store.h"

namespace berth::controlplane::lb {

struct GroupCounters;  // request_counts.h

struct Condition {
  enum class Field { kPath, kHost, kMethod, kHeader, kQuery, kUnsupported };
  Field field = Field::kUnsupported;
  std::string header;                                      // kHeader: its name
  std::vector<std::string> values;                         // any of them matches
  std::vector<std::pair<std::string, std::string>> query;  // kQuery: key (may be empty), value
};

struct WeightedGroup {
  std::string arn;
  int weight = 1;
};

struct Action {
  enum class Type { kForward, kRedirect, kFixedResponse, kUnsupported };
  Type type = Type::kUnsupported;
  std::string unsupported;  // the type name, for the 503 that answers it
  // kForward
  std::vector<WeightedGroup> groups;
  int total_weight = 0;
  // Shared by the proxy threads to spread requests over the groups by weight; the same counter
  // across table rebuilds (routing.cpp TurnOf).
  std::shared_ptr<std::atomic<std::uint64_t>> turn = std::make_shared<std::atomic<std::uint64_t>>();
  // kRedirect (the #{} placeholders already filled in by CreateRule's defaults)
  std::string protocol, host, port, path, query;
  int status = 301;
  // kFixedResponse
  std::string content_type, body;
};

struct Rule {
  int priority = 0;  // the default rule: after every other
  std::vector<Condition> conditions;
  Action action;
};

struct ListenerRoutes {
  std::string arn;
  std::string load_balancer_arn;
  std::string protocol = "HTTP";
  int port = 80;            // as the listener was created (ELBv2's)
  int idle_timeout = 60;    // seconds: the load balancer's idle_timeout.timeout_seconds
  std::vector<Rule> rules;  // by priority, the default rule last
};

struct Target {
  std::string host;  // 127.0.0.1 for berth's tasks
  int port = 0;
  std::atomic<int>* in_flight = nullptr;  // request_counts.h's InFlightTo(host, port)
};

// The address the proxies reach a registered target's Id at: an IP as it is, else 127.0.0.1
// (instance targets name an EC2 instance: berth's tasks all live on this machine).
std::string TargetHost(const std::string& id);

struct GroupTargets {
  std::vector<Target> healthy;
  std::vector<Target> routable;  // every registered target not draining: ALB's fail-open set
  GroupCounters* counters = nullptr;
};

struct Table {
  std::map<std::string, ListenerRoutes> listeners;  // by ARN
  std::map<std::string, GroupTargets> groups;       // by target group ARN
};

// Everything the proxies route by, as the store holds it now.
Table ReadTable(const store::Tx& tx);

// The parts of a request the rules look at.
struct RequestView {
  std::string method;
  std::string path;                                       // without the query
  std::string query;                                      // without the '?'
  std::string host;                                       // the Host header without its port
  std::function<std::string(const std::string&)> header;  // a header's value, "" when absent
};

// ALB's wildcards: '*' any run of characters, '?' exactly one.
bool WildcardMatch(std::string_view pattern, std::string_view text, bool ignore_case);
// The action of the first rule `request` matches; nullptr when none does (a listener always
// has its default rule, so only for a listener without actions).
const Action* Match(const ListenerRoutes& listener, const RequestView& request);
// The target group a forward sends its `n`th request to: groups in turn by weight.
const std::string* PickGroup(const Action& forward, std::uint64_t n);
// A redirect's Location: the config with #{protocol}, #{host}, #{port}, #{path} (without its
// leading '/') and #{query} of the request. `port` is where the client reached the proxy.
std::string RedirectLocation(const Action& redirect, const RequestView& request,
                             const std::string& listener_protocol, int port);

}  // namespace berth::controlplane::lb
