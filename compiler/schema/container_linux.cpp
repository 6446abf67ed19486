// The `linux_parameters` block of a container (linuxParameters) and what is nested in it: kernel
// capabilities, host devices and tmpfs mounts. Part of a task definition, so Revisioned.
#include "compiler/schema/tables.h"

namespace berth::schema {

namespace {

const BlockSpec& CapabilitiesBlock() {
  static const BlockSpec spec = Revisioned({
      .name = "capabilities",
      .attributes =
          {
              {.name = "add",
               .type = &ListOf(String()),
               .doc = "Linux capabilities to add (add), e.g. [\"SYS_PTRACE\"]; Fargate allows "
                      "SYS_PTRACE only."},
              {.name = "drop",
               .type = &ListOf(String()),
               .doc = "Linux capabilities to drop (drop), e.g. [\"ALL\"]."},
          },
      .doc = "Kernel capabilities beyond Docker's default set (linuxParameters.capabilities).",
  });
  return spec;
}

const BlockSpec& DeviceBlock() {
  static const BlockSpec spec = Revisioned({
      .name = "device",
      .repeated = true,
      .ir_key = "devices",
      .attributes =
          {
              {.name = "host_path",
               .type = &String(),
               .required = true,
               .doc = "Device on the host (hostPath), e.g. \"/dev/fuse\"."},
              {.name = "container_path",
               .type = &String(),
               .doc = "Where it appears in the container (containerPath); host_path when "
                      "omitted."},
              {.name = "permissions",
               .type = &ListOf(EnumOf({"read", "write", "mknod"})),
               .doc = "Cgroup permissions on the device (permissions); all three when omitted."},
          },
      .doc = "A host device exposed to the container (linuxParameters.devices[]); not on "
             "Fargate.",
  });
  return spec;
}

const BlockSpec& TmpfsBlock() {
  static const BlockSpec spec = Revisioned({
      .name = "tmpfs",
      .repeated = true,
      .ir_key = "tmpfs",
      .attributes =
          {
              {.name = "path",
               .type = &String(),
               .required = true,
               .doc = "Mount point in the container (containerPath)."},
              {.name = "size",
               .type = &Size(),
               .required = true,
               .doc = "Maximum size of the tmpfs (size, in MiB)."},
              {.name = "mount_options",
               .type = &ListOf(String()),
               .doc = "Mount options (mountOptions), e.g. [\"noexec\", \"nosuid\"]."},
          },
      .doc = "A tmpfs mount (linuxParameters.tmpfs[]); not on Fargate.",
  });
  return spec;
}

}  // namespace

const BlockSpec& LinuxParametersBlock() {
  static const BlockSpec spec = Revisioned({
      .name = "linux_parameters",
      .attributes =
          {
              {.name = "init_process_enabled",
               .type = &Bool(),
               .default_value = Flag(false),
               .doc = "Run an init process as PID 1 that reaps zombies and forwards signals "
                      "(initProcessEnabled)."},
              {.name = "shared_memory_size",
               .type = &Size(),
               .doc = "Size of /dev/shm (sharedMemorySize, in MiB); EC2 only."},
              {.name = "max_swap",
               .type = &Size(),
               .doc = "Swap the container may use (maxSwap, in MiB); 0MiB disables swap. EC2 "
                      "only; without it the container uses the instance's swap settings."},
              {.name = "swappiness",
               .type = &Number(),
               .min = Num(0),
               .max = Num(100),
               .doc = "How eagerly pages are swapped, 0 to 100 (swappiness); 60 when omitted. "
                      "Needs max_swap."},
          },
      .blocks = {&CapabilitiesBlock(), &DeviceBlock(), &TmpfsBlock()},
      .doc = "Linux-specific settings (linuxParameters).",
  });
  return spec;
}

}  // namespace berth::schema
