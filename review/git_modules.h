// Module sources in git: `import "git::<url>//<subdir>?ref=<tag>"`. The repository is cloned with
// libgit2 into a cache, the commit the ref names is written out once into a directory keyed by
// that commit, and the commit is pinned in the stack's `berth.lock`, so every later run (and every
// machine) builds the same module code until the pin is removed.
#pragma once

#include <functional>
#include <optional>
#include <string>

namespace berth::review {

struct GitModuleSource {
  std::string url;     // "https://github.com/org/modules.git", "file:///tmp/x/repo"
  std::string subdir;  // "" for the repository root
  std::string ref;     // a tag, branch or commit; "" for the remote's HEAD
};

// Parses a `git::` import path; nullopt with `error` saying what is wrong.
std::optional<GitModuleSource> ParseGitModuleSource(const std::string& text, std::string& error);

// Where clones and module checkouts are kept: $BERTH_MODULE_CACHE, else
// $XDG_CACHE_HOME/berth/modules, else ~/.cache/berth/modules.
std::string ModuleCacheDir();

// What CheckOptions::resolve_git_module calls: the local directory holding the module's files,
// or nullopt with `error`. `stack_dir` is where `berth.lock` is read and written.
using GitModuleResolverFn =
    std::function<std::optional<std::string>(const std::string& source, std::string& error)>;
GitModuleResolverFn GitModuleResolver(const std::string& stack_dir);

}  // namespace berth::review
