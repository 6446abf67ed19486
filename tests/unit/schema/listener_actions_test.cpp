// Listener and rule actions, and load balancer and target group names.
#include "tests/unit/schema/rules_fixture.h"

namespace berth::testing {
namespace {

class ListenerActionsTest : public RulesTest {
 protected:
  Value Forward() { return Block({{"target_group", Value::Ref("target_group.web")}}); }
  Value Rule(std::string name, double priority, ValueMap extra = {}) {
    ValueMap entries = {{"name", Value::String(name)},
                        {"priority", Value::Number(priority)},
                        {"path", Value::List({Value::String("/" + name + "/*")})}};
    for (auto& e : extra) entries.push_back(e);
    return Block(entries);
  }
  std::string CheckListener(ValueMap listener, std::string type = "application") {
    listener.push_back({"name", Value::String("web")});
    listener.push_back({"port", Value::Number(80)});
    listener.push_back({"protocol", Value::String(type == "application" ? "HTTP" : "TCP")});
    ir::Resource tg =
        Resource("target_group", "web",
                 {{"port", Value::Number(80)},
                  {"vpc", Value::String("vpc-1")},
                  {"protocol", Value::String(type == "application" ? "HTTP" : "TCP")}});
    return Headlines(Check(
        {tg,
         Resource("load_balancer", "public",
                  {{"type", Value::String(type)},
                   {"subnets", Value::List({Value::String("subnet-a"), Value::String("subnet-b")})},
                   {"listeners", Value::List({Block(listener)})}})}));
  }
};

TEST_F(ListenerActionsTest, ExactlyOneAction) {
  SetSource("load_balancer \"public\" {}\n");
  EXPECT_EQ(CheckListener({{"forward", Forward()}}), "");
  EXPECT_EQ(CheckListener({}),
            "main.berth:1:1: error: listener \"web\" of load_balancer.public needs an action: a "
            "forward, redirect or fixed_response block\n");
  EXPECT_EQ(CheckListener({{"forward", Forward()},
                           {"redirect", Block({{"protocol", Value::String("HTTPS")}})}}),
            "main.berth:1:1: error: listener \"web\" of load_balancer.public has both forward and "
            "redirect; it takes one action\n"
            "main.berth:1:1: note: forward is here\n");
}

TEST_F(ListenerActionsTest, Rules) {
  SetSource("load_balancer \"public\" {}\n");
  Value no_condition = Block(
      {{"name", Value::String("any")}, {"priority", Value::Number(3)}, {"forward", Forward()}});
  EXPECT_EQ(
      CheckListener({{"forward", Forward()},
                     {"rules", Value::List({Rule("api", 10, {{"forward", Forward()}}),
                                            Rule("admin", 10, {{"forward", Forward()}}),
                                            Rule("big", 50001, {{"forward", Forward()}}),
                                            Rule("none", 20), no_condition})}}),
      "main.berth:1:1: error: rule \"admin\" of listener \"web\" has priority 10, already "
      "taken by rule \"api\"\n"
      "main.berth:1:1: note: rule \"api\" is declared here\n"
      "main.berth:1:1: error: rule \"big\" of listener \"web\" has priority 50001; priorities "
      "are whole numbers from 1 to 50000\n"
      "main.berth:1:1: error: rule \"none\" of listener \"web\" needs an action: a forward, "
      "redirect or fixed_response block\n"
      "main.berth:1:1: error: rule \"any\" of listener \"web\" matches nothing: give it path "
      "or host patterns\n");
}

TEST_F(ListenerActionsTest, NetworkLoadBalancersOnlyForward) {
  SetSource("load_balancer \"public\" {}\n");
  EXPECT_EQ(CheckListener({{"forward", Forward()}}, "network"), "");
  EXPECT_EQ(CheckListener({{"fixed_response", Block({{"status_code", Value::Number(404)}})},
                           {"rules", Value::List({Rule("api", 1, {{"forward", Forward()}})})}},
                          "network"),
            "main.berth:1:1: error: listener \"web\" of load_balancer.public uses fixed_response, "
            "which network load balancers do not support; they only forward\n"
            "main.berth:1:1: error: rule \"api\" of listener \"web\": network load balancers have "
            "no listener rules\n");
}

TEST_F(ListenerActionsTest, ElbNames) {
  SetSource("target_group \"sample_api\" {}\nload_balancer \"public\" {\n  name = \"-x\"\n}\n");
  EXPECT_EQ(Check({Resource("target_group", "sample_api",
                            {{"port", Value::Number(80)}, {"vpc", Value::String("vpc-1")}}),
                   Resource("load_balancer", "public",
                            {{"name", Value::String("-x", Span("\"-x\""))},
                             {"subnets", Value::List({Value::String("subnet-a"),
                                                      Value::String("subnet-b")})}})}),
            "main.berth:1:1: error: the name \"sample_api\" of target_group.sample_api may hold "
            "only letters, digits and hyphens; set name = \"sample-api\"\n"
            "    1 | target_group \"sample_api\" {}\n"
            "      | ^~~~~~~~~~~~~~~~~~~~~~~~~\n"
            "main.berth:3:10: error: the name \"-x\" of load_balancer.public may not start or end "
            "with a hyphen\n"
            "    3 |   name = \"-x\"\n"
            "      |          ^~~~\n"
            "2 errors\n");
  EXPECT_EQ(Check({Resource("target_group", "a",
                            {{"name", Value::String(std::string(33, 'a'))},
                             {"port", Value::Number(80)},
                             {"vpc", Value::String("vpc-1")}})}),
            "error: the name \"" + std::string(33, 'a') +
                "\" of target_group.a is longer than 32 characters\n");
}

}  // namespace
}  // namespace berth::testing
