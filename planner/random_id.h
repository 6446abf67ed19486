// Random identifiers for state lineages and lock ids: unguessable and unique across machines,
// so two states born apart never share a lineage.
#pragma once

#include <string>

namespace berth::state {

// 128 random bits from /dev/urandom as 32 lowercase hex digits.
std::string RandomHexId();

}  // namespace berth::state
