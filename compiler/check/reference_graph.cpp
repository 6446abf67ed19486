#include "compiler/check/reference_graph.h"

#include <algorithm>
#include <deque>
#include <tuple>

#include "compiler/check/names.h"

namespace berth::check {

namespace {

// Walks one declaration's expressions and records the declarations they name.
class ReferenceWalker {
 public:
  ReferenceWalker(Module& module, Diagnostics& diags, Node* node, bool each_allowed)
      : module_(module), diags_(diags), node_(node), each_allowed_(each_allowed) {}

  void Walk(const ast::Expr& expr) {
    switch (expr.kind) {
      case ast::ExprKind::kIdentifier:
        return Identifier(expr);
      case ast::ExprKind::kGetAttr:
        if (GetAttr(expr)) return;
        break;
      case ast::ExprKind::kForList:
      case ast::ExprKind::kForMap: {
        // The collection is outside the loop; the loop variables shadow names in the rest.
        Walk(*expr.operands[0]);
        size_t depth = bound_.size();
        if (!expr.key_var.empty()) bound_.push_back(expr.key_var);
        if (!expr.value_var.empty()) bound_.push_back(expr.value_var);
        for (size_t i = 1; i < expr.operands.size(); ++i) Walk(*expr.operands[i]);
        bound_.resize(depth);
        return;
      }
      case ast::ExprKind::kMap:
        for (const ast::MapEntry& entry : expr.entries) {
          if (entry.key) Walk(*entry.key);
          if (entry.value) Walk(*entry.value);
        }
        return;
      default:
        break;
    }
    for (const ast::ExprPtr& operand : expr.operands) {
      if (operand) Walk(*operand);
    }
  }

  void set_each_allowed(bool allowed) { each_allowed_ = allowed; }
  // The stack block configures every resource, so it cannot read one.
  void forbid_resources() { resources_allowed_ = false; }

 private:
  bool Bound(const std::string& name) const {
    return std::find(bound_.begin(), bound_.end(), name) != bound_.end();
  }

  void Fail() {
    if (node_) node_->failed = true;
  }

  void AddEdge(size_t to, const SourceRange& range) {
    if (!node_) return;
    NodeKind kind = module_.nodes[to].kind;
    if (!resources_allowed_ && (kind == NodeKind::kResource || kind == NodeKind::kModuleCall)) {
      diags_.Error(range, "the stack block cannot use `" + module_.nodes[to].name +
                              "`: its settings apply to every resource, so they must be known "
                              "before any");
      Fail();
      return;
    }
    for (const Edge& e : node_->deps) {
      if (e.to == to) return;
    }
    node_->deps.push_back({to, range});
  }

  void Identifier(const ast::Expr& expr) {
    if (Bound(expr.name)) return;
    if (expr.name == "each" && !each_allowed_) {
      diags_.Error(expr.range, "`each` is only available in a block with for_each");
      Fail();
      return;
    }
    if (auto it = module_.let_index.find(expr.name); it != module_.let_index.end()) {
      AddEdge(module_.let_node[it->second], expr.range);
    }
    // `stack` is read after the root's stack block is evaluated. Module instances are evaluated
    // after it already, and the stack block itself cannot wait for itself.
    if (expr.name == "stack" && module_.stack_node && node_ &&
        node_ != &module_.nodes[*module_.stack_node]) {
      AddEdge(*module_.stack_node, expr.range);
    }
  }

  // `var.X`, `module.X`, `kind.label`; false when `expr` is none of those.
  bool GetAttr(const ast::Expr& expr) {
    const ast::Expr& object = *expr.operands[0];
    if (object.kind != ast::ExprKind::kIdentifier || Bound(object.name) ||
        module_.let_index.count(object.name)) {
      return false;
    }
    const std::string& ns = object.name;
    if (ns == "var") {
      if (auto it = module_.variable_index.find(expr.name); it != module_.variable_index.end()) {
        if (node_ && std::find(node_->variables.begin(), node_->variables.end(), it->second) ==
                         node_->variables.end()) {
          node_->variables.push_back(it->second);
        }
        return true;
      }
      Diagnostic& d = diags_.Error(expr.range, "undefined variable `var." + expr.name + "`");
      std::vector<std::string> names;
      for (const VariableDecl& v : module_.variables) names.push_back("var." + v.name);
      SuggestName(d, "var." + expr.name, names);
      if (d.notes.empty()) {
        d.notes.push_back({"declare it: variable \"" + expr.name + "\" { type = string }", {}});
      }
      Fail();
      return true;
    }
    if (ns == "module") {
      if (auto it = module_.call_index.find(expr.name); it != module_.call_index.end()) {
        AddEdge(module_.call_node[it->second], expr.range);
        return true;
      }
      Diagnostic& d = diags_.Error(expr.range, "undefined reference `module." + expr.name + "`");
      std::vector<std::string> names;
      for (const ModuleCallDecl& c : module_.calls) names.push_back("module." + c.label);
      SuggestName(d, "module." + expr.name, names);
      Fail();
      return true;
    }
    if (!schema::FindResource(ns)) return false;
    std::string address = ns + "." + expr.name;
    if (auto it = module_.resource_index.find(address); it != module_.resource_index.end()) {
      AddEdge(module_.resource_node[it->second], expr.range);
      return true;
    }
    Diagnostic& d = diags_.Error(expr.range, "undefined reference `" + address + "`");
    std::vector<std::string> names;
    for (const ResourceDecl& r : module_.resources) names.push_back(r.kind + "." + r.label);
    SuggestName(d, address, names);
    if (d.notes.empty()) {
      bool any_of_kind = std::binary_search(module_.kinds.begin(), module_.kinds.end(), ns);
      d.notes.push_back({any_of_kind
                             ? "no " + ns + " is labeled \"" + expr.name + "\" here"
                             : "no " + ns + " is declared in " +
                                   (module_.is_root ? "this stack" : "module " + module_.dir),
                         {}});
    }
    Fail();
    return true;
  }

