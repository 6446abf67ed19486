// A Mermaid flowchart, as GitHub renders it. Mermaid IDs allow only plain words, so addresses
// are encoded into IDs one-to-one (`_` as `__`, `.` as `_d`, any other byte as `_xHH`); labels
// carry the real address in quotes, with Mermaid's entity codes for what quotes cannot hold.
#include <string>

#include "compiler/graph/writers.h"

namespace berth::graph_internal {

namespace {

constexpr char kHex[] = "0123456789abcdef";

// A prefix keeps resource and module IDs apart, and keeps IDs off Mermaid keywords (`end`).
std::string MermaidId(char prefix, std::string_view address) {
  std::string out = {prefix, '_'};
  for (char c : address) {
    unsigned char u = static_cast<unsigned char>(c);
    if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9')) {
      out += c;
    } else if (c == '_') {
      out += "__";
    } else if (c == '.') {
      out += "_d";
    } else {
      out += "_x";
      out += kHex[u >> 4];
      out += kHex[u & 0xF];
    }
  }
  return out;
}

void WriteMermaidNode(const std::string& address, const std::string& pad, std::string& out) {
  out += pad + MermaidId('r', address) + "[" + MermaidLabel(address) + "]\n";
}

void WriteMermaidCluster(const Cluster& cluster, int depth, std::string& out) {
  std::string pad(depth * 2, ' ');
  out +=
      pad + "subgraph " + MermaidId('m', cluster.path) + " [" + MermaidLabel(cluster.path) + "]\n";
  for (const std::string& node : cluster.nodes) WriteMermaidNode(node, pad + "  ", out);
  for (const Cluster& child : cluster.children) WriteMermaidCluster(child, depth + 1, out);
  out += pad + "end\n";
}

}  // namespace

std::string MermaidLabel(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        out += "#quot;";
        break;
      case '#':
        out += "#35;";
        break;
      case '&':
        out += "#amp;";
        break;
      case '<':
        out += "#lt;";
        break;
      case '>':
        out += "#gt;";
        break;
      case '`':
        out += "#96;";
        break;
      default:
        if (u < 0x20 || u == 0x7F) {
          out += "#" + std::to_string(u) + ";";
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

std::string WriteMermaid(const GraphModel& model) {
  std::string out = "flowchart LR\n";
  for (const std::string& node : model.root.nodes) WriteMermaidNode(node, "  ", out);
  for (const std::string& node : model.missing) WriteMermaidNode(node, "  ", out);
  for (const Cluster& child : model.root.children) WriteMermaidCluster(child, 1, out);
  for (const auto& [from, to] : model.edges) {
    out += "  " + MermaidId('r', from) + " --> " + MermaidId('r', to) + "\n";
  }
  // Dependencies outside the program are dashed, as in the DOT output.
  for (const std::string& node : model.missing) {
    out += "  style " + MermaidId('r', node) + " stroke-dasharray: 5 5\n";
  }
  return out;
}

}  // namespace berth::graph_internal
