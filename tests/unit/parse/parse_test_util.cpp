#include "tests/unit/parse/parse_test_util.h"

#include <fmt/format.h>

namespace berth::parse_test {

namespace {

std::string Literal(const ast::Expr& e) {
  if (!e.source_text.empty()) return e.source_text;
  return e.literal.ToSource(true);
}

}  // namespace

std::string Dump(const ast::Expr& e) {
  auto operands = [&](size_t from) {
    std::string out;
    for (size_t i = from; i < e.operands.size(); ++i) out += " " + Dump(*e.operands[i]);
    return out;
  };
  switch (e.kind) {
    case ast::ExprKind::kLiteral:
      return Literal(e);
    case ast::ExprKind::kTemplate:
      return "(tmpl" + operands(0) + ")";
    case ast::ExprKind::kIdentifier:
      return e.name;
    case ast::ExprKind::kGetAttr:
      return "(. " + Dump(*e.operands[0]) + " " + e.name + ")";
    case ast::ExprKind::kIndex:
      return "([]" + operands(0) + ")";
    case ast::ExprKind::kCall:
      return "(call " + e.name + operands(0) + ")";
    case ast::ExprKind::kList:
      return "[" + (e.operands.empty() ? "" : operands(0).substr(1)) + "]";
    case ast::ExprKind::kMap: {
      std::string out = "{";
      for (size_t i = 0; i < e.entries.size(); ++i) {
        if (i > 0) out += " ";
        out += (e.entries[i].key_is_identifier ? "id:" : "") + Dump(*e.entries[i].key) + "=" +
               Dump(*e.entries[i].value);
      }
      return out + "}";
    }
    case ast::ExprKind::kUnary:
    case ast::ExprKind::kBinary:
      return std::string("(") + ast::OperatorText(e.op) + operands(0) + ")";
    case ast::ExprKind::kConditional:
      return std::string(e.if_then_else ? "(if" : "(?:") + operands(0) + ")";
    case ast::ExprKind::kForList:
    case ast::ExprKind::kForMap: {
      std::string out = e.kind == ast::ExprKind::kForList ? "(for-list " : "(for-map ";
      if (!e.key_var.empty()) out += e.key_var + ",";
      out += e.value_var + " in " + Dump(*e.operands[0]);
      size_t body_end = e.operands.size() - (e.has_condition ? 1 : 0);
      out += " :";
      for (size_t i = 1; i < body_end; ++i) out += " " + Dump(*e.operands[i]);
      if (e.has_condition) out += " if " + Dump(*e.operands.back());
      return out + ")";
    }
  }
  return "?";
}

std::string RangeText(const SourceRange& r) {
  return fmt::format("{}:{}-{}:{}", r.line, r.col, r.end_line, r.end_col);
}

}  // namespace berth::parse_test
