// Expressions back to text. Parentheses come from precedence (the AST keeps none); lists and
// maps stay on one line when they fit and hold no comments, otherwise they get one entry per
// line with the comments between entries kept in place.
#pragma once

#include <string>
#include <unordered_map>

#include "compiler/ast/ast.h"
#include "compiler/fmt/context.h"

namespace berth::fmt_internal {

// Text being built, with the column it has reached (what the width limit is checked against).
class TextSink {
 public:
  explicit TextSink(int col) : col_(col) {}
  void Add(std::string_view text);
  int col() const { return col_; }
  std::string& text() { return text_; }

 private:
  std::string text_;
  int col_;
};

// Only the width of one-line text: measuring needs no copies, so long `a + b + ...` chains stay
// linear.
struct WidthSink {
  int width = 0;
  void Add(std::string_view text) { width += Width(text); }
};

class ExprPrinter {
 public:
  explicit ExprPrinter(FormatContext& ctx) : ctx_(ctx) {}

  // `e` starting at column `col` of a line indented `indent` levels. Takes the comments inside
  // `e` from the queue: call CommentsFit first and hoist them when they don't.
  std::string Render(const ast::Expr& e, int indent, int col);

  // Whether every pending comment before `end` lies inside `e` between the entries of a list or
  // map, where Render keeps it. Others (`f(a, # x` ...) have no place of their own: the caller
  // moves all of them above the item, which keeps their order.
  bool CommentsFit(const ast::Expr& e, Pos end) const;

 private:
  struct Metrics {
    int width = 0;           // of the one-line form
    bool inline_ok = false;  // no map inside needs one entry per line
  };
  const Metrics& Measure(const ast::Expr& e);
  void WriteFlat(const ast::Expr& e, TextSink& out);
  void Write(const ast::Expr& e, int indent, TextSink& out);
  std::string RenderList(const ast::Expr& e, int indent);
  std::string RenderMap(const ast::Expr& e, int indent);
  // Whether a part of a template is its text rather than an interpolated expression.
  bool IsTextPart(const ast::Expr& part) const;

  // The one-line forms, shared by measuring and writing: `child(expr, sink)` emits an operand.
  template <typename Sink, typename Child>
  void Compose(const ast::Expr& e, Sink& out, Child&& child);
  template <typename Sink, typename Child>
  void ComposeFlatList(const ast::Expr& e, Sink& out, Child&& child);
  template <typename Sink, typename Child>
  void ComposeFlatMap(const ast::Expr& e, Sink& out, Child&& child);
  template <typename Sink, typename Child>
  void ComposeKey(const ast::MapEntry& entry, Sink& out, Child&& child);

  FormatContext& ctx_;
  std::unordered_map<const ast::Expr*, Metrics> metrics_;
};

}  // namespace berth::fmt_internal
