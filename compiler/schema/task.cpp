// task: an ECS task definition (RegisterTaskDefinition). Its containers are in container.cpp.
#include "compiler/schema/tables.h"

namespace berth::schema {

namespace {

const BlockSpec& RuntimePlatformBlock() {
  static const BlockSpec spec = Revisioned({
      .name = "runtime_platform",
      .attributes =
          {
              {.name = "os",
               .type = &EnumOf({"LINUX", "WINDOWS_SERVER_2019_FULL", "WINDOWS_SERVER_2019_CORE",
                                "WINDOWS_SERVER_2016_FULL", "WINDOWS_SERVER_2004_CORE",
                                "WINDOWS_SERVER_2022_CORE", "WINDOWS_SERVER_2022_FULL",
                                "WINDOWS_SERVER_2025_CORE", "WINDOWS_SERVER_2025_FULL",
                                "WINDOWS_SERVER_20H2_CORE"}),
               .default_value = Str("LINUX"),
               .doc = "Operating system family (operatingSystemFamily)."},
              {.name = "arch",
               .type = &EnumOf({"X86_64", "ARM64"}),
               .default_value = Str("X86_64"),
               .doc = "CPU architecture (cpuArchitecture); ARM64 runs on Graviton."},
          },
      .doc = "The platform the task needs (runtimePlatform).",
  });
  return spec;
}

const BlockSpec& EfsBlock() {
  static const BlockSpec spec = Revisioned({
      .name = "efs",
      .attributes =
          {
              {.name = "file_system_id",
               .type = &String(),
               .required = true,
               .doc = "The EFS file system (fileSystemId), e.g. \"fs-0123456789abcdef0\"."},
              {.name = "root_directory",
               .type = &String(),
               .default_value = Str("/"),
               .doc = "Directory of the file system mounted as the volume's root "
                      "(rootDirectory)."},
              {.name = "access_point",
               .type = &String(),
               .doc = "EFS access point id (authorizationConfig.accessPointId); needs "
                      "transit_encryption."},
              {.name = "transit_encryption",
               .type = &Bool(),
               .default_value = Flag(false),
               .doc = "Encrypt NFS traffic (transitEncryption ENABLED/DISABLED)."},
          },
      .doc = "An Amazon EFS volume (efsVolumeConfiguration).",
  });
  return spec;
}

const BlockSpec& DockerVolumeBlock() {
  static const BlockSpec spec = Revisioned({
      .name = "docker",
      .attributes =
          {
              {.name = "scope",
               .type = &EnumOf({"task", "shared"}),
               .default_value = Str("task"),
               .doc = "task: removed with the task; shared: outlives it (scope)."},
              {.name = "driver",
               .type = &String(),
               .doc = "Docker volume driver (driver), e.g. \"local\"."},
              {.name = "driver_options",
               .type = &MapOf(String()),
               .doc = "Options passed to the driver (driverOpts)."},
              {.name = "labels",
               .type = &MapOf(String()),
               .doc = "Docker labels on the volume (labels)."},
          },
      .doc = "A Docker volume (dockerVolumeConfiguration); EC2 launch type only.",
  });
  return spec;
}

const BlockSpec& VolumeBlock() {
  static const BlockSpec spec = Revisioned({
      .name = "volume",
      .labeled = true,
      .repeated = true,
      .ir_key = "volumes",
      .attributes =
          {
              {.name = "host_path",
               .type = &String(),
               .doc = "Path on the host to bind (host.sourcePath); EC2 only. Without it and "
                      "without efs/docker the volume is task-scoped scratch space."},
          },
      .blocks = {&EfsBlock(), &DockerVolumeBlock()},
      .doc = "A volume containers mount by its label (volumes[].name).",
  });
  return spec;
}

}  // namespace

const BlockSpec& TaskSchema() {
  static const BlockSpec spec = Revisioned({
      .name = "task",
      .labeled = true,
      .attributes =
          {
              {.name = "family",
               .type = &String(),
               .default_is_label = true,
               .doc = "Task definition family (family); revisions accumulate under it. "
                      "Defaults to the block's label."},
              {.name = "cpu",
               .type = &Cpu(),
               .doc = "CPU for the whole task (cpu), in units (1024 = 1 vCPU) or `vcpu`. "
                      "Required on Fargate, where it must pair with memory."},
              {.name = "memory",
               .type = &Size(),
               .doc = "Memory for the whole task (memory). Required on Fargate."},
              {.name = "network_mode",
               .type = &EnumOf({"awsvpc", "bridge", "host", "none"}),
               .default_value = Str("awsvpc"),
               .doc = "Networking of the task's containers (networkMode). Fargate supports "
                      "awsvpc only."},
              {.name = "requires",
               .type = &ListOf(EnumOf({"FARGATE", "EC2", "EXTERNAL", "MANAGED_INSTANCES"})),
               .default_value = Strs({"FARGATE"}),
               .doc = "Launch types the task is validated for (requiresCompatibilities). The "
                      "first one is the launch type of services that name none."},
              {.name = "execution_role",
               .type = &RefTo({"role"}),
               .doc = "Role ECS uses to pull images, write logs and read secrets "
                      "(executionRoleArn)."},
              {.name = "task_role",
               .type = &RefTo({"role"}),
               .doc = "Role the containers' code assumes to call AWS (taskRoleArn)."},
              {.name = "ephemeral_storage",
               .type = &Size(),
               .doc = "Fargate task storage (ephemeralStorage.sizeInGiB): 21GiB to 200GiB; "
                      "20GiB when omitted."},
              {.name = "pid_mode",
               .type = &EnumOf({"host", "task"}),
               .doc = "Process namespace shared by the containers (pidMode)."},
              {.name = "ipc_mode",
               .type = &EnumOf({"host", "task", "none"}),
               .doc = "IPC namespace of the containers (ipcMode); not on Fargate."},
              TagsAttribute(),
          },
      .blocks = {&RuntimePlatformBlock(), &ContainerBlock(), &VolumeBlock()},
      .computed = {"arn", "revision"},
      .doc = "An ECS task definition: the containers that run together, their sizes, roles "
             "and volumes. Immutable in ECS: every change registers a new revision.",
  });
  return spec;
}

}  // namespace berth::schema
