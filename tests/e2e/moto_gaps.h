// What moto (5.2) does not store as AWS does, so that a plan read back from moto shows it as a
// change whatever berth applied: one table for every test that plans against moto (the apply.sh
// round trip and the aws-api backend's), each entry with the moto source line that shows it.
#pragma once

#include <string>
#include <vector>

namespace berth::e2e {

// The changes of a plan (`berth plan --format json`) that are not moto's gaps, one line each
// ("ADDRESS: ACTIONS PATH: BEFORE -> AFTER"); empty when the plan is "No changes" but for them.
// An update or a replacement is explained when every path it changes is a gap.
std::vector<std::string> ChangesMotoDoesNotExplain(const std::string& plan_json);

}  // namespace berth::e2e