  Module& module_;
  Diagnostics& diags_;
  Node* node_;
  bool each_allowed_;
  bool resources_allowed_ = true;
  std::vector<std::string> bound_;
};

void WalkBody(ReferenceWalker& walker, const ast::Body& body, bool top, bool has_for_each) {
  for (const ast::BodyItem& item : body.items) {
    if (item.attribute) {
      // for_each itself is evaluated before any instance exists, so `each` is not bound in it.
      bool is_for_each = top && item.attribute->name == "for_each";
      walker.set_each_allowed(has_for_each && !is_for_each);
      walker.Walk(*item.attribute->value);
    } else if (item.block) {
      WalkBody(walker, item.block->body, false, has_for_each);
    }
  }
}

// Tarjan's strongly connected components, iteratively (a stack may have 10,000 declarations in
// a chain). Components come out dependencies first.
std::vector<std::vector<size_t>> StronglyConnected(const std::vector<Node>& nodes) {
  const size_t n = nodes.size();
  constexpr size_t kUnset = static_cast<size_t>(-1);
  std::vector<size_t> index(n, kUnset), low(n, 0);
  std::vector<bool> on_stack(n, false);
  std::vector<size_t> stack;
  std::vector<std::vector<size_t>> components;
  size_t counter = 0;
  std::vector<std::pair<size_t, size_t>> calls;  // (node, next edge)
  for (size_t root = 0; root < n; ++root) {
    if (index[root] != kUnset) continue;
    calls.push_back({root, 0});
    while (!calls.empty()) {
      auto& [v, edge] = calls.back();
      if (edge == 0 && index[v] == kUnset) {
        index[v] = low[v] = counter++;
        stack.push_back(v);
        on_stack[v] = true;
      }
      if (edge < nodes[v].deps.size()) {
        size_t w = nodes[v].deps[edge++].to;
        if (index[w] == kUnset) {
          calls.push_back({w, 0});
        } else if (on_stack[w]) {
          low[v] = std::min(low[v], index[w]);
        }
        continue;
      }
      if (low[v] == index[v]) {
        std::vector<size_t> component;
        size_t w;
        do {
          w = stack.back();
          stack.pop_back();
          on_stack[w] = false;
          component.push_back(w);
        } while (w != v);
        components.push_back(std::move(component));
      }
      size_t done = v;
      calls.pop_back();
      if (!calls.empty()) {
        size_t parent = calls.back().first;
        low[parent] = std::min(low[parent], low[done]);
      }
    }
  }
  return components;
}

bool Before(const SourceRange& a, const SourceRange& b) {
  return std::tie(a.file, a.line, a.col) < std::tie(b.file, b.line, b.col);
}

// Reports one cycle through `component`: the shortest one from its first declaration.
void ReportCycle(std::vector<Node>& nodes, const std::vector<size_t>& component,
                 Diagnostics& diags) {
  size_t start = component[0];
  for (size_t v : component) {
    if (Before(nodes[v].range, nodes[start].range)) start = v;
  }
  std::vector<bool> in_component(nodes.size(), false);
  for (size_t v : component) in_component[v] = true;
  // Breadth-first from start back to start: parent[w] = (previous node, edge index).
  std::vector<std::pair<size_t, size_t>> parent(nodes.size(), {SIZE_MAX, 0});
  std::deque<size_t> queue = {start};
  std::vector<std::pair<size_t, size_t>> cycle;  // (node, edge index) steps
  while (!queue.empty() && cycle.empty()) {
    size_t u = queue.front();
    queue.pop_front();
    for (size_t e = 0; e < nodes[u].deps.size(); ++e) {
      size_t w = nodes[u].deps[e].to;
      if (!in_component[w]) continue;
      if (w == start) {
        cycle.push_back({u, e});
        for (size_t x = u; x != start; x = parent[x].first) cycle.push_back(parent[x]);
        std::reverse(cycle.begin(), cycle.end());
        break;
      }
      if (parent[w].first == SIZE_MAX && w != start) {
        parent[w] = {u, e};
        queue.push_back(w);
      }
    }
  }
  if (cycle.empty()) return;
  std::string chain;
  for (const auto& [u, e] : cycle) chain += nodes[u].name + " -> ";
  chain += nodes[start].name;
  const Edge& first = nodes[cycle[0].first].deps[cycle[0].second];
  Diagnostic& d = diags.Error(first.range.valid() ? first.range : nodes[start].range,
                              "reference cycle: " + chain);
  for (const auto& [u, e] : cycle) {
    const Edge& edge = nodes[u].deps[e];
    const std::string& to = nodes[edge.to].name;
    d.notes.push_back({edge.range.valid() ? "`" + nodes[u].name + "` references `" + to + "` here"
                                          : "`" + nodes[u].name + "` needs the stack's tags",
                       edge.range});
  }
  for (size_t v : component) nodes[v].failed = true;
}

}  // namespace

void BuildReferenceGraph(Module& module, Diagnostics& diags) {
  std::vector<Node>& nodes = module.nodes;
  auto add = [&](NodeKind kind, size_t index, std::string name, SourceRange range) {
    nodes.push_back({kind, index, std::move(name), range, {}, {}, false});
    return nodes.size() - 1;
  };
  for (size_t i = 0; i < module.lets.size(); ++i) {
    module.let_node.push_back(
        add(NodeKind::kLet, i, module.lets[i].name, module.lets[i].let->range));
  }
  for (size_t i = 0; i < module.resources.size(); ++i) {
    const ResourceDecl& r = module.resources[i];
    module.resource_node.push_back(
        add(NodeKind::kResource, i, r.kind + "." + r.label, r.block->range));
  }
  for (size_t i = 0; i < module.calls.size(); ++i) {
    const ModuleCallDecl& c = module.calls[i];
    module.call_node.push_back(add(NodeKind::kModuleCall, i, "module." + c.label, c.block->range));
  }
  for (size_t i = 0; i < module.outputs.size(); ++i) {
    const OutputDecl& o = module.outputs[i];
    module.output_node.push_back(add(NodeKind::kOutput, i, "output." + o.name, o.block->range));
  }
  if (module.stack) module.stack_node = add(NodeKind::kStack, 0, "stack", module.stack->range);

  for (size_t i = 0; i < module.lets.size(); ++i) {
    ReferenceWalker walker(module, diags, &nodes[module.let_node[i]], false);
    walker.Walk(*module.lets[i].let->value);
  }
  for (size_t i = 0; i < module.resources.size(); ++i) {
    const ResourceDecl& r = module.resources[i];
    ReferenceWalker walker(module, diags, &nodes[module.resource_node[i]], false);
    WalkBody(walker, r.block->body, true, r.for_each != nullptr);
  }
  for (size_t i = 0; i < module.calls.size(); ++i) {
    const ModuleCallDecl& c = module.calls[i];
    Node& node = nodes[module.call_node[i]];
    if (!c.target) node.failed = true;  // the import failed and was reported
    ReferenceWalker walker(module, diags, &node, false);
    WalkBody(walker, c.block->body, true, c.for_each != nullptr);
  }
  for (size_t i = 0; i < module.outputs.size(); ++i) {
    const OutputDecl& o = module.outputs[i];
    ReferenceWalker walker(module, diags, &nodes[module.output_node[i]], false);
    for (const ast::Expr* e : {o.value, o.description, o.sensitive}) {
      if (e) walker.Walk(*e);
    }
  }
  if (module.stack_node) {
    ReferenceWalker walker(module, diags, &nodes[*module.stack_node], false);
    walker.forbid_resources();
    WalkBody(walker, module.stack->body, true, false);
    // Every resource takes the stack's tags, so the stack is evaluated before any of them.
    for (size_t v : module.resource_node) nodes[v].deps.push_back({*module.stack_node, {}});
    for (size_t v : module.call_node) nodes[v].deps.push_back({*module.stack_node, {}});
  }
  // Variables: validations may read other variables; nothing depends on them in the graph.
  for (const VariableDecl& v : module.variables) {
    ReferenceWalker walker(module, diags, nullptr, false);
    for (const Validation& validation : v.validations) {
      walker.Walk(*validation.condition);
      walker.Walk(*validation.message);
    }
  }

  for (const std::vector<size_t>& component : StronglyConnected(nodes)) {
    bool cyclic = component.size() > 1;
    if (!cyclic) {
      for (const Edge& e : nodes[component[0]].deps) cyclic = cyclic || e.to == component[0];
    }
    if (cyclic) ReportCycle(nodes, component, diags);
    module.order.insert(module.order.end(), component.begin(), component.end());
  }
}

}  // namespace berth::check
