#include "review/git_modules.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

#include "compiler/base/atomic_file.h"
#include "review/git_repo.h"

namespace berth::review {

namespace fs = std::filesystem;

std::optional<GitModuleSource> ParseGitModuleSource(const std::string& text, std::string& error) {
  if (!text.starts_with("git::")) {
    error = "a git module source starts with git::";
    return std::nullopt;
  }
  std::string rest = text.substr(5);
  GitModuleSource source;
  if (size_t q = rest.find('?'); q != std::string::npos) {
    std::string query = rest.substr(q + 1);
    rest = rest.substr(0, q);
    if (!query.starts_with("ref=") || query.size() == 4 || query.find('&') != std::string::npos) {
      error =
          "the only query a git module source takes is ?ref=<tag, branch or commit>, not ?" + query;
      return std::nullopt;
    }
    source.ref = query.substr(4);
  }
  // `//` separates the repository from the directory inside it; the scheme's own `//` does not.
  size_t scheme = rest.find("://");
  size_t from = scheme == std::string::npos ? 0 : scheme + 3;
  if (size_t sep = rest.find("//", from); sep != std::string::npos) {
    source.subdir = rest.substr(sep + 2);
    rest = rest.substr(0, sep);
    while (!source.subdir.empty() && source.subdir.back() == '/') source.subdir.pop_back();
    if (source.subdir.find("..") != std::string::npos || source.subdir.starts_with("/")) {
      error =
          "the directory of a git module source must stay inside the repository: " + source.subdir;
      return std::nullopt;
    }
  }
  if (rest.empty()) {
    error = "a git module source needs a repository URL: git::<url>//<subdir>?ref=<tag>";
    return std::nullopt;
  }
  source.url = rest;
  return source;
}

std::string ModuleCacheDir() {
  if (const char* dir = std::getenv("BERTH_MODULE_CACHE"); dir && *dir) return dir;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) {
    return (fs::path(xdg) / "berth" / "modules").string();
  }
  const char* home = std::getenv("HOME");
  return (fs::path(home && *home ? home : "/tmp") / ".cache" / "berth" / "modules").string();
}

