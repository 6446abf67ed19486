#include "tests/unit/schema/rules_fixture.h"

namespace berth::testing {
namespace {

class ListenerProtocolsTest : public RulesTest {
 protected:
  ir::Resource TargetGroup(std::string_view label, std::string_view protocol) {
    std::string text = "protocol = " + std::string(protocol);
    SourceRange at = text_.find(text) != std::string::npos ? Span(text) : SourceRange{};
    return Resource("target_group", label,
                    {{"port", Value::Number(8080)},
                     {"vpc", Value::String("vpc-1")},
                     {"protocol", Value::String(std::string(protocol), at)}});
  }

  // `nth`: which occurrence of the target's address in the source this listener's forward is.
  Value Listener(std::string_view label, std::string_view protocol, std::string_view target,
                 ValueMap extra = {}, int nth = 0) {
    ValueMap entries = {
        {"name", Value::String(std::string(label))},
        {"port", Value::Number(80)},
        {"protocol", Value::String(std::string(protocol), Span(std::string(protocol) + " "))},
        {"forward", Block({{"target_group", Value::Ref(std::string(target), "",
                                                       Span(std::string(target), nth))}})}};
    for (auto& e : extra) entries.push_back(e);
    return Block(entries, Span("listener \"" + std::string(label) + "\""));
  }

