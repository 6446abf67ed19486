#include "review/git_repo.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace berth::review {

std::string GitError(const std::string& doing) {
  const git_error* e = git_error_last();
  return doing + ": " + (e && e->message ? e->message : "unknown libgit2 error");
}

std::string OidText(const git_oid& oid) {
  char text[GIT_OID_HEXSZ + 1];
  git_oid_tostr(text, sizeof text, &oid);
  return text;
}

std::string ShortOid(const git_oid& oid) { return OidText(oid).substr(0, 7); }

bool WriteFileUnder(const std::string& root, const std::string& path, const std::string& content,
                    std::string& error) {
  // Git refuses such paths, but a crafted tree object need not: never write outside `root`.
  std::filesystem::path relative = std::filesystem::path(path).lexically_normal();
  if (relative.is_absolute() || relative.empty() || *relative.begin() == "..") {
    error = "the tree holds a path outside the repository: " + path;
    return false;
  }
  std::filesystem::path target = std::filesystem::path(root) / relative;
  std::error_code ec;
  std::filesystem::create_directories(target.parent_path(), ec);
  std::ofstream out(target, std::ios::binary);
  out << content;
  if (!out) {
    error = "cannot write " + target.string();
    return false;
  }
  return true;
}

std::unique_ptr<GitRepo> GitRepo::Open(const std::string& path, std::string& error) {
  GitLibrary library;  // keeps libgit2 initialised across the open
  git_repository* raw = nullptr;
  if (git_repository_open_ext(&raw, path.c_str(), 0, nullptr) != 0) {
    error = GitError("cannot open a git repository at " + path);
    return nullptr;
  }
  return std::unique_ptr<GitRepo>(new GitRepo(RepoPtr(raw)));
}

std::optional<git_oid> GitRepo::ResolveCommit(const std::string& revision,
                                              std::string& error) const {
  git_object* object = nullptr;
  if (git_revparse_single(&object, repo_.get(), revision.c_str()) != 0) {
    error = GitError("cannot resolve revision \"" + revision + "\"");
    return std::nullopt;
  }
  git_object* peeled = nullptr;
  int rc = git_object_peel(&peeled, object, GIT_OBJECT_COMMIT);
  git_object_free(object);
  if (rc != 0) {
    error = GitError("revision \"" + revision + "\" is not a commit");
    return std::nullopt;
  }
  git_oid oid = *git_object_id(peeled);
  git_object_free(peeled);
  return oid;
}

std::optional<TreePtr> GitRepo::TreeOf(const git_oid& commit, std::string& error) const {
  git_commit* c = nullptr;
  if (git_commit_lookup(&c, repo_.get(), &commit) != 0) {
    error = GitError("cannot read commit " + OidText(commit));
    return std::nullopt;
  }
  CommitPtr owned(c);
  git_tree* tree = nullptr;
  if (git_commit_tree(&tree, c) != 0) {
    error = GitError("cannot read the tree of commit " + OidText(commit));
    return std::nullopt;
  }
  return TreePtr(tree);
}

std::optional<std::vector<TreeFile>> GitRepo::Files(const git_oid& commit,
                                                    std::string& error) const {
  auto tree = TreeOf(commit, error);
  if (!tree) return std::nullopt;
  struct Walk {
    git_repository* repo;
    std::vector<TreeFile> files;
  } walk{repo_.get(), {}};
  auto visit = [](const char* root, const git_tree_entry* entry, void* payload) -> int {
    if (git_tree_entry_type(entry) != GIT_OBJECT_BLOB) return 0;
    // Symbolic links and submodules are not files a stack can hold.
    if (git_tree_entry_filemode(entry) == GIT_FILEMODE_LINK) return 0;
    auto* w = static_cast<Walk*>(payload);
    TreeFile f;
    f.path = std::string(root) + git_tree_entry_name(entry);
    f.blob = *git_tree_entry_id(entry);
    w->files.push_back(std::move(f));
    return 0;
  };
  if (git_tree_walk(tree->get(), GIT_TREEWALK_PRE, visit, &walk) != 0) {
    error = GitError("cannot walk the tree of commit " + OidText(commit));
    return std::nullopt;
  }
  std::sort(walk.files.begin(), walk.files.end(),
            [](const TreeFile& a, const TreeFile& b) { return a.path < b.path; });
  return std::move(walk.files);
}

std::optional<std::string> GitRepo::ReadBlob(const git_oid& blob, std::string& error) const {
  git_blob* b = nullptr;
  if (git_blob_lookup(&b, repo_.get(), &blob) != 0) {
    error = GitError("cannot read blob " + OidText(blob));
    return std::nullopt;
  }
  std::string content(static_cast<const char*>(git_blob_rawcontent(b)),
                      static_cast<size_t>(git_blob_rawsize(b)));
  git_blob_free(b);
  return content;
}

std::optional<std::vector<std::string>> GitRepo::ChangedPaths(const git_oid& base,
                                                              const git_oid& head,
                                                              std::string& error) const {
  auto base_tree = TreeOf(base, error);
  if (!base_tree) return std::nullopt;
  auto head_tree = TreeOf(head, error);
  if (!head_tree) return std::nullopt;
  git_diff* diff = nullptr;
  if (git_diff_tree_to_tree(&diff, repo_.get(), base_tree->get(), head_tree->get(), nullptr) != 0) {
    error = GitError("cannot diff " + ShortOid(base) + " and " + ShortOid(head));
    return std::nullopt;
  }
  std::vector<std::string> paths;
  for (size_t i = 0; i < git_diff_num_deltas(diff); ++i) {
    const git_diff_delta* delta = git_diff_get_delta(diff, i);
    if (delta->old_file.path) paths.push_back(delta->old_file.path);
    if (delta->new_file.path) paths.push_back(delta->new_file.path);
  }
  git_diff_free(diff);
  std::sort(paths.begin(), paths.end());
  paths.erase(std::unique(paths.begin(), paths.end()), paths.end());
  return paths;
}

std::string GitRepo::WorkDir() const {
  const char* dir = git_repository_workdir(repo_.get());
  return dir ? dir : "";
}

}  // namespace berth::review
