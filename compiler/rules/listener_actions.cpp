// Listener and rule actions: each takes exactly one of forward, redirect and fixed_response;
// rules, nested or stand-alone (listener_rule), need a condition and a priority from 1 to 50000;
// network load balancers only forward and have no rules. Priorities unique in a listener are
// checked in listener_rules.cpp, which sees the nested and the stand-alone rules together.
#include "compiler/rules/families.h"
#include "compiler/rules/ir_view.h"

namespace berth::rules {

namespace {

constexpr const char* kActions[] = {"forward", "redirect", "fixed_response"};

// `owner` is "listener "web" of load_balancer.public", "rule "api" of listener "web"" or
// "listener_rule.api"; `fallback` locates what has no range of its own.
void CheckActions(const Value& block, const std::string& owner, bool network,
                  const SourceRange& fallback, Diagnostics& diags) {
  std::vector<std::pair<std::string, const Value*>> present;
  for (const char* action : kActions) {
    if (const Value* v = Block(block, action)) present.push_back({action, v});
  }
  SourceRange at = RangeOf(&block, fallback);
  if (present.empty()) {
    diags.Error(at, owner + " needs an action: a forward, redirect or fixed_response block");
    return;
  }
  if (present.size() > 1) {
    Diagnostic& d = diags.Error(RangeOf(present[1].second, at),
                                owner + " has both " + present[0].first + " and " +
                                    present[1].first + "; it takes one action");
    d.notes.push_back({present[0].first + " is here", RangeOf(present[0].second, at)});
  }
  if (network && present[0].first != "forward") {
    diags.Error(RangeOf(present[0].second, at),
                owner + " uses " + present[0].first +
                    ", which network load balancers do not support; they only forward");
  }
}

// A rule nested in a listener or a listener_rule resource: the same attributes and blocks.
void CheckRule(const Value& rule, const std::string& owner, bool network,
               const SourceRange& fallback, Diagnostics& diags) {
  SourceRange at = RangeOf(&rule, fallback);
  if (network) {
    diags.Error(at, owner + ": network load balancers have no listener rules");
    return;
  }
  CheckActions(rule, owner, network, fallback, diags);
  if (Strings(rule, "path").empty() && Strings(rule, "host").empty()) {
    diags.Error(at, owner + " matches nothing: give it path or host patterns");
  }
  const Value* priority = NumAttr(rule, "priority");
  if (priority && !ValidPriority(priority->number())) {
    diags.Error(RangeOf(priority, at), owner + " has priority " + Number(priority->number()) +
                                           "; priorities are whole numbers from 1 to 50000");
  }
}

bool IsNetwork(const ir::Resource& lb) { return StrAttr(lb.attributes, "type") == "network"; }

}  // namespace

void CheckListenerActions(const ir::Program& program, Diagnostics& diags) {
  for (const ir::Resource& r : program.resources) {
    if (r.kind == "load_balancer") {
      for (const Value* listener : Blocks(r.attributes, "listeners")) {
        std::string name = "listener " + Quote(StrAttr(*listener, "name"));
        CheckActions(*listener, name + " of " + r.address, IsNetwork(r), r.range, diags);
        for (const Value* rule : Blocks(*listener, "rules")) {
          CheckRule(*rule, "rule " + Quote(StrAttr(*rule, "name")) + " of " + name, IsNetwork(r),
                    r.range, diags);
        }
      }
    } else if (r.kind == "listener_rule") {
      const ir::Resource* lb = Deref(program, r.attributes, "load_balancer", "load_balancer");
      CheckRule(r.attributes, r.address, lb && IsNetwork(*lb), r.range, diags);
    }
  }
}

}  // namespace berth::rules
