// Listener protocols: what each load balancer type listens on, which target group protocols a
// listener (its rules, nested or stand-alone, included) can forward to, and the certificate that
// HTTPS and TLS need.
#include <algorithm>
#include <map>

#include "compiler/rules/families.h"
#include "compiler/rules/ir_view.h"

namespace berth::rules {

namespace {

// Target group protocols each listener protocol can forward to (elbv2 CreateListener).
const std::map<std::string, std::vector<std::string>, std::less<>>& Compatible() {
  static const std::map<std::string, std::vector<std::string>, std::less<>> table = {
      {"HTTP", {"HTTP", "HTTPS"}}, {"HTTPS", {"HTTP", "HTTPS"}}, {"TCP", {"TCP", "TCP_UDP"}},
      {"TLS", {"TCP", "TLS"}},     {"UDP", {"UDP", "TCP_UDP"}},  {"TCP_UDP", {"TCP_UDP"}},
  };
  return table;
}

bool IsHttp(std::string_view protocol) { return protocol == "HTTP" || protocol == "HTTPS"; }

struct ListenerContext {
  std::string label;     // listener "web" of load_balancer.public
  std::string protocol;  // HTTP, TCP...
  SourceRange fallback;  // where to point when the forward block has no range
};

void CheckForward(const ir::Program& program, const ListenerContext& ctx, const Value& action_owner,
                  Diagnostics& diags) {
  const Value* forward = Block(action_owner, "forward");
  if (!forward) return;
  const ir::Resource* tg = Deref(program, *forward, "target_group", "target_group");
  if (!tg) return;
  std::string_view tg_protocol = StrAttr(tg->attributes, "protocol");
  auto it = Compatible().find(ctx.protocol);
  if (tg_protocol.empty() || it == Compatible().end()) return;
  const std::vector<std::string>& allowed = it->second;
  if (std::find(allowed.begin(), allowed.end(), tg_protocol) != allowed.end()) return;
  const Value* ref = Attr(*forward, "target_group");
  Diagnostic& d =
      diags.Error(RangeOf(ref, RangeOf(forward, ctx.fallback)),
                  ctx.label + " (" + ctx.protocol + ") forwards to " + tg->address +
                      ", whose protocol is " + std::string(tg_protocol) + "; " + ctx.protocol +
                      " listeners forward to " + JoinWords(allowed) + " target groups");
  d.notes.push_back({"protocol is set here", RangeOf(Attr(tg->attributes, "protocol"), tg->range)});
}

void CheckListener(const ir::Program& program, const ir::Resource& lb, const Value& listener,
                   Diagnostics& diags) {
  const Value* protocol_value = Attr(listener, "protocol");
  std::string protocol(StrAttr(listener, "protocol"));
  if (protocol.empty()) return;
  ListenerContext ctx{"listener " + Quote(StrAttr(listener, "name")) + " of " + lb.address,
                      protocol, lb.range};
  SourceRange at = RangeOf(protocol_value, RangeOf(&listener, lb.range));

  std::string_view type = StrAttr(lb.attributes, "type");
  if (type.empty()) type = "application";
  bool fits = type == "application" ? IsHttp(protocol) : !IsHttp(protocol);
  if (!fits) {
    Diagnostic& d =
        diags.Error(at, ctx.label + " uses " + protocol + ", but " + std::string(type) +
                            " load balancers listen on " +
                            (type == "application" ? "HTTP or HTTPS" : "TCP, TLS, UDP or TCP_UDP"));
    d.notes.push_back({lb.address + (type == "application" ? " is an " : " is a ") +
                           std::string(type) + " load balancer",
                       RangeOf(Attr(lb.attributes, "type"), lb.range)});
  }
  if ((protocol == "HTTPS" || protocol == "TLS") && !Attr(listener, "certificate_arn")) {
    diags.Error(at, ctx.label + " uses " + protocol + " and needs certificate_arn");
  }
  CheckForward(program, ctx, listener, diags);
  for (const Value* rule : Blocks(listener, "rules")) CheckForward(program, ctx, *rule, diags);
}

// A stand-alone rule forwards under the protocol of the listener it attaches to.
void CheckListenerRule(const ir::Program& program, const ir::Resource& rule, Diagnostics& diags) {
  AttachedListener attached = ListenerOf(program, rule);
  if (!attached.listener) return;
  std::string_view label = StrAttr(*attached.listener, "name");
  ListenerContext ctx{rule.address + " on listener " + Quote(label) + " of " + attached.lb->address,
                      std::string(StrAttr(*attached.listener, "protocol")), rule.range};
  if (!ctx.protocol.empty()) CheckForward(program, ctx, rule.attributes, diags);
}

}  // namespace

void CheckListenerProtocols(const ir::Program& program, Diagnostics& diags) {
  for (const ir::Resource& r : program.resources) {
    if (r.kind == "listener_rule") CheckListenerRule(program, r, diags);
    if (r.kind != "load_balancer") continue;
    for (const Value* listener : Blocks(r.attributes, "listeners")) {
      CheckListener(program, r, *listener, diags);
    }
  }
}

}  // namespace berth::rules
