// The two notations of the dependency graph.
#pragma once

#include <string>

#include "compiler/graph/graph_model.h"

namespace berth::graph_internal {

std::string WriteDot(const GraphModel& model);
std::string WriteMermaid(const GraphModel& model);

}  // namespace berth::graph_internal
