// The `container` block of a task (containerDefinitions[]) and the blocks nested in it. They
// belong to a task definition, so every change is a new revision too (Revisioned).
#include "compiler/schema/tables.h"

namespace berth::schema {

namespace {

const BlockSpec& PortMappingBlock() {
  static const BlockSpec spec = Revisioned({
      .name = "port_mapping",
      .repeated = true,
      .ir_key = "port_mappings",
      .attributes =
          {
              {.name = "container_port",
               .type = &Number(),
               .doc = "Port the container listens on (containerPort). Set this or "
                      "container_port_range."},
              {.name = "container_port_range",
               .type = &String(),
               .doc = "A range of ports the container listens on, e.g. \"8000-8099\" "
                      "(containerPortRange); awsvpc only, without host_port."},
              {.name = "host_port",
               .type = &Number(),
               .doc = "Port on the host (hostPort). With awsvpc it equals container_port; "
                      "with bridge, omit it or use 0 for a dynamic port."},
              {.name = "protocol",
               .type = &EnumOf({"tcp", "udp"}),
               .default_value = Str("tcp"),
               .doc = "Transport protocol (protocol)."},
              {.name = "app_protocol",
               .type = &EnumOf({"http", "http2", "grpc"}),
               .doc = "Application protocol for Service Connect (appProtocol)."},
              {.name = "name",
               .type = &String(),
               .doc = "Name of the mapping, referenced by Service Connect (name)."},
          },
      .doc = "A port the container exposes (portMappings[]).",
  });
  return spec;
}

const BlockSpec& HealthBlock() {
  static const BlockSpec spec = Revisioned({
      .name = "health",
      .attributes =
          {
              {.name = "command",
               .type = &ListOf(String()),
               .required = true,
               .doc = "Health check command (command), e.g. [\"CMD-SHELL\", \"curl -f "
                      "http://localhost:8080/health || exit 1\"]."},
              {.name = "interval",
               .type = &Duration(),
               .default_value = Seconds(30),
               .min = Seconds(5),
               .max = Seconds(300),
               .doc = "Time between checks (interval): 5s to 300s."},
              {.name = "timeout",
               .type = &Duration(),
               .default_value = Seconds(5),
               .min = Seconds(2),
               .max = Seconds(60),
               .doc = "Time a check may take before it fails (timeout): 2s to 60s."},
              {.name = "retries",
               .type = &Number(),
               .default_value = Num(3),
               .min = Num(1),
               .max = Num(10),
               .doc = "Consecutive failures before the container is unhealthy (retries): 1 to "
                      "10."},
              {.name = "start_period",
               .type = &Duration(),
               .default_value = Seconds(0),
               .min = Seconds(0),
               .max = Seconds(300),
               .doc = "Grace period after start during which failures do not count "
                      "(startPeriod): 0s to 300s."},
          },
      .doc = "The container's health check (healthCheck).",
  });
  return spec;
}

const BlockSpec& LogsBlock() {
  static const BlockSpec spec = Revisioned({
      .name = "logs",
      .attributes = LogConfigurationAttributes(),
      .doc = "Where the container's output goes (logConfiguration).",
  });
  return spec;
}

const BlockSpec& FirelensBlock() {
  static const BlockSpec spec = Revisioned({
      .name = "firelens",
      .attributes =
          {
              {.name = "type",
               .type = &EnumOf({"fluentbit", "fluentd"}),
               .default_value = Str("fluentbit"),
               .doc = "The log router (type)."},
              {.name = "options",
               .type = &MapOf(String()),
               .doc = "Router options (options), e.g. enable-ecs-log-metadata, config-file-type, "
                      "config-file-value."},
          },
      .doc = "Makes this container the task's FireLens log router (firelensConfiguration).",
  });
  return spec;
}

const BlockSpec& MountBlock() {
  static const BlockSpec spec = Revisioned({
      .name = "mount",
      .repeated = true,
      .ir_key = "mounts",
      .attributes =
          {
              {.name = "volume",
               .type = &String(),
               .required = true,
               .doc = "Label of one of the task's volume blocks (sourceVolume)."},
              {.name = "path",
               .type = &String(),
               .required = true,
               .doc = "Where the volume appears in the container (containerPath)."},
              {.name = "read_only",
               .type = &Bool(),
               .default_value = Flag(false),
               .doc = "Mount read-only (readOnly)."},
          },
      .doc = "A task volume mounted into the container (mountPoints[]).",
  });
  return spec;
}

const BlockSpec& DependsOnBlock() {
  static const BlockSpec spec = Revisioned({
      .name = "depends_on",
      .repeated = true,
      .ir_key = "depends_on",
      .attributes =
          {
              {.name = "container",
               .type = &String(),
               .required = true,
               .doc = "Label of another container of the task (containerName)."},
              {.name = "condition",
               .type = &EnumOf({"START", "COMPLETE", "SUCCESS", "HEALTHY"}),
               .default_value = Str("START"),
               .doc = "What that container must reach before this one starts (condition). "
                      "HEALTHY needs a health block there."},
          },
      .doc = "Start ordering between containers (dependsOn[]).",
  });
  return spec;
}

const BlockSpec& UlimitBlock() {
  static const BlockSpec spec = Revisioned({
      .name = "ulimit",
      .repeated = true,
      .ir_key = "ulimits",
      .attributes =
          {
              {.name = "name",
               .type =
                   &EnumOf({"core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue", "nice",
                            "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack"}),
               .required = true,
               .doc = "The limit (name); Fargate allows nofile only."},
              {.name = "soft",
               .type = &Number(),
               .required = true,
               .doc = "Soft limit (softLimit)."},
              {.name = "hard",
               .type = &Number(),
               .required = true,
               .doc = "Hard limit (hardLimit)."},
          },
      .doc = "A resource limit of the container's processes (ulimits[]).",
  });
  return spec;
}

const BlockSpec& RestartPolicyBlock() {
  static const BlockSpec spec = Revisioned({
      .name = "restart_policy",
      .attributes =
          {
              {.name = "enabled",
               .type = &Bool(),
               .default_value = Flag(true),
               .doc = "Restart the container in place when it exits (enabled); the API "
                      "requires it, so it is always sent."},
              {.name = "ignored_exit_codes",
               .type = &ListOf(Number()),
               .doc = "Exit codes that do not restart the container (ignoredExitCodes), at "
                      "most 50."},
              {.name = "attempt_period",
               .type = &Duration(),
               .min = Seconds(60),
               .max = Seconds(1800),
               .doc = "How long the container must run before a restart is attempted "
                      "(restartAttemptPeriod): 60s to 1800s; 300s when omitted."},
          },
      .doc = "Restarts of this container without replacing the task (restartPolicy).",
  });
  return spec;
}

const BlockSpec& VolumesFromBlock() {
  static const BlockSpec spec = Revisioned({
      .name = "volumes_from",
      .repeated = true,
      .ir_key = "volumes_from",
      .attributes =
          {
              {.name = "container",
               .type = &String(),
               .required = true,
               .doc = "Label of the container whose volumes are mounted (sourceContainer)."},
              {.name = "read_only",
               .type = &Bool(),
               .default_value = Flag(false),
               .doc = "Mount them read-only (readOnly)."},
          },
      .doc = "Mounts every volume of another container of the task (volumesFrom[]).",
  });
  return spec;
}

}  // namespace

std::vector<AttributeSpec> LogConfigurationAttributes() {
  return {
      {.name = "driver",
       .type = &EnumOf({"awslogs", "awsfirelens", "fluentd", "gelf", "journald", "json-file",
                        "splunk", "syslog"}),
       .default_value = Str("awslogs"),
       .doc = "Log driver (logDriver). awsfirelens routes through the task's FireLens "
              "container."},
      {.name = "options",
       .type = &MapOf(String()),
       .doc = "Driver options (options), e.g. awslogs-group, awslogs-region, "
              "awslogs-stream-prefix."},
      {.name = "secret_options",
       .type = &MapOf(SecretOrString()),
       .doc = "Driver options read from secrets at run time (secretOptions), sent sorted by "
              "name."},
  };
}

const BlockSpec& ContainerBlock() {
  static const BlockSpec spec = Revisioned({
      .name = "container",
      .labeled = true,
      .repeated = true,
      .required = true,
      .ir_key = "containers",
      .attributes =
          {
              {.name = "name",
               .type = &String(),
               .doc = "Container name (name) when it cannot be the label, e.g. \"log-router\" "
                      "(labels are identifiers); the label when omitted."},
              {.name = "image",
               .type = &String(),
               .required = true,
               .doc = "Image to run (image), e.g. "
                      "\"123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/api:1.4.2\"."},
              {.name = "essential",
               .type = &Bool(),
               .default_value = Flag(true),
               .doc = "When an essential container stops, the whole task stops (essential)."},
              {.name = "command",
               .type = &ListOf(String()),
               .doc = "Arguments replacing the image's CMD (command)."},
              {.name = "entry_point",
               .type = &ListOf(String()),
               .doc = "Replaces the image's ENTRYPOINT (entryPoint)."},
              {.name = "working_dir",
               .type = &String(),
               .doc = "Working directory of the command (workingDirectory)."},
              {.name = "env",
               .type = &MapOf(String()),
               .doc = "Plain environment variables (environment). Put credentials in secrets."},
              {.name = "secrets",
               .type = &MapOf(SecretOrString()),
               .doc = "Environment variables injected from Secrets Manager or Parameter Store "
                      "at start (secrets): secret(\"arn:...\") or the ARN as a string."},
              {.name = "port",
               .type = &Number(),
               .doc = "Shorthand for one `port_mapping { container_port = N }` over tcp."},
              {.name = "cpu",
               .type = &Cpu(),
               .doc = "CPU units reserved for this container (cpu)."},
              {.name = "memory",
               .type = &Size(),
               .doc = "Hard memory limit: the container is killed above it (memory)."},
              {.name = "memory_reservation",
               .type = &Size(),
               .doc = "Soft memory limit reserved for the container (memoryReservation)."},
              {.name = "user",
               .type = &String(),
               .doc = "User (and group) the command runs as (user), e.g. \"1000:1000\"."},
              {.name = "read_only_root",
               .type = &Bool(),
               .default_value = Flag(false),
               .doc = "Mount the root file system read-only (readonlyRootFilesystem)."},
              {.name = "privileged",
               .type = &Bool(),
               .default_value = Flag(false),
               .doc = "Give the container root on the host (privileged); not on Fargate."},
              {.name = "stop_timeout",
               .type = &Duration(),
               .doc = "Wait between SIGTERM and SIGKILL (stopTimeout); at most 120s on "
                      "Fargate; 30s when omitted."},
              {.name = "start_timeout",
               .type = &Duration(),
               .doc = "How long depends_on conditions may take before giving up "
                      "(startTimeout)."},
              {.name = "docker_labels",
               .type = &MapOf(String()),
               .doc = "Docker labels on the container (dockerLabels)."},
              {.name = "gpu",
               .type = &Number(),
               .doc = "GPUs reserved for the container (resourceRequirements type GPU); EC2 "
                      "only."},
              {.name = "inference_accelerators",
               .type = &ListOf(String()),
               .doc = "Labels of the task's inference_accelerator blocks this container uses "
                      "(resourceRequirements type InferenceAccelerator)."},
              {.name = "repository_credentials",
               .type = &SecretOrString(),
               .doc = "Secrets Manager secret with the credentials of a private registry "
                      "(repositoryCredentials.credentialsParameter)."},
              {.name = "env_files",
               .type = &ListOf(String()),
               .doc = "S3 object ARNs of .env files loaded into the environment "
                      "(environmentFiles, type s3), in order."},
              {.name = "links",
               .type = &ListOf(String()),
               .doc = "Containers reachable by name, \"name\" or \"name:alias\" (links); bridge "
                      "network mode only."},
              {.name = "hostname",
               .type = &String(),
               .doc = "Host name of the container (hostname); not with awsvpc."},
              {.name = "disable_networking",
               .type = &Bool(),
               .doc = "Turn networking off inside the container (disableNetworking); not on "
                      "Fargate."},
              {.name = "dns_servers",
               .type = &ListOf(String()),
               .doc = "DNS servers of the container (dnsServers); not with awsvpc."},
              {.name = "dns_search_domains",
               .type = &ListOf(String()),
               .doc = "DNS search domains (dnsSearchDomains); not with awsvpc."},
              {.name = "extra_hosts",
               .type = &MapOf(String()),
               .doc = "Lines added to /etc/hosts, host name to IP address (extraHosts), sent "
                      "sorted by host name; not with awsvpc."},
              {.name = "docker_security_options",
               .type = &ListOf(String()),
               .doc = "SELinux/AppArmor labels and similar (dockerSecurityOptions), e.g. "
                      "[\"no-new-privileges\"]; not on Fargate."},
              {.name = "interactive",
               .type = &Bool(),
               .doc = "Keep stdin open (interactive, docker run -i)."},
              {.name = "pseudo_terminal",
               .type = &Bool(),
               .doc = "Allocate a TTY (pseudoTerminal, docker run -t)."},
              {.name = "system_controls",
               .type = &MapOf(String()),
               .doc = "Kernel parameters, sysctl name to value (systemControls), sent sorted by "
                      "name, e.g. { \"net.core.somaxconn\" = \"1024\" }."},
              {.name = "version_consistency",
               .type = &EnumOf({"enabled", "disabled"}),
               .doc = "Pin the image tag to the digest resolved at deployment "
                      "(versionConsistency); enabled when omitted."},
              {.name = "credential_specs",
               .type = &ListOf(String()),
               .doc = "Active Directory credential spec locations for gMSA (credentialSpecs), "
                      "e.g. [\"credentialspec:arn:aws:s3:::bucket/spec.json\"]."},
          },
      .blocks = {&PortMappingBlock(), &HealthBlock(), &LogsBlock(), &FirelensBlock(), &MountBlock(),
                 &VolumesFromBlock(), &DependsOnBlock(), &UlimitBlock(), &LinuxParametersBlock(),
                 &RestartPolicyBlock()},
      .doc = "A container of the task (containerDefinitions[]); its label is its name.",
  });
  return spec;
}

}  // namespace berth::schema
