// The review phase: a git change to the stacks it affects, and for each what the change does to
// the desired state (base IR against head IR, with the planner's diff) and, when live resources
// can be read, what applying head would do. Renderers: review/report.h (text, JSON) and
// review/comment.h (the PR comment).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/lint/lint.h"
#include "planner/plan.h"
#include "review/revision_tree.h"

namespace berth::review {

// Reads the live side of one stack for the head-against-live plan. The CLI gives one reading the
// stack's state file through a backend; an `--live` snapshot reader plugs in here too.
// `stack_dir` is repository-relative. False with `error` when it cannot be read.
using LiveReader =
    std::function<bool(const std::string& stack_dir, const ir::Program& head,
                       std::vector<planner::LiveResource>& live, std::string& error)>;

struct ReviewOptions {
  std::string repo = ".";     // a path inside the repository (working tree, .git or bare)
  std::string base;           // revision
  std::string head = "HEAD";  // revision
  CompileSettings compile;
  LiveReader read_live;  // unset: no live plan
};

enum class StackStatus {
  kChanged,  // compiles at both revisions
  kAdded,    // a stack only at head
  kRemoved,  // a stack only at base: everything it declared is deleted
  kBroken,   // does not compile at head: diagnostics instead of a plan
};
const char* StackStatusName(StackStatus status);  // "changed", "added", ...

struct StackReview {
  std::string path;  // repository-relative directory
  std::string name;  // the `stack` block's label at head (or base when removed)
  StackStatus status = StackStatus::kChanged;
  CompiledStack head;
  CompiledStack base;
  bool base_broken = false;           // base did not compile: the desired diff starts from nothing
  planner::Plan desired;              // base IR -> head IR
  std::optional<planner::Plan> live;  // head against live, when a reader was given and worked
  std::string live_error;
  lint::LintResult lint;                   // of head
  std::vector<std::string> changed_files;  // the change's paths inside the stack's directory
};

struct ReviewResult {
  std::string base_commit, head_commit;  // 40 hex digits
  std::vector<std::string> changed_paths;
  std::vector<StackReview> stacks;  // sorted by path

  bool HasErrors() const;   // a stack broken at head
  bool HasChanges() const;  // a desired or live change in any stack
};

// nullopt with `error` when the repository or a revision cannot be read (user errors: a wrong
// path, an unknown ref, a shallow clone missing the base commit).
std::optional<ReviewResult> Review(const ReviewOptions& options, std::string& error);

// The IR as the live side of a diff: what base declared, to compare head against.
std::vector<planner::LiveResource> AsLive(const ir::Program& program);

}  // namespace berth::review
