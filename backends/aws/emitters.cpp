// The table of builders, one entry per resource kind. Builders live one file per AWS service
// (ecs_*.cpp, elbv2_*.cpp, iam_*.cpp...) and each exposes its KindEmitter through emitters.h.
#include "backends/aws/emitters.h"

#include <array>

namespace berth::aws {

std::vector<const KindEmitter*> EmittersOf(std::string_view kind) {
  // In create order within a kind.
  static const std::array kEmitters = {
      &kClusterEmitter,
      &kTaskEmitter,
      &kRoleEmitter,
      &kLogGroupEmitter,
      &kSecurityGroupEmitter,
      &kTargetGroupEmitter,
      &kLoadBalancerEmitter,
      &kListenerRuleEmitter,
      &kScheduleEmitter,
      // kind service: the Cloud Map service first (ECS create-service names it), then the ECS
      // service, then the scalable target that needs the ECS service to exist.
      &kServiceDiscoveryEmitter,
      &kServiceEmitter,
      &kServiceAutoscalingEmitter,
  };
  std::vector<const KindEmitter*> found;
  for (const KindEmitter* emitter : kEmitters) {
    if (emitter->kind == kind) found.push_back(emitter);
  }
  return found;
}

}  // namespace berth::aws
