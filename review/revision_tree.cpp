#include "review/revision_tree.h"

#include <stdlib.h>

#include <filesystem>
#include <set>

#include "compiler/check/check.h"
#include "review/git_modules.h"
#include "review/stack_graph.h"

namespace berth::review {

namespace fs = std::filesystem;

namespace {

// file() refuses more than this; anything larger cannot be an input of a stack.
constexpr size_t kMaxInputBytes = 4 * 1024 * 1024;

bool IsBerthSource(const std::string& path) { return path.ends_with(".berth"); }

// Whether a non-.berth file may be read by a stack: below a directory with .berth files. The
// root's subdirectories do not count, or a stack at the root would take the whole repository.
bool UnderStackDir(const std::string& path, const std::set<std::string>& dirs) {
  std::string parent = ParentDir(path);
  if (parent == ".") return dirs.count(".") > 0;
  for (std::string dir = parent; dir != "."; dir = ParentDir(dir)) {
    if (dirs.count(dir)) return true;
  }
  return false;
}

// A copy of `sources` whose paths under `root/` are made repository-relative; ids are kept, so
// every range stays valid.
std::unique_ptr<SourceManager> Rebased(const SourceManager& sources, const std::string& root) {
  auto out = std::make_unique<SourceManager>();
  std::string prefix = root + "/";
  for (uint32_t id = 1; const SourceFile* file = sources.Get(id); ++id) {
    std::string path = file->path;
    if (path.starts_with(prefix)) path = path.substr(prefix.size());
    out->Add(path, file->content);
  }
  return out;
}

std::string WithoutRoot(std::string text, const std::string& prefix) {
  for (size_t at = text.find(prefix); at != std::string::npos; at = text.find(prefix, at)) {
    text.erase(at, prefix.size());
  }
  return text;
}

// The diagnostics with the temporary root taken out of their messages too (a note may name a
// module's directory), so everything reads relative to the repository.
Diagnostics RebasedMessages(const Diagnostics& diags, const std::string& root) {
  Diagnostics out;
  std::string prefix = root + "/";
  for (const Diagnostic& d : diags.all()) {
    std::string message = WithoutRoot(d.message, prefix);
    Diagnostic& copy = d.severity == Severity::kError ? out.Error(d.range, message)
                                                      : out.Warning(d.range, message);
    copy.severity = d.severity;
    for (const DiagnosticNote& note : d.notes) {
      copy.notes.push_back({WithoutRoot(note.message, prefix), note.range});
    }
  }
  return out;
}

}  // namespace

std::unique_ptr<RevisionTree> RevisionTree::Load(const GitRepo& repo, const git_oid& commit,
                                                 std::string& error) {
  auto files = repo.Files(commit, error);
  if (!files) return nullptr;
  std::unique_ptr<RevisionTree> tree(new RevisionTree());
  tree->commit_ = commit;
  std::string tmpl = (fs::temp_directory_path() / "berth-review-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) {
    error = "cannot create a temporary directory in " + fs::temp_directory_path().string();
    return nullptr;
  }
  tree->root_ = tmpl;
  std::set<std::string> stack_dirs;
  for (const TreeFile& f : *files) {
    if (IsBerthSource(f.path)) stack_dirs.insert(ParentDir(f.path));
  }
  for (const TreeFile& f : *files) {
    bool wanted = IsBerthSource(f.path) || f.path.ends_with("berth.lock") ||
                  UnderStackDir(f.path, stack_dirs);
    if (!wanted) continue;
    auto content = repo.ReadBlob(f.blob, error);
    if (!content) return nullptr;
    if (!IsBerthSource(f.path) && content->size() > kMaxInputBytes) continue;
    if (!WriteFileUnder(tree->root_, f.path, *content, error)) return nullptr;
    if (IsBerthSource(f.path)) tree->berth_files_[f.path] = std::move(*content);
  }
  return tree;
}

RevisionTree::~RevisionTree() {
  std::error_code ec;
  if (!root_.empty()) fs::remove_all(root_, ec);
}

bool RevisionTree::HasStackFiles(const std::string& dir) const {
  for (const auto& [path, content] : berth_files_) {
    if (ParentDir(path) == dir) return true;
  }
  return false;
}

CompiledStack CompileAt(const RevisionTree& tree, const std::string& dir,
                        const CompileSettings& settings) {
  CompiledStack compiled;
  CheckOptions options;
  options.path = dir == "." ? tree.root() : tree.root() + "/" + dir;
  options.variables = settings.variables;
  options.stdlib_dir = settings.stdlib_dir;
  options.resolve_git_module = GitModuleResolver(options.path);
  SourceManager sources;
  Diagnostics diags;
  compiled.program = Check(options, sources, diags);
  compiled.diags = RebasedMessages(diags, tree.root());
  compiled.sources = Rebased(sources, tree.root());
  return compiled;
}

}  // namespace berth::review
