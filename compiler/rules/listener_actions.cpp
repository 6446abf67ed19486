// Listener and rule actions: each takes exactly one of forward, redirect and fixed_response;
// rules need a condition and a priority unique in their listener; network load balancers only
// forward and have no rules.
#include <map>

#include "compiler/rules/families.h"
#include "compiler/rules/ir_view.h"

namespace berth::rules {

namespace {

constexpr const char* kActions[] = {"forward", "redirect", "fixed_response"};

// `owner` is "listener "web" of load_balancer.public" or "rule "api" of listener "web"".
void CheckActions(const ir::Resource& lb, const Value& block, const std::string& owner,
                  bool network, Diagnostics& diags) {
  std::vector<std::pair<std::string, const Value*>> present;
  for (const char* action : kActions) {
    if (const Value* v = Block(block, action)) present.push_back({action, v});
  }
  SourceRange at = RangeOf(&block, lb.range);
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

void CheckRules(const ir::Resource& lb, const Value& listener, const std::string& listener_name,
                bool network, Diagnostics& diags) {
  std::map<double, const Value*> priorities;
  for (const Value* rule : Blocks(listener, "rules")) {
    std::string owner = "rule " + Quote(StrAttr(*rule, "name")) + " of " + listener_name;
    SourceRange at = RangeOf(rule, lb.range);
    if (network) {
      diags.Error(at, owner + ": network load balancers have no listener rules");
      continue;
    }
    CheckActions(lb, *rule, owner, network, diags);
    if (Strings(*rule, "path").empty() && Strings(*rule, "host").empty()) {
      diags.Error(at, owner + " matches nothing: give it path or host patterns");
    }
    const Value* priority = NumAttr(*rule, "priority");
    if (!priority) continue;
    double p = priority->number();
    if (p < 1 || p > 50000 || p != static_cast<long>(p)) {
      diags.Error(RangeOf(priority, at), owner + " has priority " + Number(p) +
                                             "; priorities are whole numbers from 1 "
                                             "to 50000");
    } else if (auto [it, inserted] = priorities.emplace(p, rule); !inserted) {
      Diagnostic& d = diags.Error(RangeOf(priority, at), owner + " has priority " + Number(p) +
                                                             ", already taken by rule " +
                                                             Quote(StrAttr(*it->second, "name")));
      d.notes.push_back({"rule " + Quote(StrAttr(*it->second, "name")) + " is declared here",
                         RangeOf(it->second, lb.range)});
    }
  }
}

}  // namespace

void CheckListenerActions(const ir::Program& program, Diagnostics& diags) {
  for (const ir::Resource& lb : program.resources) {
    if (lb.kind != "load_balancer") continue;
    bool network = StrAttr(lb.attributes, "type") == "network";
    for (const Value* listener : Blocks(lb.attributes, "listeners")) {
      std::string name = "listener " + Quote(StrAttr(*listener, "name"));
      CheckActions(lb, *listener, name + " of " + lb.address, network, diags);
      CheckRules(lb, *listener, name, network, diags);
    }
  }
}

}  // namespace berth::rules
