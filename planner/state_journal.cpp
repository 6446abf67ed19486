// The state journal: one canonical JSON line per completed apply action, appended with a single
// write() and fsync'd, replayed by LoadState after a crash (docs/state.md).
#include "planner/state_journal.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "compiler/ir/json_writer.h"
#include "planner/state_digest.h"
#include "planner/state_value_json.h"

namespace berth::state {

namespace {

std::string PutLine(const Resource& r, std::string_view key) {
  std::ostringstream out;
  JsonWriter w(out, 0);  // one line: strings escape their newlines
  w.BeginObject();
  w.Key("op");
  w.String("put");
  w.Key("resource");
  WriteStateResource(w, r, key);
  w.EndObject();
  w.Flush();
  out << '\n';
  return out.str();
}

std::string RemoveLine(std::string_view address) {
  std::ostringstream out;
  JsonWriter w(out, 0);
  w.BeginObject();
  w.Key("address");
  w.String(address);
  w.Key("op");
  w.String("remove");
  w.EndObject();
  w.Flush();
  out << '\n';
  return out.str();
}

bool ReplayLine(nlohmann::json& j, State& state, std::string& why) {
  auto op = j.is_object() ? j.find("op") : j.end();
  if (!j.is_object() || op == j.end() || !op->is_string()) {
    why = "not an object with an \"op\" string";
    return false;
  }
  if (*op == "put") {
    auto resource = j.find("resource");
    if (resource == j.end() || !resource->is_object()) {
      why = "a put without a \"resource\" object";
      return false;
    }
    Resource r;
    if (!ReadStateResource(*resource, "resource", r, why)) return false;
    state.Put(std::move(r));
    return true;
  }
  if (*op == "remove") {
    auto address = j.find("address");
    if (address == j.end() || !address->is_string()) {
      why = "a remove without an \"address\" string";
      return false;
    }
    // An address already gone is fine: a crash between compacting and removing the journal
    // replays it onto a state that holds it already, and every line is idempotent.
    state.Remove(address->get<std::string>());
    return true;
  }
  why = "unknown op " + op->dump();
  return false;
}

// False with errno set when the file cannot be read (ENOENT: there is none).
bool ReadFile(const std::string& path, std::string& text) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  char chunk[65536];
  for (;;) {
    ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int saved = errno;
      ::close(fd);
      errno = saved;
      return false;
    }
    if (n == 0) break;
    text.append(chunk, static_cast<size_t>(n));
  }
  ::close(fd);
  return true;
}

}  // namespace

std::string JournalPath(const std::string& state_path) { return state_path + ".journal"; }

bool ReplayJournal(const std::string& state_path, State& state, std::string& error) {
  std::string path = JournalPath(state_path);
  std::string text;
  if (!ReadFile(path, text)) {
    if (errno == ENOENT) return true;
    error = fmt::format("cannot read the state journal {}: {}", path, std::strerror(errno));
    return false;
  }
  size_t replayed = 0;
  size_t line_number = 0;
  for (size_t start = 0; start < text.size();) {
    size_t end = text.find('\n', start);
    // No newline: the write was cut short, so its fsync never returned and the action was never
    // reported done. The same holds for a last line that is not JSON.
    if (end == std::string::npos) break;
    ++line_number;
    std::string_view line(text.data() + start, end - start);
    bool last = end + 1 == text.size();
    start = end + 1;
    nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() && last) break;
    std::string why = j.is_discarded() ? "not JSON" : "";
    if (!why.empty() || !ReplayLine(j, state, why)) {
      error = fmt::format("the state journal {} is not valid: line {}: {}", path, line_number, why);
      return false;
    }
    ++state.serial;  // each line was a write of the state
    ++replayed;
  }
  state.journal_actions = replayed;
  return true;
}

Journal::~Journal() {
  std::string ignored;  // the journal stays on failure, and the next LoadState replays it
  Compact(ignored);
}

bool Journal::Put(const Resource& resource, std::string& error) {
  // The first sensitive value the state ever holds makes the key its hash needs.
  if (state_.digest_key.empty() && HoldsPlaintextSensitive(resource.attributes) &&
      !EnsureDigestKey(state_path_, state_.digest_key, error)) {
    dirty_ = true;  // the caller updated the state already: compaction must save it
    return false;
  }
  return Append(PutLine(resource, state_.digest_key), error);
}

bool Journal::Remove(std::string_view address, std::string& error) {
  return Append(RemoveLine(address), error);
}

bool Journal::Compact(std::string& error) {
  Close();
  if (!dirty_) return true;
  if (!SaveState(state_path_, state_, error)) return false;
  dirty_ = false;
  return true;
}

bool Journal::Append(const std::string& line, std::string& error) {
  dirty_ = true;  // the caller updated the state already: compaction must save it
  if (broken_) {
    error = "the state journal " + JournalPath(state_path_) + " failed earlier";
    return false;
  }
  if (fd_ < 0 && !Open(error)) return false;
  // One write() for the whole line, so a crash leaves at most one torn line, the last.
  ssize_t n;
  do {
    n = ::write(fd_, line.data(), line.size());
  } while (n < 0 && errno == EINTR);
  int failure = n < 0 ? errno : (static_cast<size_t>(n) != line.size() ? ENOSPC : 0);
  if (failure == 0 && ::fsync(fd_) != 0) failure = errno;
  if (failure != 0) {
    // A partial line followed by more lines would make the journal unreadable: cut it off.
    if (::ftruncate(fd_, size_) != 0) broken_ = true;
    error = fmt::format("cannot write the state journal {}: {}", JournalPath(state_path_),
                        std::strerror(failure));
    return false;
  }
  size_ += static_cast<off_t>(line.size());
  ++state_.serial;  // as LoadState will count it
  return true;
}

bool Journal::Open(std::string& error) {
  // The journal holds actions on top of the state file, so that file must exist (it carries the
  // lineage). A journal left by a crash is already in `state_` (LoadState replayed it): saving
  // folds it in and removes it, and this apply starts an empty one, never appending after a torn
  // line.
  std::string path = JournalPath(state_path_);
  std::error_code ec;
  if (!std::filesystem::exists(state_path_, ec) || std::filesystem::exists(path, ec)) {
    if (!SaveState(state_path_, state_, error)) return false;
  }
  // Only its owner may read it, like the state (0600 whatever the umask).
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0600);
  if (fd_ < 0 || ::fchmod(fd_, 0600) != 0) {
    error = fmt::format("cannot create the state journal {}: {}", path, std::strerror(errno));
    Close();
    return false;
  }
  size_ = 0;
  // The new name lives in the directory: without this fsync a power loss could lose the journal
  // and every action in it.
  std::string dir = std::filesystem::path(path).parent_path().string();
  int dir_fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
  return true;
}

void Journal::Close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

}  // namespace berth::state
