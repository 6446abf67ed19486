// BRT017: without container insights a cluster has no per-task CPU, memory and network metrics,
// which is what an on-call engineer reaches for first.
#include "compiler/lint/rule_context.h"
#include "compiler/rules/ir_view.h"

namespace berth::lint {

void CheckClusters(const ir::Program& program, Sink& sink) {
  for (const ir::Resource& r : program.resources) {
    if (r.kind != "cluster") continue;
    const Value* insights = rules::Attr(r.attributes, "container_insights");
    if (insights && insights->is(ValueKind::kBool) && insights->as_bool()) continue;
    sink.Add("BRT017", r, rules::RangeOf(insights, r.range),
             r.address + " has container insights off: set container_insights = true");
  }
}

}  // namespace berth::lint
