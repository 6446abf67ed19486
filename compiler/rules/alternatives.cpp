// Blocks whose API shape takes one of two fields: a port mapping is a port or a port range; a
// service's load balancer is a target group or a Classic Load Balancer. The schema cannot
// require either alone, so this rule requires exactly one.
#include "compiler/rules/families.h"
#include "compiler/rules/ir_view.h"

namespace berth::rules {

namespace {

void ExactlyOne(const Value& block, std::string_view first, std::string_view second,
                const std::string& subject, const SourceRange& fallback, Diagnostics& diags) {
  const Value* a = Attr(block, first);
  const Value* b = Attr(block, second);
  if (a && b) {
    diags.Error(RangeOf(b, fallback), subject + " sets both " + std::string(first) + " and " +
                                          std::string(second) + "; keep one");
  } else if (!a && !b) {
    diags.Error(RangeOf(&block, fallback),
                subject + " needs " + std::string(first) + " or " + std::string(second));
  }
}

}  // namespace

void CheckAlternatives(const ir::Program& program, Diagnostics& diags) {
  for (const ir::Resource& r : program.resources) {
    if (r.kind == "task") {
      for (const Value* container : Blocks(r.attributes, "containers")) {
        std::string subject = "a port_mapping of container " + Quote(StrAttr(*container, "name")) +
                              " of " + r.address;
        for (const Value* mapping : Blocks(*container, "port_mappings")) {
          ExactlyOne(*mapping, "container_port", "container_port_range", subject,
                     RangeOf(container, r.range), diags);
        }
      }
    } else if (r.kind == "service") {
      for (const Value* lb : Blocks(r.attributes, "load_balancers")) {
        ExactlyOne(*lb, "target_group", "classic_load_balancer",
                   "a load_balancer block of " + r.address, r.range, diags);
      }
      if (const Value* discovery = Attr(r.attributes, "service_discovery")) {
        ExactlyOne(*discovery, "namespace", "registry",
                   "the service_discovery block of " + r.address, r.range, diags);
      }
    }
  }
}

}  // namespace berth::rules
