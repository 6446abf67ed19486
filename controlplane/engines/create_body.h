// The Docker container-create body of one container of a task: the ECS container definition
// mapped to Docker's API as the ECS agent maps it (image, command, environment, health check,
// stop timeout, memory and CPU, init, extra hosts), plus berth's labels and the task's network.
//
// Network: a task berth placed on the host network (engines without a bridge, and every
// networkMode other than `bridge`) shares the engine's network, each container port at the free
// host port the task decided (BERTH_PORT). A task of networkMode `bridge` on an engine that has
// Docker's default bridge (new_task.h decides) gets real port mappings instead, as the agent
// makes them: `NetworkMode: bridge`, `ExposedPorts`, and `PortBindings` on HostIp 127.0.0.1
// (berth serve publishes nothing beyond loopback) at the task's host port, which is the
// definition's `hostPort` or a free one (ECS model `PortMapping.hostPort`: left out or 0, an
// ephemeral port).
#pragma once

#include <nlohmann/json.hpp>

namespace berth::controlplane::engines {

using nlohmann::json;

// `task` is the task document (its `x-berth.network`, its overrides), `spec` the container's
// definition, `container_status` the task's entry for it (its networkBindings).
json CreateBody(const json& task, const json& spec, const json& container_status);

}  // namespace berth::controlplane::engines
