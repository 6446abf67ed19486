// Stand-alone listener rules: the listener they name, priorities shared with nested rules, the
// protocol they forward under, their conditions and actions.
#include "tests/unit/schema/rules_fixture.h"

namespace berth::testing {
namespace {

class ListenerRuleTest : public RulesTest {
 protected:
  void SetUp() override {
    SetSource(
        "target_group \"web\" {}\n"
        "target_group \"tcp\" {\n"
        "  protocol = TCP\n"
        "}\n"
        "load_balancer \"public\" {\n"
        "  listener \"http\" {\n"
        "    rule \"legacy\" {\n"
        "      priority = 10\n"
        "    }\n"
        "  }\n"
        "}\n"
        "listener_rule \"api\" {\n"
        "  listener = \"htp\"\n"
        "  priority = 10\n"
        "  forward { target_group = target_group.tcp }\n"
        "}\n"
        "listener_rule \"admin\" {\n"
        "  priority = 10\n"
        "}\n"
        "listener_rule \"zeta\" {\n"
        "  priority = 20\n"
        "}\n");
  }

  // listener "http" (HTTP, default fixed_response) with rule "legacy" at priority 10.
  ir::Resource LoadBalancer(std::string type = "application", ValueMap listener_extra = {}) {
    ValueMap listener = {
        {"name", Value::String("http")},
        {"port", Value::Number(80)},
        {"protocol", Value::String(type == "application" ? "HTTP" : "TCP")},
        {"fixed_response", Block({{"status_code", Value::Number(404)}})},
        {"rules",
         Value::List({Block({{"name", Value::String("legacy")},
                             {"priority", Value::Number(10, Span("10"))},
                             {"path", Value::List({Value::String("/old/*")})},
                             {"fixed_response", Block({{"status_code", Value::Number(410)}})}},
                            Span("rule \"legacy\""))})},
    };
    for (auto& e : listener_extra) listener.push_back(e);
    return Resource(
        "load_balancer", "public",
        {{"type", Value::String(type)},
         {"subnets", Value::List({Value::String("subnet-a"), Value::String("subnet-b")})},
         {"listeners", Value::List({Block(listener, Span("listener \"http\""))})}});
  }
  ir::Resource TargetGroup(std::string label, std::string protocol) {
    return Resource(
        "target_group", label,
        {{"port", Value::Number(80)},
         {"vpc", Value::String("vpc-1")},
         {"protocol", Value::String(protocol, protocol == "TCP" ? Span("TCP") : SourceRange{})}});
  }
  // A listener_rule on load_balancer.public forwarding to target_group.web.
  ir::Resource Rule(std::string label, ValueMap attributes) {
    ValueMap base = {
        {"load_balancer", Value::Ref("load_balancer.public")},
        {"listener", Value::String("http")},
        {"priority", Value::Number(20)},
        {"path", Value::List({Value::String("/" + label + "/*")})},
        {"forward", Block({{"target_group", Value::Ref("target_group.web")}})},
    };
    for (auto& [k, v] : attributes) {
      auto it = std::find_if(base.begin(), base.end(), [&](const auto& e) { return e.first == k; });
      if (it != base.end()) {
        it->second = v;
      } else {
        base.emplace_back(k, v);
      }
    }
    ValueMap kept;
    for (auto& e : base) {
      if (!e.second.is_null()) kept.push_back(e);
    }
    return Resource("listener_rule", label, kept);
  }
};

TEST_F(ListenerRuleTest, Valid) {
  EXPECT_EQ(Check({TargetGroup("web", "HTTP"), LoadBalancer(), Rule("api", {})}), "");
}

TEST_F(ListenerRuleTest, TheListenerMustExist) {
  EXPECT_EQ(Check({TargetGroup("web", "HTTP"), LoadBalancer(),
                   Rule("api", {{"listener", Value::String("htp", Span("\"htp\""))}})}),
            "main.berth:13:14: error: listener_rule.api attaches to listener \"htp\", which "
            "load_balancer.public does not have; did you mean \"http\"?\n"
            "   13 |   listener = \"htp\"\n"
            "      |              ^~~~~\n"
            "main.berth:5:1: note: load_balancer.public is declared here\n"
            "    5 | load_balancer \"public\" {\n"
            "      | ^~~~~~~~~~~~~~~~~~~~~~\n");
  EXPECT_EQ(
      Headlines(Check({TargetGroup("web", "HTTP"), LoadBalancer(),
                       Rule("api", {{"listener", Value::String("admin", Span("\"htp\""))}})})),
      "main.berth:13:14: error: listener_rule.api attaches to listener \"admin\", which "
      "load_balancer.public does not have; its listeners are \"http\"\n"
      "main.berth:5:1: note: load_balancer.public is declared here\n");
}

TEST_F(ListenerRuleTest, PrioritiesAreUniqueAcrossNestedAndStandAloneRules) {
  EXPECT_EQ(Headlines(Check({TargetGroup("web", "HTTP"), LoadBalancer(),
                             Rule("api", {{"priority", Value::Number(10, Span("10", 1))}}),
                             Rule("admin", {{"priority", Value::Number(20, Span("10", 2))}}),
                             Rule("zeta", {{"priority", Value::Number(20, Span("20"))}})})),
            "main.berth:14:14: error: listener_rule.api has priority 10 on listener \"http\" of "
            "load_balancer.public, already taken by rule \"legacy\"\n"
            "main.berth:7:5: note: rule \"legacy\" is declared here\n"
            "main.berth:21:14: error: listener_rule.zeta has priority 20 on listener \"http\" of "
            "load_balancer.public, already taken by listener_rule.admin\n"
            "main.berth:17:1: note: listener_rule.admin is declared here\n");
}

TEST_F(ListenerRuleTest, ForwardsUnderTheListenersProtocol) {
  EXPECT_EQ(
      Check({TargetGroup("tcp", "TCP"), TargetGroup("web", "HTTP"), LoadBalancer(),
             Rule("api",
                  {{"forward", Block({{"target_group", Value::Ref("target_group.tcp", "",
                                                                  Span("target_group.tcp"))}})}})}),
      "main.berth:15:28: error: listener_rule.api on listener \"http\" of "
      "load_balancer.public (HTTP) forwards to target_group.tcp, whose protocol is TCP; "
      "HTTP listeners forward to HTTP or HTTPS target groups\n"
      "   15 |   forward { target_group = target_group.tcp }\n"
      "      |                            ^~~~~~~~~~~~~~~~\n"
      "main.berth:3:14: note: protocol is set here\n"
      "    3 |   protocol = TCP\n"
      "      |              ^~~\n");
}

TEST_F(ListenerRuleTest, ConditionsActionsAndPriorityRange) {
  EXPECT_EQ(Headlines(Check({TargetGroup("web", "HTTP"), LoadBalancer(),
                             Rule("admin", {{"path", Value::Null()},
                                            {"forward", Value::Null()},
                                            {"priority", Value::Number(0, Span("10", 2))}})})),
            "main.berth:17:1: error: listener_rule.admin needs an action: a forward, redirect or "
            "fixed_response block\n"
            "main.berth:17:1: error: listener_rule.admin matches nothing: give it path or host "
            "patterns\n"
            "main.berth:18:14: error: listener_rule.admin has priority 0; priorities are whole "
            "numbers from 1 to 50000\n");
  EXPECT_EQ(Check({TargetGroup("web", "HTTP"), LoadBalancer(),
                   Rule("admin", {{"path", Value::Null()},
                                  {"host", Value::List({Value::String("example.com")})}})}),
            "");
}

TEST_F(ListenerRuleTest, NetworkLoadBalancersHaveNoRules) {
  EXPECT_EQ(
      Headlines(Check({TargetGroup("web", "TCP"), LoadBalancer("network"), Rule("admin", {})})),
      "main.berth:6:3: error: listener \"http\" of load_balancer.public uses "
      "fixed_response, which network load balancers do not support; they only forward\n"
      "main.berth:7:5: error: rule \"legacy\" of listener \"http\": network load balancers "
      "have no listener rules\n"
      "main.berth:17:1: error: listener_rule.admin: network load balancers have no "
      "listener rules\n");
}

}  // namespace
}  // namespace berth::testing
