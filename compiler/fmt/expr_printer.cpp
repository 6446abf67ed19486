#include "compiler/fmt/expr_printer.h"

#include "compiler/fmt/precedence.h"
#include "compiler/fmt/rows.h"

namespace berth::fmt_internal {

namespace {

using ast::Expr;
using ast::ExprKind;

const Expr* OperandAt(const Expr& e, size_t i) {
  return i < e.operands.size() ? e.operands[i].get() : nullptr;
}

bool IsStringLiteral(const Expr& e) {
  return e.kind == ExprKind::kLiteral && e.literal.is(ValueKind::kString);
}

// Lists, maps and for expressions are collections; anything else may sit in an inline map.
bool IsScalar(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kList:
    case ExprKind::kMap:
    case ExprKind::kForList:
    case ExprKind::kForMap:
      return false;
    default:
      return true;
  }
}

std::string LiteralText(const Expr& e) {
  const Value& v = e.literal;
  switch (v.kind()) {
    case ValueKind::kString:
      return Quote(v.str());
    case ValueKind::kBool:
      return v.as_bool() ? "true" : "false";
    case ValueKind::kNull:
      return "null";
    default:
      // Numbers as written: `1_000`, `512MiB` and `0.5` stay what the author chose.
      if (!e.source_text.empty()) return e.source_text;
      return v.ToSource(/*reveal=*/true);
  }
}

// Whether comment range `c` inside `e` lies where Render keeps comments: between the entries
// of a list or map printed one entry per line. `flat`: inside a string or a map key, where
// everything stays on one line.
bool Hosted(const Expr& e, const SourceRange& c, bool flat) {
  if (e.kind == ExprKind::kTemplate) flat = true;
  if (e.kind == ExprKind::kMap) {
    for (const ast::MapEntry& entry : e.entries) {
      if (!entry.key || !entry.value) continue;
      if (!Contains(SourceRange::Join(entry.key->range, entry.value->range), c)) continue;
      // Between key and value there is no line of its own.
      if (Contains(entry.key->range, c)) return Hosted(*entry.key, c, true);
      if (Contains(entry.value->range, c)) return Hosted(*entry.value, c, flat);
      return false;
    }
    return !flat;
  }
  for (const ast::ExprPtr& op : e.operands) {
    if (op && Contains(op->range, c)) return Hosted(*op, c, flat);
  }
  return e.kind == ExprKind::kList && !flat;
}

}  // namespace

void TextSink::Add(std::string_view text) {
  text_ += text;
  col_ = ColumnAfter(col_, text);
}

bool ExprPrinter::CommentsFit(const Expr& e, Pos end) const {
  for (const ast::Comment* c : ctx_.comments.PendingBefore(end)) {
    if (!Contains(e.range, c->range) || !Hosted(e, c->range, false)) return false;
  }
  return true;
}

bool ExprPrinter::IsTextPart(const Expr& part) const {
  // A string literal interpolated (`${"x"}`) is a literal too, but its text starts with the
  // quote that no text piece can start with.
  return IsStringLiteral(part) && ByteAt(ctx_.source, Start(part.range)) != '"';
}

