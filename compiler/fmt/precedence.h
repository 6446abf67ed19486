// Operator precedence as the grammar (grammar/BerthParser.g4) defines it: the AST keeps no
// parentheses, so the printer adds exactly those the tree's shape needs.
#pragma once

#include "compiler/ast/ast.h"

namespace berth::fmt_internal {

enum Precedence : int {
  kConditionalPrec = 0,  // `c ? a : b` and `if c then a else b`
  kOrPrec = 1,
  kAndPrec = 2,
  kEqualityPrec = 3,
  kRelationalPrec = 4,
  kAdditivePrec = 5,
  kMultiplicativePrec = 6,
  kUnaryPrec = 7,
  kPostfixPrec = 8,  // `.attr`, `[index]`
  kPrimaryPrec = 9,
};

int PrecedenceOf(ast::Operator op);
int PrecedenceOf(const ast::Expr& e);

}  // namespace berth::fmt_internal
