// A service's target group must be attached to a load balancer: a listener or a rule (nested or
// a listener_rule resource) must forward to it. Otherwise CreateService fails with "The target
// group ... does not have an associated load balancer", after everything before it was created.
// A blue/green load_balancer block names the listener rule that carries its production traffic
// (advanced.production_listener_rule), possibly on a load balancer of another stack: that rule
// attaches the group.
#include <set>

#include "compiler/rules/families.h"
#include "compiler/rules/ir_view.h"

namespace berth::rules {

namespace {

void AddForward(const Value& action_owner, std::set<std::string>& out) {
  const Value* forward = Block(action_owner, "forward");
  const Value* group = forward ? Attr(*forward, "target_group") : nullptr;
  if (group && group->is(ValueKind::kRef)) out.insert(group->ref().address);
}

// Addresses of the target groups some listener or rule forwards to.
std::set<std::string> ForwardedTargetGroups(const ir::Program& program) {
  std::set<std::string> out;
  for (const ir::Resource& r : program.resources) {
    if (r.kind == "load_balancer") {
      for (const Value* listener : Blocks(r.attributes, "listeners")) {
        AddForward(*listener, out);
        for (const Value* rule : Blocks(*listener, "rules")) AddForward(*rule, out);
      }
    } else if (r.kind == "listener_rule") {
      AddForward(r.attributes, out);
    }
  }
  return out;
}

}  // namespace

void CheckTargetGroupListeners(const ir::Program& program, Diagnostics& diags) {
  std::set<std::string> forwarded = ForwardedTargetGroups(program);
  for (const ir::Resource& r : program.resources) {
    if (r.kind != "service") continue;
    for (const Value* lb : Blocks(r.attributes, "load_balancers")) {
      const Value* group = Attr(*lb, "target_group");
      const ir::Resource* tg = Deref(program, *lb, "target_group", "target_group");
      if (!tg || forwarded.count(tg->address)) continue;
      const Value* advanced = Block(*lb, "advanced");
      if (advanced && Attr(*advanced, "production_listener_rule")) continue;
      Diagnostic& d = diags.Error(
          RangeOf(group, RangeOf(lb, r.range)),
          r.address + " registers its tasks in " + tg->address +
              ", which no listener or rule forwards to; ECS refuses a service whose target "
              "group has no load balancer");
      d.notes.push_back({tg->address + " is declared here; give a listener or a rule a forward "
                                       "block naming it",
                         tg->range});
    }
  }
}

}  // namespace berth::rules
