#include "compiler/fmt/comment_queue.h"

#include <algorithm>

namespace berth::fmt_internal {

CommentQueue::CommentQueue(const std::vector<ast::Comment>& comments) {
  sorted_.reserve(comments.size());
  for (const ast::Comment& c : comments) sorted_.push_back(&c);
  // The parser records them in order already; sorting keeps the walk correct regardless.
  std::stable_sort(sorted_.begin(), sorted_.end(),
                   [](const ast::Comment* a, const ast::Comment* b) {
                     return Start(a->range) < Start(b->range);
                   });
}

const ast::Comment* CommentQueue::TakeBefore(Pos pos) {
  if (next_ < sorted_.size() && Start(sorted_[next_]->range) < pos) return sorted_[next_++];
  return nullptr;
}

std::span<const ast::Comment* const> CommentQueue::PendingBefore(Pos pos) const {
  size_t end = next_;
  while (end < sorted_.size() && Start(sorted_[end]->range) < pos) ++end;
  return std::span<const ast::Comment* const>(sorted_.data() + next_, end - next_);
}

std::vector<const ast::Comment*> CommentQueue::TakeTrailing(uint32_t line, Pos limit) {
  std::vector<const ast::Comment*> taken;
  while (next_ < sorted_.size()) {
    const ast::Comment* c = sorted_[next_];
    if (c->range.line != line || !(Start(c->range) < limit)) break;
    taken.push_back(c);
    line = c->range.end_line;
    ++next_;
  }
  return taken;
}

}  // namespace berth::fmt_internal