template <typename Sink, typename Child>
void ExprPrinter::Compose(const Expr& e, Sink& out, Child&& child) {
  // An operand, parenthesized when its precedence is below what its position needs.
  auto operand = [&](const Expr* op, int min_prec) {
    if (!op) return;
    bool parens = PrecedenceOf(*op) < min_prec;
    if (parens) out.Add("(");
    child(*op, out);
    if (parens) out.Add(")");
  };
  const Expr* a = OperandAt(e, 0);
  const Expr* b = OperandAt(e, 1);
  const Expr* c = OperandAt(e, 2);
  switch (e.kind) {
    case ExprKind::kLiteral:
      out.Add(LiteralText(e));
      break;
    case ExprKind::kIdentifier:
      out.Add(e.name);
      break;
    case ExprKind::kTemplate: {
      // Adjacent text pieces are escaped together so that a `$` ending one and a `{` starting
      // the next are seen as the one `${` they would form.
      out.Add("\"");
      std::string text;
      auto flush = [&](bool before_interpolation) {
        std::string escaped;
        AppendEscaped(escaped, text, before_interpolation);
        out.Add(escaped);
        text.clear();
      };
      for (const ast::ExprPtr& part : e.operands) {
        if (!part) continue;
        if (IsTextPart(*part)) {
          text += part->literal.str();
          continue;
        }
        flush(true);
        out.Add("${");
        child(*part, out);
        out.Add("}");
      }
      flush(false);
      out.Add("\"");
      break;
    }
    case ExprKind::kGetAttr:
      operand(a, kPostfixPrec);
      out.Add(".");
      out.Add(e.name);
      break;
    case ExprKind::kIndex:
      operand(a, kPostfixPrec);
      out.Add("[");
      operand(b, 0);
      out.Add("]");
      break;
    case ExprKind::kCall:
      out.Add(e.name);
      out.Add("(");
      for (size_t i = 0; i < e.operands.size(); ++i) {
        if (i > 0) out.Add(", ");
        operand(e.operands[i].get(), 0);
      }
      out.Add(")");
      break;
    case ExprKind::kUnary:
      out.Add(ast::OperatorText(e.op));
      operand(a, kUnaryPrec);
      break;
    case ExprKind::kBinary: {
      // Left-associative: a right operand of the same precedence needs parentheses.
      int prec = PrecedenceOf(e.op);
      operand(a, prec);
      out.Add(" ");
      out.Add(ast::OperatorText(e.op));
      out.Add(" ");
      operand(b, prec + 1);
      break;
    }
    case ExprKind::kConditional:
      // A conditional as condition would read ambiguously; the branches are delimited by
      // keywords and `:`, and an else branch extends as far as it can, so they need none.
      if (e.if_then_else) {
        out.Add("if ");
        operand(a, kConditionalPrec + 1);
        out.Add(" then ");
        operand(b, 0);
        out.Add(" else ");
        operand(c, 0);
      } else {
        operand(a, kConditionalPrec + 1);
        out.Add(" ? ");
        operand(b, 0);
        out.Add(" : ");
        operand(c, 0);
      }
      break;
    case ExprKind::kForList:
    case ExprKind::kForMap: {
      bool is_map = e.kind == ExprKind::kForMap;
      out.Add(is_map ? "{for " : "[for ");
      if (!e.key_var.empty()) {
        out.Add(e.key_var);
        out.Add(", ");
      }
      out.Add(e.value_var);
      out.Add(" in ");
      operand(a, kConditionalPrec + 1);
      out.Add(" : ");
      operand(b, 0);
      if (is_map) {
        out.Add(" => ");
        operand(c, 0);
      }
      if (e.has_condition && !e.operands.empty()) {
        out.Add(" if ");
        operand(e.operands.back().get(), 0);
      }
      out.Add(is_map ? "}" : "]");
      break;
    }
    case ExprKind::kList:
      ComposeFlatList(e, out, child);
      break;
    case ExprKind::kMap:
      ComposeFlatMap(e, out, child);
      break;
  }
}

template <typename Sink, typename Child>
void ExprPrinter::ComposeFlatList(const Expr& e, Sink& out, Child&& child) {
  out.Add("[");
  bool first = true;
  for (const ast::ExprPtr& item : e.operands) {
    if (!item) continue;
    if (!first) out.Add(", ");
    first = false;
    child(*item, out);
  }
  out.Add("]");
}

template <typename Sink, typename Child>
void ExprPrinter::ComposeFlatMap(const Expr& e, Sink& out, Child&& child) {
  out.Add("{");
  bool first = true;
  for (const ast::MapEntry& entry : e.entries) {
    if (!entry.key || !entry.value) continue;
    out.Add(first ? " " : ", ");
    first = false;
    ComposeKey(entry, out, child);
    out.Add(" = ");
    child(*entry.value, out);
  }
  out.Add(first ? "}" : " }");
}

template <typename Sink, typename Child>
void ExprPrinter::ComposeKey(const ast::MapEntry& entry, Sink& out, Child&& child) {
  const Expr& key = *entry.key;
  if (entry.key_is_identifier && IsStringLiteral(key)) {
    out.Add(key.literal.str());
  } else if (IsStringLiteral(key) || key.kind == ExprKind::kTemplate) {
    child(key, out);
  } else {
    out.Add("(");
    child(key, out);
    out.Add(")");
  }
}

