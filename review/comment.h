// The pull-request comment: one per affected stack, each under GitHub's 65,536-character limit
// and carrying a hidden marker so the next run edits it instead of adding another.
#pragma once

#include <string>
#include <vector>

#include "review/review.h"

namespace berth::review {

inline constexpr size_t kCommentLimit = 65000;

struct Comment {
  std::string stack;   // repository-relative directory
  std::string marker;  // the hidden HTML comment that identifies it: `<!-- berth:review ... -->`
  std::string body;    // Markdown, starting with the marker
};

// The marker of a stack's comment; every berth comment starts with it, on a line of its own.
std::string CommentMarker(const std::string& stack);
inline constexpr std::string_view kMarkerPrefix = "<!-- berth:review stack=";

// What replaces the comment of a stack the pull request no longer affects (a later push undid
// the change), so a stale plan does not stay on the page.
std::string NoLongerAffectedBody(const std::string& marker);

// One comment per stack: a title, counts (add, change, replace, destroy), a caution block when
// anything is destroyed or replaced, the lint findings on changed resources, a Mermaid diagram
// of the changed resources and their dependencies, and a <details> block per resource; secrets
// masked. A review that affects no stack gives one comment saying so.
std::vector<Comment> RenderComments(const ReviewResult& result, size_t limit = kCommentLimit);

// The comments one after another (what `review --format markdown` prints).
std::string JoinComments(const std::vector<Comment>& comments);

// A Mermaid flowchart of the changed resources of `plan`, what they depend on and what depends
// on them in `head`; at most `max_nodes` nodes, saying how many were left out.
std::string ChangeDiagram(const planner::Plan& plan, const ir::Program* head, size_t max_nodes);

}  // namespace berth::review
