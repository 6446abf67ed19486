// berth's own syntax tree. The parse phase builds it from ANTLR's parse tree (which never leaves
// compiler/parse/); every node keeps its source range for diagnostics in later phases.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/base/source.h"
#include "compiler/base/value.h"

namespace berth::ast {

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

enum class ExprKind {
  kLiteral,      // literal: number, unit number, bool, null, or a string without interpolation
  kTemplate,     // string with interpolation: parts are kLiteral strings and expressions
  kIdentifier,   // name
  kGetAttr,      // operands[0].name
  kIndex,        // operands[0][operands[1]]
  kCall,         // name(operands...)
  kList,         // [operands...]
  kMap,          // { entries }
  kUnary,        // op operands[0]
  kBinary,       // operands[0] op operands[1]
  kConditional,  // operands[0] ? operands[1] : operands[2]  (also `if c then a else b`)
  kForList,      // [for key_var, value_var in operands[0] : operands[1] if operands[2]]
  kForMap,       // {for ... in operands[0] : operands[1] => operands[2] if operands[3]}
};

enum class Operator {
  kNone, kNot, kNeg, kMul, kDiv, kAdd, kSub, kLt, kLe, kGt, kGe, kEq, kNe, kAnd, kOr,
};
const char* OperatorText(Operator op);  // "+", "&&", ...

struct MapEntry {
  ExprPtr key;  // an identifier key is stored as a kLiteral string; `(expr)` keys as that expr
  bool key_is_identifier = false;  // for fmt: `A = 1` rather than `"A" = 1`
  ExprPtr value;
};

struct Expr {
  ExprKind kind = ExprKind::kLiteral;
  SourceRange range;
  Value literal;            // kLiteral
  std::string name;         // kIdentifier, kGetAttr (attribute), kCall (function)
  Operator op = Operator::kNone;
  std::vector<ExprPtr> operands;
  std::vector<MapEntry> entries;  // kMap
  // kForList / kForMap: `for k, v in` sets both; `for v in` sets only value_var.
  std::string key_var;
  std::string value_var;
  bool has_condition = false;  // kForList / kForMap: the last operand is the `if` filter
  bool if_then_else = false;   // kConditional written as `if c then a else b` (kept for fmt)
  std::string source_text;     // kLiteral numbers: the literal as written, e.g. "512MiB" (fmt)

  Expr() = default;
  Expr(Expr&&) = default;
  Expr& operator=(Expr&&) = default;
  // Frees children with a worklist: a 100,000-term `1 + 1 + ...` is a tree that deep, and
  // recursive destruction would overflow the stack.
  ~Expr();
};

inline Expr::~Expr() {
  if (operands.empty() && entries.empty()) return;
  std::vector<ExprPtr> pending;
  auto detach = [&pending](Expr& e) {
    for (ExprPtr& op : e.operands) {
      if (op) pending.push_back(std::move(op));
    }
    for (MapEntry& entry : e.entries) {
      if (entry.key) pending.push_back(std::move(entry.key));
      if (entry.value) pending.push_back(std::move(entry.value));
    }
  };
  detach(*this);
  while (!pending.empty()) {
    ExprPtr e = std::move(pending.back());
    pending.pop_back();
    detach(*e);
  }  // each `e` dies childless, so its own destructor returns at once
}

struct Block;

struct Attribute {
  std::string name;
  SourceRange name_range;
  ExprPtr value;
  SourceRange range;  // whole `name = value`
};

// An attribute or a nested block, in source order.
struct BodyItem {
  std::unique_ptr<Attribute> attribute;
  std::unique_ptr<Block> block;
  SourceRange range() const;
};

struct Body {
  std::vector<BodyItem> items;
};

struct Block {
  std::string type;  // "service", "container", or an import alias for a module instance
  SourceRange type_range;
  std::optional<std::string> label;
  SourceRange label_range;
  Body body;
  SourceRange range;  // from the type to the closing brace
};

struct Import {
  std::string path;   // "std/web_service" or "./modules/worker"
  std::string alias;  // `as name`, or the last path component
  SourceRange path_range;
  SourceRange range;
};

struct Let {
  std::string name;
  SourceRange name_range;
  ExprPtr value;
  SourceRange range;
};

// A top-level item, in source order.
struct TopItem {
  std::unique_ptr<Import> import;
  std::unique_ptr<Let> let;
  std::unique_ptr<Block> block;
  SourceRange range() const;
};

struct Comment {
  std::string text;  // including the comment marker
  SourceRange range;
};

struct File {
  uint32_t source_id = 0;
  std::vector<TopItem> items;
  std::vector<Comment> comments;  // every comment, in order, for fmt
};

}  // namespace berth::ast