const ExprPrinter::Metrics& ExprPrinter::Measure(const Expr& e) {
  if (auto it = metrics_.find(&e); it != metrics_.end()) return it->second;
  Metrics m;
  WidthSink width;
  Compose(e, width, [&](const Expr& child, WidthSink& out) { out.width += Measure(child).width; });
  m.width = width.width;
  m.inline_ok = true;
  if (e.kind == ExprKind::kMap) {
    for (const ast::MapEntry& entry : e.entries) {
      if (!entry.value) continue;
      m.inline_ok = m.inline_ok && IsScalar(*entry.value) && Measure(*entry.value).inline_ok;
    }
  } else if (e.kind != ExprKind::kTemplate) {  // strings are always one line
    for (const ast::ExprPtr& op : e.operands) {
      if (op) m.inline_ok = m.inline_ok && Measure(*op).inline_ok;
    }
  }
  return metrics_.emplace(&e, m).first->second;
}

void ExprPrinter::WriteFlat(const Expr& e, TextSink& out) {
  Compose(e, out, [&](const Expr& child, TextSink& sink) { WriteFlat(child, sink); });
}

void ExprPrinter::Write(const Expr& e, int indent, TextSink& out) {
  bool has_comments = !ctx_.comments.PendingBefore(End(e.range)).empty();
  const Metrics& m = Measure(e);
  if (!has_comments && m.inline_ok && out.col() + m.width <= ctx_.options.max_width) {
    WriteFlat(e, out);
    return;
  }
  switch (e.kind) {
    case ExprKind::kList:
      out.Add(RenderList(e, indent));
      return;
    case ExprKind::kMap:
      out.Add(RenderMap(e, indent));
      return;
    case ExprKind::kTemplate:
      WriteFlat(e, out);
      return;
    default:
      Compose(e, out, [&](const Expr& child, TextSink& sink) { Write(child, indent, sink); });
  }
}

std::string ExprPrinter::Render(const Expr& e, int indent, int col) {
  TextSink out(col);
  Write(e, indent, out);
  return std::move(out.text());
}

std::string ExprPrinter::RenderList(const Expr& e, int indent) {
  RowList rows(ctx_);
  const Pos close = ClosingBracket(e.range);
  const int col = (indent + 1) * ctx_.options.indent_width;
  for (size_t i = 0; i < e.operands.size(); ++i) {
    const Expr* item = e.operands[i].get();
    if (!item) continue;
    rows.AddCommentsBefore(Start(item->range));
    std::string text = Render(*item, indent + 1, col);
    const Expr* next = OperandAt(e, i + 1);
    rows.AddItem({item->range.line, item->range.end_line, "", std::move(text), ","},
                 next ? Start(next->range) : close);
  }
  rows.AddCommentsBefore(close);
  if (rows.empty()) return "[]";
  return "[\n" + rows.Render(indent + 1) + Indent(indent, ctx_.options.indent_width) + "]";
}

std::string ExprPrinter::RenderMap(const Expr& e, int indent) {
  RowList rows(ctx_);
  const Pos close = ClosingBracket(e.range);
  const int col = (indent + 1) * ctx_.options.indent_width;
  for (size_t i = 0; i < e.entries.size(); ++i) {
    const ast::MapEntry& entry = e.entries[i];
    if (!entry.key || !entry.value) continue;
    rows.AddCommentsBefore(Start(entry.key->range));
    // Keys stay on one line: comments inside them were moved above the item.
    TextSink key(0);
    ComposeKey(entry, key, [&](const Expr& child, TextSink& sink) { WriteFlat(child, sink); });
    std::string text = Render(*entry.value, indent + 1, col + key.col() + 3);
    Pos limit = close;
    if (i + 1 < e.entries.size() && e.entries[i + 1].key) {
      limit = Start(e.entries[i + 1].key->range);
    }
    rows.AddItem({entry.key->range.line, entry.value->range.end_line, std::move(key.text()),
                  std::move(text), ""},
                 limit);
  }
  rows.AddCommentsBefore(close);
  if (rows.empty()) return "{}";
  return "{\n" + rows.Render(indent + 1) + Indent(indent, ctx_.options.indent_width) + "}";
}

}  // namespace berth::fmt_internal
