#include "controlplane/lb/routing.h"

#include <gtest/gtest.h>

#include "controlplane/lb/proxies.h"
#include "controlplane/lb/request_counts.h"
#include "controlplane/lb/targets_store.h"
#include "tests/unit/controlplane/temp_store.h"

namespace berth::controlplane::lb {
namespace {

using store::json;

TEST(LbWildcard, StarAndQuestionMarkAsAlbMatchesThem) {
  EXPECT_TRUE(WildcardMatch("/api/*", "/api/users/1", false));
  EXPECT_TRUE(WildcardMatch("/api/*", "/api/", false));
  EXPECT_FALSE(WildcardMatch("/api/*", "/api", false));
  EXPECT_TRUE(WildcardMatch("*.png", "/a/b.png", false));
  EXPECT_TRUE(WildcardMatch("/img/?.png", "/img/1.png", false));
  EXPECT_FALSE(WildcardMatch("/img/?.png", "/img/12.png", false));
  EXPECT_TRUE(WildcardMatch("/a*b*c", "/aXXbYYc", false));
  EXPECT_FALSE(WildcardMatch("/a*b*c", "/aXXbYY", false));
  EXPECT_FALSE(WildcardMatch("/API/*", "/api/x", false));
  EXPECT_TRUE(WildcardMatch("*.Example.COM", "www.example.com", true));
  EXPECT_TRUE(WildcardMatch("*", "", false));
  EXPECT_FALSE(WildcardMatch("?", "", false));
}

Rule PathRule(int priority, std::vector<std::string> patterns, std::string body) {
  Rule rule;
  rule.priority = priority;
  Condition condition;
  condition.field = Condition::Field::kPath;
  condition.values = std::move(patterns);
  rule.conditions.push_back(condition);
  rule.action.type = Action::Type::kFixedResponse;
  rule.action.body = std::move(body);
  return rule;
}

RequestView Request(std::string path, std::string host = "example.com") {
  RequestView view;
  view.method = "GET";
  view.path = std::move(path);
  view.host = std::move(host);
  view.header = [](const std::string& name) {
    return name == "X-Canary" ? std::string("yes") : std::string();
  };
  return view;
}

std::string Body(const Action* action) { return action ? action->body : "(no rule)"; }

TEST(LbMatch, FirstRuleWhoseConditionsAllMatchThenTheDefault) {
  ListenerRoutes listener;
  listener.rules.push_back(PathRule(1, {"/api/*", "/v1/*"}, "api"));
  Rule both = PathRule(2, {"/admin/*"}, "admin");
  Condition host;
  host.field = Condition::Field::kHost;
  host.values = {"admin.*"};
  both.conditions.push_back(host);
  listener.rules.push_back(both);
  Rule canary = PathRule(3, {"*"}, "canary");
  canary.conditions[0].field = Condition::Field::kHeader;
  canary.conditions[0].header = "X-Canary";
  canary.conditions[0].values = {"YES"};
  listener.rules.push_back(canary);
  Rule fallback;
  fallback.action.type = Action::Type::kFixedResponse;
  fallback.action.body = "default";
  listener.rules.push_back(fallback);

  EXPECT_EQ(Body(Match(listener, Request("/v1/x"))), "api");
  EXPECT_EQ(Body(Match(listener, Request("/admin/x", "admin.example.com"))), "admin");
  // The path matches but not the host: every condition of a rule must.
  RequestView other = Request("/admin/x");
  other.header = nullptr;
  EXPECT_EQ(Body(Match(listener, other)), "default");
  // Header values compare without case.
  EXPECT_EQ(Body(Match(listener, Request("/admin/x"))), "canary");
}

TEST(LbMatch, QueryStringAndMethodConditions) {
  ListenerRoutes listener;
  Rule rule = PathRule(1, {}, "beta");
  rule.conditions[0].field = Condition::Field::kQuery;
  rule.conditions[0].query = {{"version", "b*"}, {"", "preview"}};
  listener.rules.push_back(rule);
  Rule post = PathRule(2, {"POST", "PUT"}, "write");
  post.conditions[0].field = Condition::Field::kMethod;
  listener.rules.push_back(post);
  RequestView view = Request("/");
  view.query = "a=1&version=beta";
  EXPECT_EQ(Body(Match(listener, view)), "beta");
  view.query = "mode=preview";
  EXPECT_EQ(Body(Match(listener, view)), "beta");  // a value under any key
  view.query = "version=alpha";
  view.method = "PUT";
  EXPECT_EQ(Body(Match(listener, view)), "write");
  view.method = "GET";
  EXPECT_EQ(Match(listener, view), nullptr);
}

TEST(LbForward, GroupsTakeTurnsByWeight) {
  Action forward;
  forward.type = Action::Type::kForward;
  forward.groups = {{"a", 3}, {"b", 1}};
  forward.total_weight = 4;
  std::map<std::string, int> seen;
  for (std::uint64_t n = 0; n < 400; ++n) ++seen[*PickGroup(forward, n)];
  EXPECT_EQ(seen["a"], 300);
  EXPECT_EQ(seen["b"], 100);
  forward.groups.clear();
  forward.total_weight = 0;
  EXPECT_EQ(PickGroup(forward, 0), nullptr);
}

TEST(LbRedirect, PlaceholdersAsAlbFillsThem) {
  Action redirect;
  redirect.type = Action::Type::kRedirect;
  redirect.protocol = "HTTPS";
  redirect.host = "#{host}";
  redirect.port = "443";
  redirect.path = "/#{path}";
  redirect.query = "#{query}";
  RequestView view = Request("/a/b", "shop.test");
  view.query = "x=1";
  EXPECT_EQ(RedirectLocation(redirect, view, "HTTP", 80), "https://shop.test/a/b?x=1");
  redirect.protocol = "#{protocol}";
  redirect.port = "#{port}";
  redirect.path = "/new/#{path}/#{host}";
  redirect.query = "";
  EXPECT_EQ(RedirectLocation(redirect, view, "HTTP", 41234),
            "http://shop.test:41234/new/a/b/shop.test");
}

TEST(LbPorts, PolicyParses) {
  PortPolicy policy;
  EXPECT_TRUE(ParsePortPolicy("auto", policy));
  EXPECT_EQ(policy.mode, PortPolicy::Mode::kAuto);
  EXPECT_TRUE(ParsePortPolicy("base:10000", policy));
  EXPECT_EQ(policy.mode, PortPolicy::Mode::kBase);
  EXPECT_EQ(policy.base, 10000);
  EXPECT_TRUE(ParsePortPolicy("listener", policy));
  EXPECT_EQ(policy.mode, PortPolicy::Mode::kListener);
  for (const char* bad : {"", "base:", "base:0", "base:70000", "base:-1", "base:1x", "80"})
    EXPECT_FALSE(ParsePortPolicy(bad, policy)) << bad;
}

class LbTableTest : public test_support::TempStoreTest {
 protected:
};

TEST_F(LbTableTest, ReadsListenersRulesAndTargetsAsTheApiStoresThem) {
  const std::string lb = "arn:lb", listener = "arn:listener/1", tg = "arn:tg/web";
  store_->Transaction([&](store::Tx& tx) {
    tx.Put(store::kLoadBalancer, lb, "",
           {{"LoadBalancerArn", lb},
            {"x-berth",
             {{"attributes",
               json::array({{{"Key", "idle_timeout.timeout_seconds"}, {"Value", "7"}}})}}}});
    tx.Put(store::kTargetGroup, tg, "", {{"TargetGroupArn", tg}});
    tx.Put(
        store::kListener, listener, lb,
        {{"ListenerArn", listener},
         {"LoadBalancerArn", lb},
         {"Port", 80},
         {"Protocol", "HTTP"},
         {"DefaultActions",
          json::array(
              {{{"Type", "forward"},
                {"TargetGroupArn", tg},
                {"ForwardConfig",
                 {{"TargetGroups", json::array({{{"TargetGroupArn", tg}, {"Weight", 1}}})}}}}})}});
    // Priorities are strings in ELBv2's documents: 10 sorts after 9.
    for (auto [priority, body] : {std::pair{"10", "ten"}, {"9", "nine"}}) {
      tx.Put(store::kRule, std::string("arn:rule/") + priority, listener,
             {{"Priority", priority},
              {"Conditions",
               json::array({{{"Field", "path-pattern"},
                             {"PathPatternConfig", {{"Values", json::array({"/*"})}}}}})},
              {"Actions", json::array({{{"Type", "authenticate-oidc"}, {"Order", 1}},
                                       {{"Type", "fixed-response"},
                                        {"Order", 2},
                                        {"FixedResponseConfig",
                                         {{"StatusCode", "202"}, {"MessageBody", body}}}}})}});
    }
    int port = 9000;
    for (const char* state : {"healthy", "unhealthy", "draining", "initial"}) {
      PutTarget(tx,
                {{"TargetGroupArn", tg}, {"Id", "127.0.0.1"}, {"Port", port++}, {"State", state}});
    }
    PutTarget(tx, {{"TargetGroupArn", "arn:tg/gone"},
                   {"Id", "127.0.0.1"},
                   {"Port", 1},
                   {"State", "healthy"}});
  });
  Table table;
  store_->Transaction([&](store::Tx& tx) { table = ReadTable(tx); });
  ASSERT_EQ(table.listeners.size(), 1u);
  const ListenerRoutes& routes = table.listeners.at(listener);
  EXPECT_EQ(routes.idle_timeout, 7);
  ASSERT_EQ(routes.rules.size(), 3u);
  EXPECT_EQ(routes.rules[0].action.body, "nine");
  EXPECT_EQ(routes.rules[0].action.status, 202);  // after the authenticate action
  EXPECT_EQ(routes.rules[1].action.body, "ten");
  EXPECT_EQ(routes.rules[2].action.type, Action::Type::kForward);
  EXPECT_EQ(routes.rules[2].action.groups.at(0).arn, tg);
  ASSERT_EQ(table.groups.size(), 1u);  // the target of a deleted group is ignored
  const GroupTargets& targets = table.groups.at(tg);
  ASSERT_EQ(targets.healthy.size(), 1u);
  EXPECT_EQ(targets.healthy[0].port, 9000);
  EXPECT_EQ(targets.routable.size(), 3u);  // all but the draining one
  EXPECT_EQ(targets.counters, &CountersOf(tg));
}

// The proxies read the store again only when these moved (proxies.cpp).
TEST_F(LbTableTest, WriteMarkAndDigestMoveOnlyWithWrites) {
  std::pair<std::int64_t, std::int64_t> mark;
  std::uint64_t digest = 0;
  store_->Transaction([&](store::Tx& tx) {
    tx.Put(store::kRule, "r1", "l", {{"Priority", "1"}});
    mark = tx.WriteMark();
    digest = tx.Digest(store::kRule);
  });
  store_->Transaction([&](store::Tx& tx) {
    tx.List(store::kRule);
    EXPECT_EQ(tx.WriteMark(), mark);
    EXPECT_EQ(tx.Digest(store::kRule), digest);
    tx.Put(store::kRule, "r1", "l", {{"Priority", "2"}});
    EXPECT_NE(tx.WriteMark(), mark);
    EXPECT_NE(tx.Digest(store::kRule), digest);
    EXPECT_EQ(tx.Digest(store::kListener), tx.Digest("nothing"));
  });
}

TEST(LbRequestCounts, CountsPerTargetGroup) {
  CountersOf("arn:tg/counted").requests += 3;
  EXPECT_EQ(RequestCounts().at("arn:tg/counted"), 3u);
}

}  // namespace
}  // namespace berth::controlplane::lb
