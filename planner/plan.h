// The plan phase: desired IR against live resources, to an ordered list of actions. The live
// side comes from a backend (or the state file); this phase knows no backend.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/base/value.h"
#include "compiler/ir/ir.h"

namespace berth::planner {

enum class Action { kNoOp, kCreate, kUpdate, kReplace, kDelete };
const char* ActionName(Action action);  // "create", "update", ...
// The mark renderers put before a resource, as Terraform does: + ~ -/+ - (a space for no-op).
const char* ActionSymbol(Action action);

struct LiveResource {
  std::string address;
  std::string kind;
  Value attributes;  // a map, as the IR holds it
  std::vector<std::string> depends_on;
};

struct AttributeChange {
  // Where in the attribute tree: `desired_count`, `containers["app"].env.APP_ENV`,
  // `listeners["https"].port`; labeled blocks by name, map keys that are not identifiers and
  // unlabeled list items in brackets (`tags["team:x"]`, `subnets[0]`). See docs/plan-json.md.
  std::string path;
  Value before;  // null when the attribute is added
  Value after;   // null when the attribute is removed
  bool forces_replacement = false;
};

struct ResourceChange {
  std::string address;
  std::string kind;
  Action action = Action::kNoOp;
  Value before;                          // null when created
  Value after;                           // null when deleted
  std::vector<AttributeChange> changes;  // for updates and replacements
  // Addresses this resource depends on (desired edges; for deletes, the live ones). Apply walks
  // creates and updates after their dependencies, deletes before them.
  std::vector<std::string> depends_on;
  // Why a replace replaces: "`cluster` forces replacement", one per forcing attribute.
  std::vector<std::string> replace_reasons;
  // Paths in `after` whose value is a reference, known only after apply.
  std::vector<std::string> unknown_paths;
  // Paths in `before` or `after` whose value is sensitive: every renderer masks them.
  std::vector<std::string> sensitive_paths;
};

struct Plan {
  std::vector<ResourceChange> changes;  // in apply order: dependencies before dependents
  int Count(Action action) const;
  bool HasChanges() const;
};

// An attribute that someone else sets after berth creates the resource: berth writes the
// declared value on create and otherwise keeps the live one (docs/plan-json.md, "Ownership").
struct IgnoredPath {
  std::string address;  // "task.api"
  std::string path;     // `containers["app"].image`: that path and everything below it
};

struct DiffOptions {
  std::vector<IgnoredPath> ignore;
  // When not empty, only these resources (an address, or a module prefix such as `module.web`)
  // and everything they depend on are planned; deletes only when named.
  std::vector<std::string> targets;
};

// Parses `ADDRESS:PATH` (as `--ignore-changes` takes it); nullopt when malformed.
std::optional<IgnoredPath> ParseIgnoredPath(std::string_view text);

Plan Diff(const DiffOptions& options, const ir::Program& desired,
          const std::vector<LiveResource>& live);
// The same, taking the attribute trees instead of copying them (70,000 trees of a large stack
// cost a tenth of the no-op plan to copy); `desired` and `live` are left without attributes.
Plan Diff(const DiffOptions& options, ir::Program&& desired, std::vector<LiveResource>&& live);

struct RenderOptions {
  bool color = false;
};

// Terraform-like text: `+` create, `~` update, `-/+` replace, `-` delete, then a summary line.
void RenderText(const Plan& plan, const RenderOptions& options, std::ostream& out);
// Versioned JSON for machines (docs/plan-json.md); sensitive values masked.
void RenderJson(const Plan& plan, std::ostream& out);
// Markdown for pull-request comments: counts, a caution when anything is destroyed or replaced,
// one <details> block per resource; kept under kMarkdownLimit characters.
inline constexpr size_t kMarkdownLimit = 65000;
void RenderMarkdown(const Plan& plan, std::ostream& out, size_t limit = kMarkdownLimit);

// "Plan: 1 to add, 0 to change, 0 to replace, 0 to destroy."
std::string SummaryLine(const Plan& plan);

}  // namespace berth::planner
