// The two notations of the dependency graph.
#pragma once

#include <string>

#include "compiler/graph/graph_model.h"

namespace berth::graph_internal {

std::string WriteDot(const GraphModel& model);
std::string WriteMermaid(const GraphModel& model);
// A quoted Mermaid label: the text with Mermaid's entity codes for what quotes cannot hold.
std::string MermaidLabel(std::string_view text);

}  // namespace berth::graph_internal
