// listener_rule: a rule (elbv2 CreateRule) on a listener of a load balancer declared elsewhere,
// like a nested `rule` block but a resource of its own, so that a module can attach a service
// to a load balancer the stack shares.
#include "compiler/schema/tables.h"

namespace berth::schema {

const BlockSpec& ListenerRuleSchema() {
  static const BlockSpec spec = [] {
    BlockSpec s{
        .name = "listener_rule",
        .labeled = true,
        .attributes =
            {
                {.name = "load_balancer",
                 .type = &RefTo({"load_balancer"}),
                 .required = true,
                 .forces_replacement = true,
                 .doc = "Load balancer whose listener takes the rule, e.g. "
                        "`load_balancer.public`; application load balancers only."},
                {.name = "listener",
                 .type = &String(),
                 .required = true,
                 .forces_replacement = true,
                 .doc = "Label of a listener block of that load balancer (ListenerArn), e.g. "
                        "\"https\"."},
            },
        .blocks = {&ForwardBlock(), &RedirectBlock(), &FixedResponseBlock()},
        .computed = {"arn"},
        .doc = "A listener rule on a shared load balancer.",
    };
    for (AttributeSpec& a : RuleAttributes()) s.attributes.push_back(std::move(a));
    s.attributes.push_back(TagsAttribute());
    return s;
  }();
  return spec;
}

}  // namespace berth::schema
