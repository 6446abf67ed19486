// The labels berth puts on every container, volume and network it creates. They are how the
// backend finds its own objects again (and never anyone else's): compose does the same with
// com.docker.compose.project / .service / .config-hash. Secret values never go into labels.
#pragma once

namespace berth::docker::labels {

inline constexpr const char* kStack = "io.berth.stack";        // the stack's name
inline constexpr const char* kAddress = "io.berth.address";    // "service.web"
inline constexpr const char* kService = "io.berth.service";    // the service's name
inline constexpr const char* kRevision = "io.berth.revision";  // "task.web@<config hash>"
inline constexpr const char* kConfigHash = "io.berth.config-hash";
inline constexpr const char* kReplica = "io.berth.replica";  // id shared by a replica's containers
inline constexpr const char* kSlot = "io.berth.slot";        // which port slot the replica holds
inline constexpr const char* kContainer =
    "io.berth.container";  // the container's label in the task
inline constexpr const char* kEssential = "io.berth.essential";  // "true" / "false"

}  // namespace berth::docker::labels