namespace {

std::string HashText(const std::string& text) {
  git_oid oid;
  git_odb_hash(&oid, text.data(), text.size(), GIT_OBJECT_BLOB);
  return OidText(oid);
}

// A directory made under a temporary name and renamed into place when complete, so a crash or
// a concurrent run never sees half of it.
std::string TemporarySibling(const std::string& path) {
  return path + ".tmp-" + std::to_string(getpid());
}

bool Publish(const std::string& tmp, const std::string& path, std::string& error) {
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (!ec) return true;
  if (fs::is_directory(path)) {  // another run got there first with the same content
    fs::remove_all(tmp, ec);
    return true;
  }
  error = "cannot move " + tmp + " to " + path + ": " + ec.message();
  return false;
}

// Fetches `refspecs` from origin into the cached clone.
bool Fetch(const GitRepo& repo, const std::string& url, std::vector<std::string> refspecs,
           std::string& error) {
  std::vector<char*> specs;
  for (std::string& spec : refspecs) specs.push_back(spec.data());
  git_strarray array = {specs.data(), specs.size()};
  git_remote* remote = nullptr;
  bool ok = git_remote_lookup(&remote, repo.raw(), "origin") == 0 &&
            git_remote_fetch(remote, &array, nullptr, nullptr) == 0;
  if (!ok) error = GitError("cannot fetch " + url);
  git_remote_free(remote);
  return ok;
}

// The bare clone of `url` in the cache, cloned on first use.
std::unique_ptr<GitRepo> CachedClone(const std::string& url, std::string& error) {
  GitLibrary library;
  std::string path = (fs::path(ModuleCacheDir()) / "repos" / HashText(url)).string();
  if (!fs::is_directory(path)) {
    std::error_code ec;
    fs::create_directories(fs::path(path).parent_path(), ec);
    std::string tmp = TemporarySibling(path);
    fs::remove_all(tmp, ec);
    git_clone_options options = GIT_CLONE_OPTIONS_INIT;
    options.bare = 1;
    git_repository* cloned = nullptr;
    if (git_clone(&cloned, url.c_str(), tmp.c_str(), &options) != 0) {
      error = GitError("cannot clone " + url);
      fs::remove_all(tmp, ec);
      return nullptr;
    }
    git_repository_free(cloned);
    if (!Publish(tmp, path, error)) return nullptr;
  }
  return GitRepo::Open(path, error);
}

// What the remote's `ref` points at now (as `git ls-remote` lists it): a tag (peeled when
// annotated), a branch, or HEAD. Asking the remote, rather than trusting refs fetched earlier,
// sees a tag that moved: libgit2 does not move an existing local tag on fetch.
std::optional<git_oid> RemoteRefTarget(const GitRepo& repo, const GitModuleSource& source,
                                       std::string& error) {
  git_remote* remote = nullptr;
  if (git_remote_lookup(&remote, repo.raw(), "origin") != 0 ||
      git_remote_connect(remote, GIT_DIRECTION_FETCH, nullptr, nullptr, nullptr) != 0) {
    error = GitError("cannot reach " + source.url);
    git_remote_free(remote);
    return std::nullopt;
  }
  const git_remote_head** heads = nullptr;
  size_t count = 0;
  std::optional<git_oid> found;
  if (git_remote_ls(&heads, &count, remote) == 0) {
    std::vector<std::string> wanted =
        source.ref.empty()
            ? std::vector<std::string>{"HEAD"}
            : std::vector<std::string>{"refs/tags/" + source.ref, "refs/heads/" + source.ref};
    for (const std::string& name : wanted) {
      for (size_t i = 0; i < count && !found; ++i) {
        if (name == heads[i]->name) found = heads[i]->oid;
      }
      if (found) break;
    }
  }
  git_remote_disconnect(remote);
  git_remote_free(remote);
  return found;
}

// The commit `ref` names upstream now: a tag, a branch, or a commit SHA.
std::optional<git_oid> ResolveRef(const GitRepo& repo, const GitModuleSource& source,
                                  std::string& error) {
  std::string unreachable;
  auto target = RemoteRefTarget(repo, source, unreachable);
  if (!unreachable.empty()) {
    error = unreachable;
    return std::nullopt;
  }
  // Branches and tags bring the objects (of the ref, or of a commit named by its SHA).
  if (!Fetch(repo, source.url, {"+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"}, error)) {
    return std::nullopt;
  }
  std::string ignored;
  if (target) {
    if (auto commit = repo.ResolveCommit(OidText(*target), ignored)) return commit;
    error = "fetched " + source.url + " but not the commit \"" + source.ref + "\" names";
    return std::nullopt;
  }
  if (auto commit = repo.ResolveCommit(source.ref, ignored)) return commit;
  error = "no tag, branch or commit \"" + source.ref + "\" in " + source.url;
  return std::nullopt;
}

// Writes every file of `commit` into `dir` (once: the directory is keyed by the commit).
bool Extract(const GitRepo& repo, const git_oid& commit, const std::string& dir,
             std::string& error) {
  if (fs::is_directory(dir)) return true;
  auto files = repo.Files(commit, error);
  if (!files) return false;
  std::string tmp = TemporarySibling(dir);
  std::error_code ec;
  fs::remove_all(tmp, ec);
  for (const TreeFile& f : *files) {
    auto content = repo.ReadBlob(f.blob, error);
    if (!content) return false;
    if (!WriteFileUnder(tmp, f.path, *content, error)) return false;
  }
  fs::create_directories(tmp, ec);  // an empty tree is still a checkout
  return Publish(tmp, dir, error);
}

// berth.lock: {"version": 1, "modules": {"<source>": {"commit": "<sha>"}}}.
class LockFile {
 public:
  explicit LockFile(std::string path) : path_(std::move(path)) {}

