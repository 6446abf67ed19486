// Which directories of a revision are stacks, which are modules, and who imports whom: enough to
// find the stacks a change affects (like Atlantis' autoplan, but following imports).
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

namespace berth::review {

struct DirInfo {
  bool is_stack = false;          // a file of the directory declares a `stack` block
  std::set<std::string> imports;  // repository-relative directories of local imports
};

// By repository-relative directory ("." for the root).
using StackGraph = std::map<std::string, DirInfo>;

// `files`: repository-relative path -> content, the .berth files of one revision. A file that
// does not parse still counts by what could be recovered; its errors come later, from compiling.
StackGraph BuildStackGraph(const std::map<std::string, std::string>& files);

// The stack directories of either revision that a change to `changed` touches: directly (a file
// of the stack directory, or a non-.berth file below it, such as one read with file()), or
// through a module the stack imports, transitively. Sorted.
std::vector<std::string> AffectedStacks(const StackGraph& base, const StackGraph& head,
                                        const std::vector<std::string>& changed);

// "stacks/web/main.berth" -> "stacks/web"; "main.berth" -> ".".
std::string ParentDir(const std::string& path);
// Joins and normalises a relative path against a repository-relative directory; "" when it
// leaves the repository.
std::string JoinRepoPath(const std::string& dir, const std::string& relative);

}  // namespace berth::review
