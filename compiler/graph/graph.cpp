#include "compiler/graph/graph.h"

#include "compiler/graph/graph_model.h"
#include "compiler/graph/writers.h"

namespace berth {

std::optional<GraphFormat> ParseGraphFormat(std::string_view name) {
  if (name == "dot") return GraphFormat::kDot;
  if (name == "mermaid") return GraphFormat::kMermaid;
  return std::nullopt;
}

std::string RenderGraph(const GraphOptions& options, const ir::Program& program) {
  graph_internal::GraphModel model = graph_internal::BuildGraphModel(program);
  switch (options.format) {
    case GraphFormat::kMermaid:
      return graph_internal::WriteMermaid(model);
    case GraphFormat::kDot:
      break;
  }
  return graph_internal::WriteDot(model);
}

}  // namespace berth
