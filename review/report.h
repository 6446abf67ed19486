// A review for a terminal (text) and for machines (JSON, docs/review.md); the PR comment is in
// review/comment.h.
#pragma once

#include <ostream>

#include "review/review.h"

namespace berth::review {

void RenderReviewText(const ReviewResult& result, bool color, std::ostream& out);
void RenderReviewJson(const ReviewResult& result, std::ostream& out);

}  // namespace berth::review