  ir::Resource LoadBalancer(std::string_view type, std::vector<Value> listeners) {
    std::string text = "type = " + std::string(type);
    SourceRange at = text_.find(text) != std::string::npos ? Span(text) : SourceRange{};
    return Resource(
        "load_balancer", "public",
        {{"subnets", Value::List({Value::String("subnet-a"), Value::String("subnet-b")})},
         {"type", Value::String(std::string(type), at)},
         {"listeners", Value::List(std::move(listeners))}});
  }
};

TEST_F(ListenerProtocolsTest, HttpListenerToTcpTargetGroup) {
  SetSource(
      "target_group \"api\" { protocol = TCP }\n"
      "load_balancer \"public\" {\n"
      "  listener \"web\" { protocol = HTTP  forward { target_group = target_group.api } }\n"
      "}\n");
  EXPECT_EQ(
      Check({TargetGroup("api", "TCP"),
             LoadBalancer("application", {Listener("web", "HTTP", "target_group.api")})}),
      "main.berth:3:62: error: listener \"web\" of load_balancer.public (HTTP) forwards to "
      "target_group.api, whose protocol is TCP; HTTP listeners forward to HTTP or HTTPS "
      "target groups\n"
      "    3 |   listener \"web\" { protocol = HTTP  forward { target_group = "
      "target_group.api } }\n"
      "      |                                                              ^~~~~~~~~~~~~~~~\n"
      "main.berth:1:22: note: protocol is set here\n"
      "    1 | target_group \"api\" { protocol = TCP }\n"
      "      |                      ^~~~~~~~~~~~~~\n");
}

TEST_F(ListenerProtocolsTest, TcpListenerOnAnApplicationLoadBalancer) {
  SetSource(
      "target_group \"api\" {}\n"
      "load_balancer \"public\" {\n"
      "  type = application\n"
      "  listener \"raw\" { protocol = TCP  forward { target_group = target_group.api } }\n"
      "}\n");
  EXPECT_EQ(
      Check({TargetGroup("api", "TCP"),
             LoadBalancer("application", {Listener("raw", "TCP", "target_group.api")})}),
      "main.berth:4:31: error: listener \"raw\" of load_balancer.public uses TCP, but "
      "application load balancers listen on HTTP or HTTPS\n"
      "    4 |   listener \"raw\" { protocol = TCP  forward { target_group = target_group.api } }\n"
      "      |                               ^~~~\n"
      "main.berth:3:3: note: load_balancer.public is an application load balancer\n"
      "    3 |   type = application\n"
      "      |   ^~~~~~~~~~~~~~~~~~\n");
}

TEST_F(ListenerProtocolsTest, HttpsNeedsACertificate) {
  SetSource(
      "target_group \"api\" {}\n"
      "load_balancer \"public\" {\n"
      "  listener \"https\" { protocol = HTTPS  forward { target_group = target_group.api } }\n"
      "}\n");
  EXPECT_EQ(Check({TargetGroup("api", "HTTP"),
                   LoadBalancer("application", {Listener("https", "HTTPS", "target_group.api")})}),
            "main.berth:3:33: error: listener \"https\" of load_balancer.public uses HTTPS and "
            "needs certificate_arn\n"
            "    3 |   listener \"https\" { protocol = HTTPS  forward { target_group = "
            "target_group.api } }\n"
            "      |                                 ^~~~~~\n");
  EXPECT_EQ(
      Check({TargetGroup("api", "HTTP"),
             LoadBalancer("application",
                          {Listener("https", "HTTPS", "target_group.api",
                                    {{"certificate_arn", Value::String("arn:aws:acm:x")}})})}),
      "");
}

TEST_F(ListenerProtocolsTest, NetworkFamilies) {
  SetSource(
      "target_group \"tcp\" {}\n"
      "target_group \"udp\" { protocol = UDP }\n"
      "load_balancer \"public\" {\n"
      "  type = network\n"
      "  listener \"a\" { protocol = TLS  forward { target_group = target_group.tcp } }\n"
      "  listener \"b\" { protocol = UDP  forward { target_group = target_group.udp } }\n"
      "  listener \"c\" { protocol = TCP  forward { target_group = target_group.udp } }\n"
      "}\n");
  std::string out = Check(
      {TargetGroup("tcp", "TCP"), TargetGroup("udp", "UDP"),
       LoadBalancer("network", {Listener("a", "TLS", "target_group.tcp",
                                         {{"certificate_arn", Value::String("arn:aws:acm:x")}}),
                                Listener("b", "UDP", "target_group.udp"),
                                Listener("c", "TCP", "target_group.udp", {}, 1)})});
  EXPECT_EQ(out.substr(0, out.find('\n')),
            "main.berth:7:59: error: listener \"c\" of load_balancer.public (TCP) forwards to "
            "target_group.udp, whose protocol is UDP; TCP listeners forward to TCP or TCP_UDP "
            "target groups");
  EXPECT_EQ(out.find("error:", out.find("error:") + 1), std::string::npos) << out;
}

TEST_F(ListenerProtocolsTest, HttpOnANetworkLoadBalancer) {
  SetSource(
      "target_group \"api\" {}\n"
      "load_balancer \"public\" {\n"
      "  listener \"web\" { protocol = HTTP  forward { target_group = target_group.api } }\n"
      "}\n");
  std::string out = Check({TargetGroup("api", "HTTP"),
                           LoadBalancer("network", {Listener("web", "HTTP", "target_group.api")})});
  EXPECT_EQ(
      out.substr(0, out.find('\n')),
      "main.berth:3:31: error: listener \"web\" of load_balancer.public uses HTTP, but network "
      "load balancers listen on TCP, TLS, UDP or TCP_UDP");
}

TEST_F(ListenerProtocolsTest, RulesForwardToo) {
  SetSource(
      "target_group \"web\" {}\n"
      "target_group \"grpc\" { protocol = TCP }\n"
      "load_balancer \"public\" {\n"
      "  listener \"web\" {\n"
      "    protocol = HTTP  forward { target_group = target_group.web }\n"
      "    rule \"api\" { priority = 10  forward { target_group = target_group.grpc } }\n"
      "  }\n"
      "}\n");
  Value rule =
      Block({{"name", Value::String("api")},
             {"priority", Value::Number(10)},
             {"path", Value::List({Value::String("/grpc/*")})},
             {"forward", Block({{"target_group", Value::Ref("target_group.grpc", "",
                                                            Span("target_group.grpc"))}})}});
  std::string out =
      Check({TargetGroup("web", "HTTP"), TargetGroup("grpc", "TCP"),
             LoadBalancer("application", {Listener("web", "HTTP", "target_group.web",
                                                   {{"rules", Value::List({rule})}})})});
  EXPECT_EQ(out.substr(0, out.find('\n')),
            "main.berth:6:58: error: listener \"web\" of load_balancer.public (HTTP) forwards to "
            "target_group.grpc, whose protocol is TCP; HTTP listeners forward to HTTP or HTTPS "
            "target groups");
}

}  // namespace
}  // namespace berth::testing
