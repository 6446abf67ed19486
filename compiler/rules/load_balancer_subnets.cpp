// An application load balancer needs subnets in at least two availability zones
// (CreateLoadBalancer: "At least two subnets in two different Availability Zones must be
// specified"). A subnet id does not say its zone, and berth reads nothing live while checking,
// so the check is the part it can know: at least two different subnets are listed. Network load
// balancers may use one.
#include <set>

#include "compiler/rules/families.h"
#include "compiler/rules/ir_view.h"

namespace berth::rules {

void CheckLoadBalancerSubnets(const ir::Program& program, Diagnostics& diags) {
  for (const ir::Resource& r : program.resources) {
    if (r.kind != "load_balancer" || StrAttr(r.attributes, "type") != "application") continue;
    const Value* subnets = Attr(r.attributes, "subnets");
    if (!subnets || !subnets->is(ValueKind::kList)) continue;
    std::set<std::string> literal;
    size_t unknown = 0;  // known only after apply: each may be a subnet of its own
    for (const Value& item : subnets->list()) {
      if (item.is(ValueKind::kString)) {
        literal.insert(item.str());
      } else {
        ++unknown;
      }
    }
    size_t count = literal.size() + unknown;
    if (count >= 2) continue;
    std::string listed = count == 0 ? "no subnet" : "one subnet";
    if (count == 1 && subnets->list().size() > 1)
      listed += ", listed " + std::to_string(subnets->list().size()) + " times";
    Diagnostic& d = diags.Error(RangeOf(subnets, r.range),
                                r.address + " is an application load balancer in " + listed +
                                    "; AWS needs subnets in at least two availability zones");
    d.notes.push_back(
        {"berth cannot tell a subnet's zone from its id; it checks that two "
         "different subnets are listed, and AWS checks their zones",
         {}});
  }
}

}  // namespace berth::rules
