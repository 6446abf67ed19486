// The state lock: a `<state>.lock` file created with O_CREAT|O_EXCL, which the kernel grants to
// exactly one process, holding JSON that names its holder so a refused run can say who to wait
// for (docs/state.md).
#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "compiler/ir/json_writer.h"
#include "planner/random_id.h"
#include "planner/state.h"

namespace berth::state {

namespace {

std::string LockPath(const std::string& state_path) { return state_path + ".lock"; }

std::string NowRfc3339() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  ::gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

std::string HostName() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0) return "unknown";
  return name;
}

std::string LockJson(const LockInfo& info) {
  std::ostringstream out;
  JsonWriter w(out, 2);
  w.BeginObject();
  w.Key("host");
  w.String(info.host);
  w.Key("id");
  w.String(info.id);
  w.Key("operation");
  w.String(info.operation);
  w.Key("pid");
  w.Number(info.pid);
  w.Key("time");
  w.String(info.time);
  w.EndObject();
  w.Flush();
  out << "\n";
  return out.str();
}

enum class ReadLock { kOk, kMissing, kUnreadable };

// Reads the lock's holder. kUnreadable covers a lock file being written at this very moment.
ReadLock ReadLockInfo(const std::string& lock_path, LockInfo& info) {
  int fd = ::open(lock_path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return errno == ENOENT ? ReadLock::kMissing : ReadLock::kUnreadable;
  std::string text;
  char chunk[4096];
  ssize_t n;
  while ((n = ::read(fd, chunk, sizeof chunk)) > 0) text.append(chunk, static_cast<size_t>(n));
  ::close(fd);
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object() || !j.contains("id") || !j["id"].is_string()) return ReadLock::kUnreadable;
  auto string_of = [&](const char* key) {
    return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : "unknown";
  };
  info.id = j["id"].get<std::string>();
  info.pid = j.contains("pid") && j["pid"].is_number_integer() ? j["pid"].get<int>() : 0;
  info.host = string_of("host");
  info.time = string_of("time");
  info.operation = string_of("operation");
  return ReadLock::kOk;
}

bool WriteAll(int fd, const std::string& content) {
  size_t written = 0;
  while (written < content.size()) {
    ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    written += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

std::optional<StateLock> StateLock::Acquire(const std::string& state_path,
                                            const std::string& operation, std::string& error) {
  std::string lock_path = LockPath(state_path);
  std::filesystem::path parent = std::filesystem::path(lock_path).parent_path();
  if (!parent.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(parent, ec);
  }
  LockInfo info{RandomHexId(), static_cast<int>(::getpid()), HostName(), NowRfc3339(), operation};
  int fd = ::open(lock_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0 && errno == EEXIST) {
    // The holder writes its details just after creating the file; give it a moment to finish
    // before calling the file unreadable.
    LockInfo holder;
    ReadLock read = ReadLock::kUnreadable;
    for (int attempt = 0; attempt < 50; ++attempt) {
      read = ReadLockInfo(lock_path, holder);
      if (read != ReadLock::kUnreadable) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (read == ReadLock::kMissing) {
      // Released between our attempt and our read: try once more rather than fail spuriously.
      fd = ::open(lock_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    } else if (read == ReadLock::kOk) {
      // A holder on this host can be looked for: a run killed with -9 (or a crashed machine's
      // reboot) leaves a lock whose process is gone, and then the way out is certain.
      bool gone = holder.host == HostName() && holder.pid > 0 && ::kill(holder.pid, 0) != 0 &&
                  errno == ESRCH;
      error = fmt::format(
          "the state {} is locked by another berth run (lock id {}, operation \"{}\", pid {} on "
          "host {}, since {}); {}, `berth force-unlock {}` clears the stale lock",
          state_path, holder.id, holder.operation, holder.pid, holder.host, holder.time,
          gone ? "that run is gone (no process " + std::to_string(holder.pid) + " on this host)"
               : std::string("if that run is gone"),
          holder.id);
      return std::nullopt;
    } else {
      error = fmt::format(
          "the state {} is locked, but the lock file {} cannot be read; if no berth run is "
          "going, delete that file",
          state_path, lock_path);
      return std::nullopt;
    }
  }
  if (fd < 0) {
    if (errno == EEXIST) {
      error = fmt::format("the state {} was locked by another berth run just now", state_path);
    } else {
      error = fmt::format("cannot create the lock file {}: {}", lock_path, std::strerror(errno));
    }
    return std::nullopt;
  }
  bool written = WriteAll(fd, LockJson(info)) && ::fsync(fd) == 0;
  int saved_errno = errno;
  ::close(fd);
  if (!written) {
    ::unlink(lock_path.c_str());
    error = fmt::format("cannot write the lock file {}: {}", lock_path, std::strerror(saved_errno));
    return std::nullopt;
  }
  return StateLock(lock_path, std::move(info));
}

StateLock::StateLock(StateLock&& other) noexcept
    : path_(std::move(other.path_)), info_(std::move(other.info_)) {
  other.path_.clear();
}

StateLock::~StateLock() {
  if (path_.empty()) return;
  // After a force-unlock someone else may hold the lock now; removing theirs would let two
  // runs in at once.
  LockInfo current;
  if (ReadLockInfo(path_, current) == ReadLock::kOk && current.id == info_.id) {
    ::unlink(path_.c_str());
  }
}

bool ForceUnlock(const std::string& state_path, const std::string& id, std::string& error) {
  std::string lock_path = LockPath(state_path);
  LockInfo holder;
  switch (ReadLockInfo(lock_path, holder)) {
    case ReadLock::kMissing:
      error = fmt::format("the state {} is not locked (no {})", state_path, lock_path);
      return false;
    case ReadLock::kUnreadable:
      error = fmt::format(
          "the lock file {} cannot be read; delete it by hand if no berth run is "
          "going",
          lock_path);
      return false;
    case ReadLock::kOk:
      break;
  }
  if (holder.id != id) {
    error = fmt::format(
        "the lock on {} has the id {} (operation \"{}\", pid {} on host {}, since {}), not {}; "
        "nothing was unlocked",
        state_path, holder.id, holder.operation, holder.pid, holder.host, holder.time, id);
    return false;
  }
  if (::unlink(lock_path.c_str()) != 0 && errno != ENOENT) {
    error = fmt::format("cannot remove the lock file {}: {}", lock_path, std::strerror(errno));
    return false;
  }
  return true;
}

}  // namespace berth::state
