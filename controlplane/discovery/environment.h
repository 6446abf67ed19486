// How a task finds the other services (issue 14). On ECS a task resolves a Cloud Map name
// (backend.shop.internal) to the addresses of the instances, and reaches them at the port it
// knows (8080). Here every task shares the engine's host network, each on a port of its own, so
// a name alone is not enough: when a task is launched, for every Cloud Map service (in a
// namespace berth serve knows) with a healthy instance that has a port, each container gets
//  - the name in its hosts file, pointing at 127.0.0.1 (extraHosts, as ECS maps it to Docker's
//    --add-host), so a name the stack uses resolves;
//  - `BERTH_DISCOVERY_<NAME>=127.0.0.1:PORT` (the name upper-cased, other characters `_`:
//    BERTH_DISCOVERY_BACKEND_SHOP_INTERNAL), the one instance's address, like BERTH_PORT;
//  - its environment values rewritten where they name NAME:CONTAINERPORT (the registry's
//    container port), to 127.0.0.1:PORT: `API_URL=http://backend.shop.internal:8080` then
//    reaches the backend unchanged.
// The addresses are those of the moment the task starts (an environment is fixed at launch, as
// Kubernetes' service variables are); a replaced instance is seen by tasks started after.
#pragma once

#include <nlohmann/json.hpp>

#include "controlplane/store/store.h"

namespace berth::controlplane::discovery {

// Adds the above to each of `definition`'s containerDefinitions (a copy made for one launch).
void AddDiscoveredAddresses(store::Tx& tx, nlohmann::json& definition);

}  // namespace berth::controlplane::discovery
