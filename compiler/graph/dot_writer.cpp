// Graphviz DOT. Addresses are quoted IDs: inside DOT quotes only `"` needs escaping, and `\\`
// is escaped too so that a key ending in a backslash cannot swallow the closing quote; label
// strings read `\\` back as one backslash.
#include <string>

#include "compiler/graph/writers.h"

namespace berth::graph_internal {

namespace {

std::string DotQuote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        break;
      default:
        out += c;
    }
  }
  return out + "\"";
}

void WriteDotNode(const std::string& address, const std::string& pad, std::string& out,
                  bool missing = false) {
  out += pad + DotQuote(address) + " [label=" + DotQuote(address);
  if (missing) out += ", style=dashed";
  out += "];\n";
}

void WriteDotCluster(const Cluster& cluster, int depth, std::string& out) {
  std::string pad(depth * 2, ' ');
  // Graphviz draws a subgraph as a box only when its name starts with "cluster".
  out += pad + "subgraph " + DotQuote("cluster_" + cluster.path) + " {\n";
  std::string inner = pad + "  ";
  out += inner + "label=" + DotQuote(cluster.path) + ";\n";
  for (const std::string& node : cluster.nodes) WriteDotNode(node, inner, out);
  for (const Cluster& child : cluster.children) WriteDotCluster(child, depth + 1, out);
  out += pad + "}\n";
}

}  // namespace

std::string WriteDot(const GraphModel& model) {
  std::string out = "digraph berth {\n";
  out += "  rankdir=LR;\n";
  out += "  node [shape=box];\n";
  for (const std::string& node : model.root.nodes) WriteDotNode(node, "  ", out);
  for (const std::string& node : model.missing) WriteDotNode(node, "  ", out, /*missing=*/true);
  for (const Cluster& child : model.root.children) WriteDotCluster(child, 1, out);
  for (const auto& [from, to] : model.edges) {
    out += "  " + DotQuote(from) + " -> " + DotQuote(to) + ";\n";
  }
  out += "}\n";
  return out;
}

}  // namespace berth::graph_internal