  bool Load(std::string& error) {
    std::ifstream in(path_, std::ios::binary);
    if (!in) return true;  // no lock yet
    std::stringstream text;
    text << in.rdbuf();
    json_ = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
    if (json_.is_discarded() || !json_.is_object() ||
        !json_.value("modules", nlohmann::json()).is_object()) {
      error = path_ + " is not a berth lock file; delete it to pin every git module again";
      return false;
    }
    return true;
  }

  std::optional<std::string> Pinned(const std::string& source) const {
    if (!json_.is_object() || !json_.contains("modules")) return std::nullopt;
    const nlohmann::json& modules = json_["modules"];
    if (!modules.contains(source)) return std::nullopt;
    const nlohmann::json& entry = modules[source];
    if (!entry.is_object() || !entry.value("commit", nlohmann::json()).is_string()) {
      return std::nullopt;
    }
    return entry["commit"].get<std::string>();
  }

  bool Pin(const std::string& source, const std::string& commit, std::string& error) {
    if (!json_.is_object()) json_ = nlohmann::json::object();
    json_["version"] = 1;
    json_["modules"][source] = {{"commit", commit}};
    return WriteFileAtomically(path_, json_.dump(2) + "\n", error);
  }

 private:
  std::string path_;
  nlohmann::json json_;
};

std::optional<std::string> Resolve(const std::string& stack_dir, const std::string& text,
                                   std::string& error) {
  auto source = ParseGitModuleSource(text, error);
  if (!source) return std::nullopt;
  LockFile lock((fs::path(stack_dir) / "berth.lock").string());
  if (!lock.Load(error)) return std::nullopt;
  std::optional<std::string> pinned = lock.Pinned(text);
  std::string checkouts = (fs::path(ModuleCacheDir()) / "checkouts").string();
  std::string commit_dir;
  if (pinned) {
    commit_dir = (fs::path(checkouts) / *pinned).string();
    if (!fs::is_directory(commit_dir)) {
      auto repo = CachedClone(source->url, error);
      if (!repo) return std::nullopt;
      std::string ignored;
      auto commit = repo->ResolveCommit(*pinned, ignored);
      if (!commit) {
        if (!Fetch(*repo, source->url, {"+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"},
                   error)) {
          return std::nullopt;
        }
        commit = repo->ResolveCommit(*pinned, ignored);
      }
      if (!commit) {
        error = "berth.lock pins " + text + " to commit " + *pinned + ", which " + source->url +
                " does not have; remove the entry from berth.lock to pin it again";
        return std::nullopt;
      }
      if (!Extract(*repo, *commit, commit_dir, error)) return std::nullopt;
    }
  } else {
    auto repo = CachedClone(source->url, error);
    if (!repo) return std::nullopt;
    auto commit = ResolveRef(*repo, *source, error);
    if (!commit) return std::nullopt;
    commit_dir = (fs::path(checkouts) / OidText(*commit)).string();
    if (!Extract(*repo, *commit, commit_dir, error)) return std::nullopt;
    if (!lock.Pin(text, OidText(*commit), error)) return std::nullopt;
  }
  std::string dir = source->subdir.empty() ? commit_dir : commit_dir + "/" + source->subdir;
  if (!fs::is_directory(dir)) {
    error = "no directory " + source->subdir + " in " + source->url +
            (source->ref.empty() ? "" : " at " + source->ref);
    return std::nullopt;
  }
  return dir;
}

}  // namespace

GitModuleResolverFn GitModuleResolver(const std::string& stack_dir) {
  // The lock lives beside the stack's files; for a single-file stack, beside that file.
  std::error_code ec;
  std::string dir =
      fs::is_directory(stack_dir, ec) ? stack_dir : fs::path(stack_dir).parent_path().string();
  if (dir.empty()) dir = ".";
  return [dir](const std::string& source, std::string& error) {
    GitLibrary library;
    return Resolve(dir, source, error);
  };
}

}  // namespace berth::review
