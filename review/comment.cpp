// The PR comment of each stack. The plan parts come from the planner's Markdown renderer (the
// same counts, caution and <details> blocks `plan --format markdown` prints); this file adds the
// stack's title and marker, lint findings, the diagram, and keeps the whole under the limit.
#include "review/comment.h"

#include <fmt/format.h>

#include <set>
#include <sstream>

namespace berth::review {

namespace {

constexpr size_t kDiagramNodes = 60;
constexpr size_t kLintRows = 50;
constexpr size_t kDiagnosticChars = 20000;

std::string Short(const std::string& commit) { return commit.substr(0, 7); }

// The planner's Markdown without its own heading: the comment has one per stack.
std::string PlanMarkdown(const planner::Plan& plan, size_t limit) {
  std::ostringstream out;
  planner::RenderMarkdown(plan, out, limit);
  std::string text = out.str();
  if (text.starts_with("### berth plan\n\n")) text.erase(0, 16);
  return text;
}

// A cell of a Markdown table: pipes and line breaks would end it.
std::string Cell(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string LintSection(const StackReview& review) {
  std::set<std::string> changed;
  for (const planner::ResourceChange& c : review.desired.changes) {
    if (c.action != planner::Action::kNoOp) changed.insert(c.address);
  }
  std::vector<const lint::Finding*> shown;
  size_t elsewhere = 0;
  for (const lint::Finding& f : review.lint.findings) {
    if (f.suppressed) continue;
    if (changed.count(f.address)) {
      shown.push_back(&f);
    } else {
      ++elsewhere;
    }
  }
  std::string out;
  if (review.lint.problems.HasErrors()) {
    out += fmt::format(
        "> [!WARNING]\n> {} malformed `berth:ignore` comment{}: run `berth lint {}`."
        "\n\n",
        review.lint.problems.error_count(), review.lint.problems.error_count() == 1 ? "" : "s",
        review.path);
  }
  if (shown.empty() && elsewhere == 0) return out;
  out += fmt::format("#### Lint findings on changed resources ({})\n\n", shown.size());
  if (!shown.empty()) {
    out += "| level | rule | resource | finding |\n|---|---|---|---|\n";
    for (size_t i = 0; i < shown.size() && i < kLintRows; ++i) {
      const lint::Finding& f = *shown[i];
      out += fmt::format("| {} | `{}` | `{}` | {} |\n", lint::LevelName(f.level), f.rule, f.address,
                         Cell(f.message));
    }
    if (shown.size() > kLintRows) {
      out += fmt::format("\n_and {} more: run `berth lint {}`._\n", shown.size() - kLintRows,
                         review.path);
    }
  }
  if (elsewhere) {
    out += fmt::format("\n{} more finding{} on resources this change leaves alone.\n", elsewhere,
                       elsewhere == 1 ? "" : "s");
  }
  return out + "\n";
}

std::string DiagramSection(const StackReview& review) {
  const ir::Program* head = review.head.program ? &*review.head.program : nullptr;
  std::string diagram = ChangeDiagram(review.desired, head, kDiagramNodes);
  if (diagram.empty()) return "";
  return "#### Changed resources and their dependencies\n\nAn arrow points from a resource to "
         "one it depends on.\n\n" +
         diagram + "\n";
}

std::string BrokenSection(const StackReview& review) {
  std::ostringstream diags;
  RenderDiagnosticsText(review.head.diags, *review.head.sources, diags);
  std::string text = diags.str();
  std::string note;
  if (text.size() > kDiagnosticChars) {
    text.resize(kDiagnosticChars);
    note = fmt::format("\n_The errors were cut at {} characters: run `berth validate {}`._\n",
                       kDiagnosticChars, review.path);
  }
  size_t longest = 0, run = 0;  // a fence longer than any backtick run inside
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  std::string fence(std::max<size_t>(3, longest + 1), '`');
  return "> [!CAUTION]\n> This stack **does not compile** at head; nothing can be planned until "
         "these errors are fixed.\n\n" +
         fence + "text\n" + text + fence + "\n" + note + "\n";
}

std::string LiveSection(const StackReview& review, size_t budget) {
  if (review.live) {
    return "### Plan against live\n\nWhat applying head would change in the live "
           "infrastructure.\n\n" +
           PlanMarkdown(*review.live, budget) + "\n";
  }
  if (!review.live_error.empty()) {
    return "### Plan against live\n\n> [!WARNING]\n> The live resources could not be read: " +
           Cell(review.live_error) + "\n\n";
  }
  return "";
}

Comment RenderStack(const ReviewResult& result, const StackReview& review, size_t limit) {
  Comment comment;
  comment.stack = review.path;
  comment.marker = CommentMarker(review.path);
  std::string head = comment.marker + "\n";
  std::string name = review.name.empty() ? "" : fmt::format(" (stack `{}`)", review.name);
  head += fmt::format("## berth review: `{}`{}\n\n", review.path, name);
  head += fmt::format("`{}` → `{}` · {}", Short(result.base_commit), Short(result.head_commit),
                      StackStatusName(review.status));
  if (review.status == StackStatus::kAdded) head += ": a new stack";
  if (review.status == StackStatus::kRemoved) head += ": every resource it declared is deleted";
  head += "\n\n";
  if (review.status == StackStatus::kBroken) {
    comment.body = head + BrokenSection(review);
    return comment;
  }
  if (review.base_broken) {
    head +=
        "> [!NOTE]\n> The stack does not compile at base, so its changes are shown against "
        "nothing.\n\n";
  }
  head +=
      "### Changes to the desired state\n\nWhat this change does to the resources the stack "
      "declares (base against head).\n\n";
  std::string lint = LintSection(review);
  std::string diagram = DiagramSection(review);
  // What the plan renderers may use: the limit less everything else, split with the live plan.
  size_t fixed = head.size() + lint.size() + diagram.size() + 600;
  size_t room = limit > fixed ? limit - fixed : 0;
  size_t desired_budget = review.live ? room / 2 : room;
  std::string desired;
  if (!review.desired.HasChanges()) {
    desired =
        "**No changes to the desired state.** The change touches the stack's files but not "
        "what they declare.\n\n";
  } else {
    desired = PlanMarkdown(review.desired, desired_budget) + "\n";
  }
  // Lint findings and the diagram go between the counts and the per-resource details.
  size_t details = desired.find("\n<details>");
  if (details == std::string::npos)
    details = desired.size();
  else
    details += 1;
  std::string body = head + desired.substr(0, details) + lint + diagram + desired.substr(details);
  body += LiveSection(review, room - std::min(room, desired.size()));
  if (body.size() > limit) {
    // Only pathological input gets here (every budget above is already cut to fit).
    std::string note =
        fmt::format("\n\n> [!NOTE]\n> This comment was cut at {} characters.\n", limit);
    body.resize(limit - note.size());
    // Never end inside a multi-byte character.
    while (!body.empty() && (static_cast<unsigned char>(body.back()) & 0xC0) == 0x80) {
      body.pop_back();
    }
    if (!body.empty() && static_cast<unsigned char>(body.back()) >= 0xC0) body.pop_back();
    body += note;
  }
  comment.body = std::move(body);
  return comment;
}

}  // namespace

std::string CommentMarker(const std::string& stack) {
  // `--` cannot appear inside an HTML comment; a directory name could hold it.
  std::string safe;
  for (char c : stack) safe += (c == '-' && !safe.empty() && safe.back() == '-') ? '_' : c;
  return "<!-- berth:review stack=" + safe + " -->";
}

std::string NoLongerAffectedBody(const std::string& marker) {
  std::string stack = marker.substr(std::min(marker.size(), kMarkerPrefix.size()));
  if (size_t end = stack.rfind(" -->"); end != std::string::npos) stack.resize(end);
  if (stack.empty()) {  // the comment of an earlier push that affected no stack
    return marker +
           "\n## berth review\n\nThe pull request now affects stacks: see their "
           "comments.\n";
  }
  return marker + "\n## berth review: `" + stack +
         "`\n\nThis pull request no longer affects this stack: the plan shown here before no "
         "longer applies.\n";
}

std::vector<Comment> RenderComments(const ReviewResult& result, size_t limit) {
  std::vector<Comment> comments;
  for (const StackReview& review : result.stacks) {
    comments.push_back(RenderStack(result, review, limit));
  }
  if (comments.empty()) {
    Comment none;
    none.stack = "";
    none.marker = CommentMarker("");
    none.body = none.marker + "\n## berth review\n\n" +
                fmt::format("`{}` → `{}`: this change affects no stack.\n",
                            Short(result.base_commit), Short(result.head_commit));
    comments.push_back(std::move(none));
  }
  return comments;
}

std::string JoinComments(const std::vector<Comment>& comments) {
  std::string out;
  for (const Comment& c : comments) out += (out.empty() ? "" : "\n---\n\n") + c.body;
  return out;
}

}  // namespace berth::review
