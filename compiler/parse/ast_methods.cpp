// The few out-of-line members of compiler/ast/ast.h. They live in the parse library because
// every user of the AST links it.
#include "compiler/ast/ast.h"

namespace berth::ast {

const char* OperatorText(Operator op) {
  switch (op) {
    case Operator::kNone:
      return "";
    case Operator::kNot:
      return "!";
    case Operator::kNeg:
      return "-";
    case Operator::kMul:
      return "*";
    case Operator::kDiv:
      return "/";
    case Operator::kAdd:
      return "+";
    case Operator::kSub:
      return "-";
    case Operator::kLt:
      return "<";
    case Operator::kLe:
      return "<=";
    case Operator::kGt:
      return ">";
    case Operator::kGe:
      return ">=";
    case Operator::kEq:
      return "==";
    case Operator::kNe:
      return "!=";
    case Operator::kAnd:
      return "&&";
    case Operator::kOr:
      return "||";
  }
  return "";
}

SourceRange BodyItem::range() const {
  if (attribute) return attribute->range;
  if (block) return block->range;
  return {};
}

SourceRange TopItem::range() const {
  if (import) return import->range;
  if (let) return let->range;
  if (block) return block->range;
  return {};
}

}  // namespace berth::ast
