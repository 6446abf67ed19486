// The plan as versioned JSON for machines (docs/plan-json.md). Sensitive values are masked: this
// is output, unlike a saved plan.
#include "planner/plan.h"
#include "planner/plan_json.h"

namespace berth::planner {

void RenderJson(const Plan& plan, std::ostream& out) {
  out << PlanToJson(plan, Secrets::kMask).dump(2) << "\n";
}

}  // namespace berth::planner
