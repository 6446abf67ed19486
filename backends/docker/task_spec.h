// A task's containers as the Docker engine runs them: the bodies of POST /containers/create
// (without what differs per replica), their start order, the volumes they need, and the hash
// of the configuration that the containers carry as a label to spot drift (compose's
// config-hash). docs/docker.md has the mapping, attribute by attribute.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "compiler/base/value.h"

namespace berth::docker {

struct ContainerSpec {
  std::string name;  // the container's label in the task
  bool essential = true;
  bool has_health = false;
  nlohmann::json body;  // create body: image, command, env, limits, health, mounts...
  // (container, START | HEALTHY | COMPLETE | SUCCESS): waited for before this one starts.
  std::vector<std::pair<std::string, std::string>> depends_on;
  // (variable, source): resolved on this machine when a replica starts (secrets.h).
  std::vector<std::pair<std::string, std::string>> secrets;
  std::vector<int> ports;       // container ports, for BERTH_PORT
  std::vector<int> host_ports;  // per port: the host port asked for in bridge mode, 0 for any
  double start_timeout_ms = 0;  // depends_on waits; 0: the apply's wait timeout
};

// A named volume the task mounts. Task-scoped ones belong to one replica (named after it);
// shared ones to the stack.
struct VolumeSpec {
  std::string label;  // the task's volume label
  bool shared = false;
  nlohmann::json driver;  // null, or {"Driver": ..., "DriverOpts": {...}, "Labels": {...}}
};

struct TaskSpec {
  std::string network_mode;               // "host", "bridge" or "none"
  std::vector<ContainerSpec> containers;  // in start order: dependencies first
  std::vector<VolumeSpec> volumes;
  std::vector<int> ports;  // every container port of the task, in order, unique
  std::string config_hash;
};

// Builds the spec of `task` (the task resource's attributes). False with `error` for what the
// local engine cannot run (an EFS volume, a depends_on cycle).
bool BuildTaskSpec(const Value& task, TaskSpec& spec, std::string& error);

// The hash of the task's configuration as the backend runs it: 16 hex digits. Sensitive values
// are masked first, so no secret, not even hashed, reaches a label.
std::string ConfigHash(const Value& task);

}  // namespace berth::docker
