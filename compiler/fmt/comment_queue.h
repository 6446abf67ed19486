// The file's comments in source order, handed out as the formatter walks the AST in the same
// order. Each comment is taken exactly once, which is what keeps every comment, in order.
#pragma once

#include <span>
#include <vector>

#include "compiler/ast/ast.h"
#include "compiler/fmt/text_util.h"

namespace berth::fmt_internal {

class CommentQueue {
 public:
  explicit CommentQueue(const std::vector<ast::Comment>& comments);

  // The next comment if it starts before `pos`, taken; else nullptr.
  const ast::Comment* TakeBefore(Pos pos);
  // The comments not yet taken that start before `pos`, left in place.
  std::span<const ast::Comment* const> PendingBefore(Pos pos) const;
  // Comments that start on `line` before `limit`, continuing on the line where each one ends
  // (a block comment may span lines): the comments trailing an item that ends on `line`.
  std::vector<const ast::Comment*> TakeTrailing(uint32_t line, Pos limit);

 private:
  std::vector<const ast::Comment*> sorted_;
  size_t next_ = 0;
};

}  // namespace berth::fmt_internal
