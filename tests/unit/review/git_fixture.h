// Real git repositories for the review tests, written with libgit2 straight into the object
// database (so bare repositories work the same), with fixed signatures and times: the same
// commits always get the same SHAs, which golden files rely on.
#pragma once

#include <git2.h>

#include <map>
#include <optional>
#include <string>

#include "review/git_repo.h"

namespace berth::testing {

// A fresh temporary directory, removed with its content.
class ScratchDir {
 public:
  ScratchDir();
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::string& path() const { return path_; }
  std::string Sub(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

using FileChanges = std::map<std::string, std::optional<std::string>>;  // nullopt deletes

class TestRepo {
 public:
  // Creates a repository at `path` (bare or with a working tree that is never checked out).
  TestRepo(const std::string& path, bool bare);
  ~TestRepo();

  // Commits `changes` on top of `branch` (created empty when new) and returns the commit SHA.
  std::string Commit(const std::string& branch, const FileChanges& changes,
                     const std::string& message);
  // A new branch pointing where `from` points, with the same files.
  void Branch(const std::string& name, const std::string& from);
  // A lightweight tag on the branch's tip.
  void Tag(const std::string& name, const std::string& branch);

  const std::string& path() const { return path_; }
  std::string Url() const { return "file://" + path_; }

 private:
  git_oid WriteTree(const std::map<std::string, std::string>& files, const std::string& prefix);

  review::GitLibrary library_;
  std::string path_;
  git_repository* repo_ = nullptr;
  std::map<std::string, std::map<std::string, std::string>> files_;  // branch -> path -> content
  std::map<std::string, git_oid> tips_;
  int clock_ = 0;  // seconds added to the fixed commit time, so commits stay ordered
};

// Runs a shell command; the test fails when it exits non-zero.
void MustRun(const std::string& command);

}  // namespace berth::testing
