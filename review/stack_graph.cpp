#include "review/stack_graph.h"

#include <filesystem>

#include "compiler/parse/parse.h"

namespace berth::review {

namespace fs = std::filesystem;

std::string ParentDir(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? "." : path.substr(0, slash);
}

std::string JoinRepoPath(const std::string& dir, const std::string& relative) {
  if (fs::path(relative).is_absolute()) return "";
  fs::path joined = (dir == "." ? fs::path(relative) : fs::path(dir) / relative).lexically_normal();
  std::string text = joined.string();
  while (text.size() > 1 && text.back() == '/') text.pop_back();
  if (text.empty() || text == ".") return ".";
  if (text == ".." || text.starts_with("../")) return "";
  return text;
}

StackGraph BuildStackGraph(const std::map<std::string, std::string>& files) {
  StackGraph graph;
  SourceManager sources;
  ParseOptions options;
  for (const auto& [path, content] : files) {
    std::string dir = ParentDir(path);
    DirInfo& info = graph[dir];
    Diagnostics ignored;  // compiling the stack reports them, located
    ast::File file = Parse(options, sources, sources.Add(path, content), ignored);
    for (const ast::TopItem& item : file.items) {
      if (item.block && item.block->type == "stack") info.is_stack = true;
      if (!item.import) continue;
      const std::string& source = item.import->path;
      // The standard library ships with berth, and git sources are pinned by berth.lock: a
      // change to either shows in the repository as a change to berth.lock or not at all.
      if (source.starts_with("std/") || source.starts_with("git::")) continue;
      std::string target = JoinRepoPath(dir, source);
      if (!target.empty()) info.imports.insert(target);
    }
  }
  return graph;
}

namespace {

bool Touches(const std::string& path, const std::string& dir) {
  if (ParentDir(path) == dir) return true;
  if (dir == ".") return false;  // the root holds everything: only its own files count
  bool berth_source = path.ends_with(".berth");
  return !berth_source && !path.ends_with(".md") && path.starts_with(dir + "/");
}

void Closure(const StackGraph& graph, const std::string& dir, std::set<std::string>& seen) {
  if (!seen.insert(dir).second) return;
  auto it = graph.find(dir);
  if (it == graph.end()) return;
  for (const std::string& import : it->second.imports) Closure(graph, import, seen);
}

}  // namespace

std::vector<std::string> AffectedStacks(const StackGraph& base, const StackGraph& head,
                                        const std::vector<std::string>& changed) {
  std::set<std::string> stacks;
  for (const StackGraph* graph : {&base, &head}) {
    for (const auto& [dir, info] : *graph) {
      if (info.is_stack) stacks.insert(dir);
    }
  }
  std::vector<std::string> affected;
  for (const std::string& stack : stacks) {
    // Each revision's own import graph: a change may add or drop an import.
    std::set<std::string> dirs, head_dirs;
    Closure(base, stack, dirs);
    Closure(head, stack, head_dirs);
    dirs.insert(head_dirs.begin(), head_dirs.end());
    bool touched = false;
    for (const std::string& path : changed) {
      for (const std::string& dir : dirs) touched |= Touches(path, dir);
    }
    if (touched) affected.push_back(stack);
  }
  return affected;
}

}  // namespace berth::review
