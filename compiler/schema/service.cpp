// service: an ECS service (CreateService / UpdateService). Its autoscaling block is in
// autoscaling.cpp; network and capacity_provider are shared with schedule (shared_blocks.cpp).
#include "compiler/schema/tables.h"

namespace berth::schema {

namespace {

const BlockSpec& AdvancedBlock() {
  static const BlockSpec spec{
      .name = "advanced",
      .attributes =
          {
              {.name = "alternate_target_group",
               .type = &RefTo({"target_group"}),
               .required = true,
               .doc = "Target group of the new revision during a blue/green deployment "
                      "(alternateTargetGroupArn)."},
              {.name = "production_listener_rule",
               .type = &String(),
               .doc = "ARN of the listener rule carrying production traffic "
                      "(productionListenerRule), e.g. listener_rule.api.arn."},
              {.name = "test_listener_rule",
               .type = &String(),
               .doc = "ARN of the listener rule carrying test traffic (testListenerRule)."},
              {.name = "role",
               .type = &RefTo({"role"}),
               .doc = "Role ECS uses to shift traffic between the target groups (roleArn)."},
          },
      .doc = "Blue/green traffic shifting of this load balancer (advancedConfiguration).",
  };
  return spec;
}

const BlockSpec& ServiceLoadBalancerBlock() {
  static const BlockSpec spec{
      .name = "load_balancer",
      .repeated = true,
      .ir_key = "load_balancers",
      .attributes =
          {
              {.name = "target_group",
               .type = &RefTo({"target_group"}),
               .doc = "Target group the tasks register in (targetGroupArn). Set this or "
                      "classic_load_balancer."},
              {.name = "classic_load_balancer",
               .type = &String(),
               .doc = "Name of a Classic Load Balancer instead (loadBalancerName)."},
              {.name = "container",
               .type = &String(),
               .required = true,
               .doc = "Label of the task's container that receives traffic (containerName)."},
              {.name = "port",
               .type = &Number(),
               .required = true,
               .doc = "That container's port (containerPort); the container must expose it."},
          },
      .blocks = {&AdvancedBlock()},
      .doc = "Registers the service's tasks in a target group (loadBalancers[]).",
  };
  return spec;
}

const BlockSpec& PlacementStrategyBlock() {
  static const BlockSpec spec{
      .name = "placement_strategy",
      .repeated = true,
      .ir_key = "placement_strategies",
      .attributes =
          {
              {.name = "type",
               .type = &EnumOf({"random", "spread", "binpack"}),
               .required = true,
               .doc = "random, spread over field, or binpack on field (type)."},
              {.name = "field",
               .type = &String(),
               .doc = "What to spread over (instanceId, host, attribute:ecs.availability-zone) "
                      "or binpack on (cpu, memory) (field)."},
          },
      .doc =
          "How tasks are spread over container instances, in order of precedence "
          "(placementStrategy[]); EC2 launch type only.",
  };
  return spec;
}

const BlockSpec& ServiceDiscoveryBlock() {
  static const BlockSpec spec{
      .name = "service_discovery",
      .attributes =
          {
              {.name = "namespace",
               .type = &String(),
               .doc = "Cloud Map namespace id (NamespaceId), e.g. \"ns-abcdef0123456789\": "
                      "berth creates the Cloud Map service in it. Set this or registry."},
              {.name = "registry",
               .type = &String(),
               .doc = "ARN of an existing Cloud Map service to register the tasks in "
                      "(registryArn): berth creates none, and name, dns_type and ttl do not "
                      "apply. Set this or namespace."},
              {.name = "name",
               .type = &String(),
               .doc = "Name of the Cloud Map service; the ECS service's name when omitted."},
              {.name = "dns_type",
               .type = &EnumOf({"A", "SRV"}),
               .default_value = Str("A"),
               .doc = "DNS record type (DnsRecords[].Type); SRV also publishes the port."},
              {.name = "ttl",
               .type = &Duration(),
               .default_value = Seconds(60),
               .doc = "DNS record TTL (DnsRecords[].TTL)."},
              {.name = "container",
               .type = &String(),
               .doc = "Container whose port an SRV record publishes (containerName)."},
              {.name = "port",
               .type = &Number(),
               .doc = "Port an SRV record publishes (containerPort)."},
              {.name = "record_port",
               .type = &Number(),
               .doc = "Port an SRV record publishes for awsvpc tasks when container and port "
                      "are not set (port)."},
          },
      .doc = "Registers tasks in AWS Cloud Map for DNS discovery (serviceRegistries).",
  };
  return spec;
}

}  // namespace

const BlockSpec& ServiceSchema() {
  static const BlockSpec spec{
      .name = "service",
      .labeled = true,
      .attributes =
          {
              {.name = "name",
               .type = &String(),
               .default_is_label = true,
               .forces_replacement = true,
               .doc = "Service name (serviceName). Defaults to the block's label."},
              {.name = "cluster",
               .type = &RefTo({"cluster"}),
               .required = true,
               .forces_replacement = true,
               .doc = "Cluster the service runs in (cluster)."},
              {.name = "task",
               .type = &RefTo({"task"}),
               .required = true,
               .doc = "Task definition the service runs (taskDefinition); a new revision rolls "
                      "out by the deployment settings."},
              {.name = "desired_count",
               .type = &Number(),
               .default_value = Num(1),
               .owned_by = Owner::kAutoscaling,
               .doc = "Tasks to keep running (desiredCount)."},
              {.name = "launch_type",
               .type = &EnumOf({"FARGATE", "EC2", "EXTERNAL", "MANAGED_INSTANCES"}),
               .forces_replacement = true,
               .doc = "Where tasks run (launchType). Without it and without capacity_provider "
                      "blocks: the task's first `requires` entry."},
              {.name = "platform_version",
               .type = &String(),
               .doc = "Fargate platform version (platformVersion); LATEST when omitted."},
              {.name = "scheduling_strategy",
               .type = &EnumOf({"REPLICA", "DAEMON"}),
               .default_value = Str("REPLICA"),
               .forces_replacement = true,
               .doc = "REPLICA keeps desired_count tasks; DAEMON one per EC2 instance "
                      "(schedulingStrategy)."},
              {.name = "health_check_grace",
               .type = &Duration(),
               .doc = "Time load balancer health checks are ignored after a task starts "
                      "(healthCheckGracePeriodSeconds)."},
              {.name = "enable_execute_command",
               .type = &Bool(),
               .default_value = Flag(false),
               .doc = "Allow `aws ecs execute-command` into the tasks (enableExecuteCommand)."},
              {.name = "propagate_tags",
               .type = &EnumOf({"TASK_DEFINITION", "SERVICE", "NONE"}),
               .default_value = Str("NONE"),
               .doc = "Copy tags from the task definition or the service onto tasks "
                      "(propagateTags)."},
              {.name = "enable_ecs_managed_tags",
               .type = &Bool(),
               .doc = "Tag tasks with the cluster and service names (enableECSManagedTags)."},
              {.name = "deployment_controller",
               .type = &EnumOf({"ECS", "CODE_DEPLOY", "EXTERNAL"}),
               .doc = "Who deploys new revisions (deploymentController.type); ECS when "
                      "omitted."},
              {.name = "availability_zone_rebalancing",
               .type = &EnumOf({"ENABLED", "DISABLED"}),
               .doc = "Move tasks to even out availability zones "
                      "(availabilityZoneRebalancing)."},
              {.name = "role",
               .type = &RefTo({"role"}),
               .forces_replacement = true,
               .doc = "Role ECS uses to register tasks in a Classic Load Balancer, for tasks "
                      "not in awsvpc mode (role); the service-linked role when omitted."},
              TagsAttribute(),
          },
      .blocks = {&CapacityProviderBlock(), &NetworkBlock(), &ServiceLoadBalancerBlock(),
                 &ServiceDeploymentBlock(), &ServiceDiscoveryBlock(), &AutoscalingBlock(),
                 &ServicePlacementConstraintBlock(), &PlacementStrategyBlock(),
                 &ServiceConnectBlock(), &EbsVolumeBlock(), &VpcLatticeBlock()},
      .computed = {"arn"},
      .doc =
          "An ECS service: keeps desired_count copies of a task running, behind load "
          "balancers, rolling out new revisions.",
      .handle = "name",
  };
  return spec;
}

}  // namespace berth::schema
