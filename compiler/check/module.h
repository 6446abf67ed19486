// The checker's model of a loaded module: its files, imports, declarations and the reference
// graph over them. Built once per module directory, however many instances the stack makes of
// it, so that instantiating a module 10,000 times costs evaluation only.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "compiler/ast/ast.h"
#include "compiler/base/value.h"
#include "compiler/schema/schema.h"

namespace berth::check {

// Hash for unordered maps keyed by std::string that accept std::string_view lookups.
struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
template <typename T>
using StringMap = std::unordered_map<std::string, T, StringHash, std::equal_to<>>;

struct Module;

// The types a `variable` may declare, written as a bare word.
enum class VarType { kAny, kString, kNumber, kBool, kDuration, kSize, kPercent, kList, kMap };

struct Validation {
  const ast::Expr* condition = nullptr;
  const ast::Expr* message = nullptr;
  SourceRange range;
};

struct VariableDecl {
  std::string name;
  const ast::Block* block = nullptr;
  VarType type = VarType::kAny;
  const ast::Expr* default_value = nullptr;
  std::string description;
  bool sensitive = false;
  std::vector<Validation> validations;
};

struct LetDecl {
  std::string name;
  const ast::Let* let = nullptr;
};

struct OutputDecl {
  std::string name;
  const ast::Block* block = nullptr;
  const ast::Expr* value = nullptr;
  const ast::Expr* description = nullptr;
  const ast::Expr* sensitive = nullptr;
};

struct ResourceDecl {
  std::string kind;
  std::string label;
  const ast::Block* block = nullptr;
  const schema::BlockSpec* spec = nullptr;
  const ast::Expr* for_each = nullptr;
};

// A block whose type is an import alias: one (or, with for_each, many) instances of a module.
struct ModuleCallDecl {
  std::string alias;
  std::string label;
  const ast::Block* block = nullptr;
  const Module* target = nullptr;
  const ast::Expr* for_each = nullptr;
};

struct ImportBinding {
  std::string alias;
  const ast::Import* decl = nullptr;
  const Module* module = nullptr;  // nullptr when it could not be loaded
};

enum class NodeKind { kLet, kResource, kModuleCall, kOutput, kStack };

struct Edge {
  size_t to = 0;
  SourceRange range;  // the reference; invalid for implicit edges (everything needs the stack)
};

// A declaration in the reference graph.
struct Node {
  NodeKind kind = NodeKind::kLet;
  size_t index = 0;   // into the module's vector for that kind
  std::string name;   // as shown in cycle messages: "service.api", "module.web", "replicas"
  SourceRange range;  // the declaration, to start cycle reports at the first one in the source
  std::vector<Edge> deps;
  std::vector<size_t> variables;  // indexes of the variables it reads (var.X)
  bool failed = false;            // an error was found statically: the node is never evaluated
};

struct Module {
  std::string dir;        // as shown in diagnostics: the path given or joined from imports
  std::string canonical;  // the cache key
  bool is_root = false;
  std::vector<ast::File> files;

  StringMap<ImportBinding> imports;

  const ast::Block* stack = nullptr;
  const ast::Block* backend = nullptr;
  std::vector<VariableDecl> variables;
  std::vector<LetDecl> lets;
  std::vector<OutputDecl> outputs;
  std::vector<ResourceDecl> resources;
  std::vector<ModuleCallDecl> calls;

  StringMap<size_t> variable_index;
  StringMap<size_t> let_index;
  StringMap<size_t> resource_index;  // "kind.label"
  StringMap<size_t> call_index;      // label
  std::vector<std::string> kinds;    // resource kinds declared here, sorted unique

  // Reference graph: nodes, and the order to evaluate them in (dependencies first). Nodes on a
  // cycle are reported and marked failed.
  std::vector<Node> nodes;
  std::vector<size_t> order;
  std::vector<size_t> let_node, resource_node, call_node, output_node;
  std::optional<size_t> stack_node;

  // Variable defaults, evaluated once per module (they cannot reference anything).
  std::vector<std::optional<Value>> default_values;
};

}  // namespace berth::check
