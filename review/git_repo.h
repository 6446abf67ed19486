// A git repository read through libgit2, from objects only: no checkout and no working tree,
// so it works in a bare clone and in a shallow CI clone that holds the commits it is asked for.
// Errors are returned as text (libgit2's message), never thrown.
#pragma once

#include <git2.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace berth::review {

// One libgit2 object of any type, freed with the right function.
template <typename T, void (*Free)(T*)>
struct GitDeleter {
  void operator()(T* p) const {
    if (p) Free(p);
  }
};
using RepoPtr = std::unique_ptr<git_repository, GitDeleter<git_repository, git_repository_free>>;
using CommitPtr = std::unique_ptr<git_commit, GitDeleter<git_commit, git_commit_free>>;
using TreePtr = std::unique_ptr<git_tree, GitDeleter<git_tree, git_tree_free>>;

// libgit2's own message for the last failed call, prefixed with what was being done.
std::string GitError(const std::string& doing);

// libgit2 needs process-wide initialisation; this object holds one reference to it.
class GitLibrary {
 public:
  GitLibrary() { git_libgit2_init(); }
  ~GitLibrary() { git_libgit2_shutdown(); }
  GitLibrary(const GitLibrary&) = delete;
  GitLibrary& operator=(const GitLibrary&) = delete;
};

struct TreeFile {
  std::string path;  // relative to the repository root, '/'-separated
  git_oid blob;
  size_t size = 0;
};

class GitRepo {
 public:
  // Opens the repository containing `path` (a working tree, a .git directory or a bare one).
  static std::unique_ptr<GitRepo> Open(const std::string& path, std::string& error);

  // The commit a revision names: a branch, a tag, a SHA, `origin/main`, `HEAD~1`.
  std::optional<git_oid> ResolveCommit(const std::string& revision, std::string& error) const;
  // Every file (blob) of the commit's tree, in path order.
  std::optional<std::vector<TreeFile>> Files(const git_oid& commit, std::string& error) const;
  std::optional<std::string> ReadBlob(const git_oid& blob, std::string& error) const;
  // Paths added, modified, deleted or renamed (both names) between two commits' trees.
  std::optional<std::vector<std::string>> ChangedPaths(const git_oid& base, const git_oid& head,
                                                       std::string& error) const;
  // The working tree's directory, "" for a bare repository.
  std::string WorkDir() const;

  git_repository* raw() const { return repo_.get(); }

 private:
  explicit GitRepo(RepoPtr repo) : repo_(std::move(repo)) {}
  std::optional<TreePtr> TreeOf(const git_oid& commit, std::string& error) const;

  GitLibrary library_;
  RepoPtr repo_;
};

// Writes a file of a tree below `root`, creating its directories; false with `error` naming it.
bool WriteFileUnder(const std::string& root, const std::string& path, const std::string& content,
                    std::string& error);

std::string OidText(const git_oid& oid);   // 40 hex digits
std::string ShortOid(const git_oid& oid);  // 7 hex digits

}  // namespace berth::review
