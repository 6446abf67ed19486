// Every resource kind's KindEmitter, defined in the builder file of its AWS service and listed in
// emitters.cpp's table.
#pragma once

#include "backends/aws/aws_call.h"

namespace berth::aws {

// ecs_*.cpp
extern const KindEmitter kClusterEmitter;
extern const KindEmitter kTaskEmitter;
extern const KindEmitter kServiceEmitter;
// ECS update-service {cluster, service, taskDefinition: the family}: moves a service whose own
// declaration did not change onto its task's new revision (a rolling deployment).
std::vector<AwsCall> RolloutService(const ir::Resource& service, const EmitContext& context);
// elbv2_*.cpp
extern const KindEmitter kLoadBalancerEmitter;
extern const KindEmitter kTargetGroupEmitter;
extern const KindEmitter kListenerRuleEmitter;
// iam_role.cpp, logs_log_group.cpp, ec2_security_group.cpp
extern const KindEmitter kRoleEmitter;
extern const KindEmitter kLogGroupEmitter;
extern const KindEmitter kSecurityGroupEmitter;
// events_schedule.cpp (EventBridge rule and ECS target)
extern const KindEmitter kScheduleEmitter;
// The launch type a schedule's target runs its task with: launch_type, else none when capacity
// providers decide, else the task's first `requires` entry; "" for none.
std::string ScheduleLaunchType(const Value& schedule, const EmitContext& context);
// autoscaling_service.cpp: a service's scalable target, policies and scheduled actions
extern const KindEmitter kServiceAutoscalingEmitter;
// The load balancers and listener rules that forward to the target groups of `service` when its
// autoscaling tracks `requests`: ALBRequestCountPerTarget needs each target group attached to
// its load balancer before put-scaling-policy, and the policy's ResourceLabel needs the load
// balancer's captured ARN suffix. Empty for other services.
std::vector<std::string> RequestsTrafficSources(const ir::Resource& service,
                                                const ir::Program& program);
// The load balancers and listener rules that forward to the target groups of `service`,
// whatever its scaling: ECS's CreateService refuses a target group no listener or rule forwards
// to ("The target group with targetGroupArn ... does not have an associated load balancer").
std::vector<std::string> TrafficSources(const ir::Resource& service, const ir::Program& program);
// servicediscovery_service.cpp: a service's Cloud Map service, where declared
extern const KindEmitter kServiceDiscoveryEmitter;

}  // namespace berth::aws
