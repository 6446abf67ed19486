// A security group rule's ports must say something EC2 keeps: protocol all covers every port, so
// ports other than Terraform's 0 and 0 would be silently dropped; a range must not run backwards,
// and port and from_port/to_port are two spellings of one thing.
#include "compiler/rules/families.h"
#include "compiler/rules/ir_view.h"

namespace berth::rules {

namespace {

void CheckRule(const ir::Resource& group, std::string_view direction, const Value& rule,
               Diagnostics& diags) {
  const Value* port = NumAttr(rule, "port");
  const Value* from = NumAttr(rule, "from_port");
  const Value* to = NumAttr(rule, "to_port");
  std::string subject = std::string(direction) + " rule of " + group.address;
  if (StrAttr(rule, "protocol") == "all") {
    for (const Value* p : {port, from, to}) {
      if (!p || p->number() == 0) continue;
      diags.Error(RangeOf(p, RangeOf(&rule, group.range)),
                  "an " + subject +
                      " with protocol = all allows every port, so EC2 ignores its ports: remove "
                      "port, from_port and to_port, or set a protocol (tcp, udp)");
      return;
    }
    return;
  }
  if (port && (from || to)) {
    diags.Error(RangeOf(from ? from : to, RangeOf(&rule, group.range)),
                "an " + subject + " sets both port and " + (from ? "from_port" : "to_port") +
                    ": port = N is from_port = to_port = N; keep one of them");
    return;
  }
  if (from && to && from->number() > to->number()) {
    diags.Error(RangeOf(from, RangeOf(&rule, group.range)),
                "an " + subject + " runs backwards: from_port " + Number(from->number()) +
                    " is above to_port " + Number(to->number()) + "; swap them");
  }
}

}  // namespace

void CheckSecurityGroupPorts(const ir::Program& program, Diagnostics& diags) {
  for (const ir::Resource& r : program.resources) {
    if (r.kind != "security_group") continue;
    for (std::string_view direction : {"ingress", "egress"}) {
      for (const Value* rule : Blocks(r.attributes, direction))
        CheckRule(r, direction, *rule, diags);
    }
  }
}

}  // namespace berth::rules
