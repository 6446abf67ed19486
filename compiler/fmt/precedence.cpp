#include "compiler/fmt/precedence.h"

namespace berth::fmt_internal {

using ast::Operator;

int PrecedenceOf(Operator op) {
  switch (op) {
    case Operator::kOr:
      return kOrPrec;
    case Operator::kAnd:
      return kAndPrec;
    case Operator::kEq:
    case Operator::kNe:
      return kEqualityPrec;
    case Operator::kLt:
    case Operator::kLe:
    case Operator::kGt:
    case Operator::kGe:
      return kRelationalPrec;
    case Operator::kAdd:
    case Operator::kSub:
      return kAdditivePrec;
    case Operator::kMul:
    case Operator::kDiv:
      return kMultiplicativePrec;
    case Operator::kNot:
    case Operator::kNeg:
      return kUnaryPrec;
    case Operator::kNone:
      break;
  }
  return kPrimaryPrec;
}

int PrecedenceOf(const ast::Expr& e) {
  switch (e.kind) {
    case ast::ExprKind::kConditional:
      return kConditionalPrec;
    case ast::ExprKind::kBinary:
      return PrecedenceOf(e.op);
    case ast::ExprKind::kUnary:
      return kUnaryPrec;
    case ast::ExprKind::kGetAttr:
    case ast::ExprKind::kIndex:
      return kPostfixPrec;
    default:
      return kPrimaryPrec;
  }
}

}  // namespace berth::fmt_internal
