// One revision of the repository, read from git objects and written to a private temporary
// directory so that the compiler (which reads files) can load its stacks and modules: the
// repository's own working tree is never touched, and a bare clone works the same.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "compiler/base/diagnostics.h"
#include "compiler/ir/ir.h"
#include "review/git_repo.h"

namespace berth::review {

class RevisionTree {
 public:
  // Writes the revision's .berth files, berth.lock files, and the other files below directories
  // holding .berth files (what file() may read; up to 4 MiB each).
  static std::unique_ptr<RevisionTree> Load(const GitRepo& repo, const git_oid& commit,
                                            std::string& error);
  ~RevisionTree();
  RevisionTree(const RevisionTree&) = delete;
  RevisionTree& operator=(const RevisionTree&) = delete;

  const git_oid& commit() const { return commit_; }
  // Repository-relative path -> content of every .berth file.
  const std::map<std::string, std::string>& berth_files() const { return berth_files_; }
  // The temporary directory standing for the repository root.
  const std::string& root() const { return root_; }
  // Whether the revision has a `.berth` file directly in `dir`.
  bool HasStackFiles(const std::string& dir) const;

 private:
  RevisionTree() = default;
  git_oid commit_{};
  std::string root_;
  std::map<std::string, std::string> berth_files_;
};

// A stack compiled at one revision, with diagnostics located relative to the repository.
struct CompiledStack {
  std::unique_ptr<SourceManager> sources = std::make_unique<SourceManager>();
  Diagnostics diags;
  std::optional<ir::Program> program;
};

struct CompileSettings {
  std::map<std::string, std::string> variables;  // --var, for every stack
  std::string stdlib_dir;                        // empty: the default
};

CompiledStack CompileAt(const RevisionTree& tree, const std::string& dir,
                        const CompileSettings& settings);

}  // namespace berth::review
