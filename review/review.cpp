#include "review/review.h"

#include <algorithm>

#include "review/git_repo.h"
#include "review/stack_graph.h"

namespace berth::review {

const char* StackStatusName(StackStatus status) {
  switch (status) {
    case StackStatus::kChanged:
      return "changed";
    case StackStatus::kAdded:
      return "added";
    case StackStatus::kRemoved:
      return "removed";
    case StackStatus::kBroken:
      return "broken";
  }
  return "changed";
}

bool ReviewResult::HasErrors() const {
  return std::any_of(stacks.begin(), stacks.end(),
                     [](const StackReview& s) { return s.status == StackStatus::kBroken; });
}

bool ReviewResult::HasChanges() const {
  return std::any_of(stacks.begin(), stacks.end(), [](const StackReview& s) {
    return s.desired.HasChanges() || (s.live && s.live->HasChanges());
  });
}

std::vector<planner::LiveResource> AsLive(const ir::Program& program) {
  std::vector<planner::LiveResource> live;
  live.reserve(program.resources.size());
  for (const ir::Resource& r : program.resources) {
    live.push_back({r.address, r.kind, r.attributes, r.depends_on});
  }
  return live;
}

namespace {

void ReviewStack(const RevisionTree& base_tree, const RevisionTree& head_tree,
                 const ReviewOptions& options, StackReview& review) {
  bool at_head = head_tree.HasStackFiles(review.path);
  bool at_base = base_tree.HasStackFiles(review.path);
  if (at_head) review.head = CompileAt(head_tree, review.path, options.compile);
  if (at_base) review.base = CompileAt(base_tree, review.path, options.compile);
  review.base_broken = at_base && !review.base.program;
  if (at_head && !review.head.program) {
    review.status = StackStatus::kBroken;
    return;
  }
  review.status = !at_head   ? StackStatus::kRemoved
                  : !at_base ? StackStatus::kAdded
                             : StackStatus::kChanged;
  const ir::Program empty;
  const ir::Program& head = review.head.program ? *review.head.program : empty;
  const ir::Program& base = review.base.program ? *review.base.program : empty;
  review.name = at_head ? head.stack.name : base.stack.name;
  review.desired = planner::Diff({}, head, AsLive(base));
  if (!at_head) return;
  review.lint = lint::Lint(head, *review.head.sources);
  if (options.read_live) {
    std::vector<planner::LiveResource> live;
    if (options.read_live(review.path, head, live, review.live_error)) {
      review.live = planner::Diff({}, head, live);
    }
  }
}

}  // namespace

std::optional<ReviewResult> Review(const ReviewOptions& options, std::string& error) {
  std::unique_ptr<GitRepo> repo = GitRepo::Open(options.repo, error);
  if (!repo) return std::nullopt;
  auto base = repo->ResolveCommit(options.base, error);
  if (!base) return std::nullopt;
  auto head = repo->ResolveCommit(options.head, error);
  if (!head) return std::nullopt;
  ReviewResult result;
  result.base_commit = OidText(*base);
  result.head_commit = OidText(*head);
  auto changed = repo->ChangedPaths(*base, *head, error);
  if (!changed) return std::nullopt;
  result.changed_paths = std::move(*changed);
  if (result.changed_paths.empty()) return result;

  auto base_tree = RevisionTree::Load(*repo, *base, error);
  if (!base_tree) return std::nullopt;
  auto head_tree = RevisionTree::Load(*repo, *head, error);
  if (!head_tree) return std::nullopt;
  std::vector<std::string> affected =
      AffectedStacks(BuildStackGraph(base_tree->berth_files()),
                     BuildStackGraph(head_tree->berth_files()), result.changed_paths);
  for (const std::string& path : affected) {
    StackReview& review = result.stacks.emplace_back();
    review.path = path;
    for (const std::string& changed_path : result.changed_paths) {
      if (path == "." || changed_path.starts_with(path + "/")) {
        review.changed_files.push_back(changed_path);
      }
    }
    ReviewStack(*base_tree, *head_tree, options, review);
  }
  return result;
}

}  // namespace berth::review
