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
              {.name = "transit_encryption_port",
               .type = &Number(),
               .doc = "Port of the encrypted NFS traffic on the host "
                      "(transitEncryptionPort); chosen by the EFS mount helper when omitted."},
              {.name = "iam",
               .type = &Bool(),
               .doc = "Mount with the task role's IAM identity (authorizationConfig.iam "
                      "ENABLED/DISABLED); needs transit_encryption."},
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
              {.name = "autoprovision",
               .type = &Bool(),
               .doc = "Create a shared volume that does not exist yet (autoprovision); "
                      "scope shared only."},
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

const BlockSpec& FsxWindowsBlock() {
  static const BlockSpec spec = Revisioned({
      .name = "fsx_windows",
      .attributes =
          {
              {.name = "file_system_id",
               .type = &String(),
               .required = true,
               .doc = "The FSx for Windows File Server file system (fileSystemId)."},
              {.name = "root_directory",
               .type = &String(),
               .required = true,
               .doc = "Directory of the file system mounted as the volume's root "
                      "(rootDirectory)."},
              {.name = "credentials",
               .type = &SecretOrString(),
               .required = true,
               .doc = "Secrets Manager secret or SSM parameter with the domain credentials "
                      "(authorizationConfig.credentialsParameter)."},
              {.name = "domain",
               .type = &String(),
               .required = true,
               .doc = "Active Directory domain (authorizationConfig.domain)."},
          },
      .doc = "An FSx for Windows File Server volume (fsxWindowsFileServerVolumeConfiguration).",
  });
  return spec;
}

const BlockSpec& S3FilesBlock() {
  static const BlockSpec spec = Revisioned({
      .name = "s3_files",
      .attributes =
          {
              {.name = "file_system_arn",
               .type = &String(),
               .required = true,
               .doc = "The S3 Files file system (fileSystemArn)."},
              {.name = "root_directory",
               .type = &String(),
               .doc = "Directory mounted as the volume's root (rootDirectory)."},
              {.name = "transit_encryption_port",
               .type = &Number(),
               .doc = "Port of the encrypted traffic on the host (transitEncryptionPort)."},
              {.name = "access_point_arn",
               .type = &String(),
               .doc = "Access point to mount through (accessPointArn)."},
          },
      .doc = "An Amazon S3 Files volume (s3filesVolumeConfiguration).",
  });
  return spec;
}

const BlockSpec& ProxyBlock() {
  static const BlockSpec spec = Revisioned({
      .name = "proxy",
      .attributes =
          {
              {.name = "type",
               .type = &EnumOf({"APPMESH"}),
               .doc = "Proxy kind (type); APPMESH when omitted, the only one."},
              {.name = "container",
               .type = &String(),
               .required = true,
               .doc = "Label of the Envoy container (containerName)."},
              {.name = "properties",
               .type = &MapOf(String()),
               .doc = "Proxy settings (properties), sent sorted by name: IgnoredUID, "
                      "IgnoredGID, AppPorts, ProxyIngressPort, ProxyEgressPort, "
                      "EgressIgnoredPorts, EgressIgnoredIPs."},
          },
      .doc = "App Mesh proxy configuration (proxyConfiguration).",
  });
  return spec;
}

const BlockSpec& InferenceAcceleratorBlock() {
  static const BlockSpec spec = Revisioned({
      .name = "inference_accelerator",
      .labeled = true,
      .repeated = true,
      .ir_key = "inference_accelerators",
      .attributes =
          {
              {.name = "device_type",
               .type = &String(),
               .required = true,
               .doc = "Elastic Inference accelerator type (deviceType), e.g. \"eia2.medium\"."},
          },
      .doc = "An Elastic Inference accelerator (inferenceAccelerators[]; deviceName is the "
             "label). Deprecated by AWS; containers name it in inference_accelerators.",
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
              {.name = "name",
               .type = &String(),
               .doc = "Volume name (name) when it cannot be the label, e.g. \"redis-data\" "
                      "(labels are identifiers); the label when omitted."},
              {.name = "host_path",
               .type = &String(),
               .doc = "Path on the host to bind (host.sourcePath); EC2 only. Without it and "
                      "without a volume type block the volume is task-scoped scratch space."},
              {.name = "configured_at_launch",
               .type = &Bool(),
               .doc = "The volume is configured when a service or task launches, e.g. by a "
                      "service's ebs_volume block (configuredAtLaunch)."},
          },
      .blocks = {&EfsBlock(), &DockerVolumeBlock(), &FsxWindowsBlock(), &S3FilesBlock()},
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
              {.name = "enable_fault_injection",
               .type = &Bool(),
               .doc = "Accept fault injection requests from the containers "
                      "(enableFaultInjection)."},
              TagsAttribute(),
          },
      .blocks = {&RuntimePlatformBlock(), &ContainerBlock(), &VolumeBlock(),
                 &TaskPlacementConstraintBlock(), &ProxyBlock(), &InferenceAcceleratorBlock()},
      .computed = {"arn", "revision"},
      .doc = "An ECS task definition: the containers that run together, their sizes, roles "
             "and volumes. Immutable in ECS: every change registers a new revision.",
      // The family: a service runs its latest revision, the same family after a replacement.
      .handle = "family",
  });
  return spec;
}

}  // namespace berth::schema
