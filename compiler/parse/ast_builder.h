// Turns ANTLR parse-tree contexts into berth's AST. Contexts go no further than this class.
//
// Nodes are recognised by their children (token types and rule indices) rather than by
// dynamic_cast to the generated context classes: on a 150,000-line file the casts, which
// compare type names across the runtime's shared library, were a large part of the time.
#pragma once

#include <cstdint>
#include <vector>

#include "BerthParser.h"
#include "compiler/ast/ast.h"
#include "compiler/parse/error_sink.h"
#include "compiler/parse/source_text.h"

namespace berth::parse {

class AstBuilder {
 public:
  // `max_depth` bounds expression nesting; the token scan bounds it first, this is the
  // backstop that keeps the builder's own recursion finite whatever the tree.
  AstBuilder(ErrorSink& sink, const SourceText& text, int max_depth)
      : sink_(sink), text_(text), file_(sink.file_id()), max_depth_(max_depth) {}

  void BuildFile(antlr4::ParserRuleContext* ctx, ast::File& file);
  // One `item` of a file (parsed on its own, see parse.cpp), appended to `file`.
  void BuildItem(antlr4::ParserRuleContext* item, ast::File& file);
  std::vector<ast::Attribute> BuildVarFile(antlr4::ParserRuleContext* ctx);
  ast::ExprPtr BuildExprOnly(antlr4::ParserRuleContext* ctx);

 private:
  using Ctx = antlr4::ParserRuleContext;

  std::unique_ptr<ast::Import> BuildImport(Ctx* ctx);
  std::unique_ptr<ast::Let> BuildLet(Ctx* ctx);
  // A top-level block or a nested one (a body item with a `{`).
  std::unique_ptr<ast::Block> BuildBlock(Ctx* ctx);
  void BuildBody(Ctx* ctx, ast::Body& body);
  std::unique_ptr<ast::Attribute> BuildAttribute(Ctx* ctx);

  ast::ExprPtr BuildExpr(Ctx* ctx);
  // Left-recursive forms (`a + b`, `a.b`, `a[b]`, `a ? b : c`) whose left operand is `left`.
  ast::ExprPtr WrapLeft(Ctx* ctx, ast::ExprPtr left);
  ast::ExprPtr BuildPrimary(Ctx* ctx);
  ast::ExprPtr BuildString(Ctx* ctx);
  ast::ExprPtr BuildNumber(antlr4::Token* token);
  ast::ExprPtr BuildFor(Ctx* ctx, ast::ExprKind kind);
  ast::ExprPtr BuildMap(Ctx* ctx);

  // A label or import path: a string without interpolation. False after reporting.
  bool PlainString(Ctx* ctx, std::string& out, const char* what);

  std::string Text(antlr4::Token* token) const { return std::string(text_.Text(token)); }
  SourceRange Range(Ctx* ctx) const;
  SourceRange Range(antlr4::Token* token) const;
  // Stands in for a part the parser could not recover, so no operand is ever null.
  ast::ExprPtr Placeholder(const SourceRange& range) const;

  ErrorSink& sink_;
  const SourceText& text_;
  uint32_t file_;
  int max_depth_;
  int depth_ = 0;
  bool reported_depth_ = false;
};

}  // namespace berth::parse
