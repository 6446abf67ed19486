#include "tests/unit/review/git_fixture.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <set>

namespace berth::testing {

namespace fs = std::filesystem;

ScratchDir::ScratchDir() {
  std::string tmpl = (fs::temp_directory_path() / "berth-review-test-XXXXXX").string();
  path_ = mkdtemp(tmpl.data());
}

ScratchDir::~ScratchDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

void MustRun(const std::string& command) {
  int rc = std::system(command.c_str());
  ASSERT_EQ(rc, 0) << command;
}

TestRepo::TestRepo(const std::string& path, bool bare) : path_(path) {
  EXPECT_EQ(git_repository_init(&repo_, path.c_str(), bare ? 1 : 0), 0) << review::GitError("init");
  git_repository_set_head(repo_, "refs/heads/main");
}

TestRepo::~TestRepo() { git_repository_free(repo_); }

git_oid TestRepo::WriteTree(const std::map<std::string, std::string>& files,
                            const std::string& prefix) {
  git_treebuilder* builder = nullptr;
  git_treebuilder_new(&builder, repo_, nullptr);
  std::set<std::string> subdirs;
  for (const auto& [path, content] : files) {
    if (!path.starts_with(prefix)) continue;
    std::string rest = path.substr(prefix.size());
    size_t slash = rest.find('/');
    if (slash != std::string::npos) {
      subdirs.insert(rest.substr(0, slash));
      continue;
    }
    git_oid blob;
    git_blob_create_from_buffer(&blob, repo_, content.data(), content.size());
    git_treebuilder_insert(nullptr, builder, rest.c_str(), &blob, GIT_FILEMODE_BLOB);
  }
  for (const std::string& dir : subdirs) {
    git_oid tree = WriteTree(files, prefix + dir + "/");
    git_treebuilder_insert(nullptr, builder, dir.c_str(), &tree, GIT_FILEMODE_TREE);
  }
  git_oid out;
  git_treebuilder_write(&out, builder);
  git_treebuilder_free(builder);
  return out;
}

std::string TestRepo::Commit(const std::string& branch, const FileChanges& changes,
                             const std::string& message) {
  auto& files = files_[branch];
  for (const auto& [path, content] : changes) {
    if (content) {
      files[path] = *content;
    } else {
      files.erase(path);
    }
  }
  git_oid tree_id = WriteTree(files, "");
  git_tree* tree = nullptr;
  git_tree_lookup(&tree, repo_, &tree_id);
  git_signature* sig = nullptr;
  git_signature_new(&sig, "berth test", "test@example.com", 1700000000 + clock_++, 0);
  git_commit* parent = nullptr;
  auto tip = tips_.find(branch);
  if (tip != tips_.end()) git_commit_lookup(&parent, repo_, &tip->second);
  const git_commit* parents[] = {parent};
  git_oid commit;
  std::string ref = "refs/heads/" + branch;
  EXPECT_EQ(git_commit_create(&commit, repo_, nullptr, sig, sig, nullptr, message.c_str(), tree,
                              parent ? 1 : 0, parents),
            0)
      << review::GitError("commit");
  git_reference* created = nullptr;
  git_reference_create(&created, repo_, ref.c_str(), &commit, /*force=*/1, message.c_str());
  git_reference_free(created);
  git_commit_free(parent);
  git_signature_free(sig);
  git_tree_free(tree);
  tips_[branch] = commit;
  return review::OidText(commit);
}

void TestRepo::Branch(const std::string& name, const std::string& from) {
  files_[name] = files_[from];
  tips_[name] = tips_[from];
  git_reference* created = nullptr;
  git_reference_create(&created, repo_, ("refs/heads/" + name).c_str(), &tips_[from], 1, "branch");
  git_reference_free(created);
}

void TestRepo::Tag(const std::string& name, const std::string& branch) {
  git_reference* created = nullptr;
  git_reference_create(&created, repo_, ("refs/tags/" + name).c_str(), &tips_[branch], 1, "tag");
  git_reference_free(created);
}

}  // namespace berth::testing
