// The graph phase: an ir::Program's dependency graph as Graphviz DOT or a Mermaid flowchart
// (`berth graph --format dot|mermaid`). Nodes are resources, labelled with their addresses and
// grouped by module instance; an edge points from a resource to one it depends on. The same
// program always gives byte-identical text.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "compiler/ir/ir.h"

namespace berth {

enum class GraphFormat { kDot, kMermaid };

struct GraphOptions {
  GraphFormat format = GraphFormat::kDot;
};

// "dot" or "mermaid"; nullopt for anything else.
std::optional<GraphFormat> ParseGraphFormat(std::string_view name);

// The graph text, ending with a newline.
std::string RenderGraph(const GraphOptions& options, const ir::Program& program);

}  // namespace berth
