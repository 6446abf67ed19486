// How task definitions are keyed in the store, and found by the references ECS accepts.
#pragma once

#include <optional>
#include <string>

#include "controlplane/store/store.h"

namespace berth::controlplane::store {

// "family:00000003": zero-padded, so the store's key order is revision order.
std::string TaskDefinitionKey(const std::string& family, int revision);

// "family", "family:revision" or an ARN: the newest ACTIVE revision when none is given.
std::optional<json> FindTaskDefinition(Tx& tx, const std::string& reference);

}  // namespace berth::controlplane::store
