// The state file: canonical JSON (docs/state.md), read strictly, written atomically.
#include "planner/state.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "compiler/base/atomic_file.h"
#include "compiler/base/json_input.h"
#include "compiler/ir/json_writer.h"
#include "planner/random_id.h"
#include "planner/state_digest.h"
#include "planner/state_journal.h"
#include "planner/state_value_json.h"
#include "planner/truncation_guard.h"

namespace berth::state {

namespace {

auto ByAddress() {
  return [](const Resource& r, std::string_view address) { return r.address < address; };
}

// Keys in sorted order, so the same state always gives the same bytes (and fingerprint).
void WriteState(const State& state, int indent, std::ostream& out) {
  JsonWriter w(out, indent);
  w.BeginObject();
  w.Key("format_version");
  w.Number(State::kFormatVersion);
  w.Key("lineage");
  w.String(state.lineage);
  w.Key("resources");
  w.BeginArray();
  for (const Resource& r : state.resources) WriteStateResource(w, r, state.digest_key);
  w.EndArray();
  w.Key("serial");
  w.Number(static_cast<double>(state.serial));
  w.EndObject();
  w.Flush();  // the writer buffers; the newline must come after its text
  out << "\n";
}

// Sorts what was read by address and refuses an address that appears twice.
bool Adopt(State loaded, State& state, std::string& error) {
  auto by_address = [](const Resource& a, const Resource& b) { return a.address < b.address; };
  // Saved states are already in order; stable_sort would still move every resource through a
  // buffer.
  if (!std::is_sorted(loaded.resources.begin(), loaded.resources.end(), by_address)) {
    std::stable_sort(loaded.resources.begin(), loaded.resources.end(), by_address);
  }
  for (size_t i = 1; i < loaded.resources.size(); ++i) {
    if (loaded.resources[i].address == loaded.resources[i - 1].address) {
      error = fmt::format("the address {} appears twice", loaded.resources[i].address);
      return false;
    }
  }
  state = std::move(loaded);
  return true;
}

// A state file's bytes. A regular file is mapped, not copied: the copy of 63 MB (10,000
// services) into fresh heap pages cost their zeroing by the kernel besides the copy, while the
// mapping shares the page cache's pages (MAP_POPULATE maps them in one call instead of one
// fault per page). SaveState replaces the file by a rename, never rewrites it in place; another
// program that rewrites or truncates it while berth reads would change the mapped bytes or make
// a read of them raise SIGBUS: a TruncationGuard turns that into zeros, and ChangedWhileRead()
// says so, as it does for a file rewritten in place under a plain read. Anything else (a pipe, a
// file mmap refuses) is read into a string.
class StateText {
 public:
  StateText() = default;
  StateText(const StateText&) = delete;
  StateText& operator=(const StateText&) = delete;
  ~StateText() {
    if (mapped_ != nullptr) ::munmap(mapped_, size_);
    if (fd_ >= 0) ::close(fd_);
  }

  // 0, or the errno of the failed read. Takes `fd`: it stays open for ChangedWhileRead, and is
  // closed with the text.
  int Read(int fd) {
    fd_ = fd;
    struct stat info;
    bool regular = ::fstat(fd, &info) == 0 && S_ISREG(info.st_mode);
    if (regular) {
      size_before_ = info.st_size;
      modified_before_ = info.st_mtim;
    }
    if (regular && info.st_size > 0) {
      void* p = ::mmap(nullptr, static_cast<size_t>(info.st_size), PROT_READ,
                       MAP_PRIVATE | MAP_POPULATE, fd, 0);
      if (p != MAP_FAILED) {
        mapped_ = p;
        size_ = static_cast<size_t>(info.st_size);
        guard_.emplace(mapped_, size_);
        return 0;
      }
    }
    char chunk[65536];
    for (;;) {
      ssize_t n = ::read(fd, chunk, sizeof chunk);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return errno;
      if (n == 0) return 0;
      copy_.append(chunk, static_cast<size_t>(n));
    }
  }

  // Gives the mapped pages of the first `done` bytes back (rounded down to whole steps): the
  // values read from them are all that is needed, and a 63 MB file held to the end of the read
  // set the no-op plan's peak. Read again later (the document reader, after the fast one gave
  // up), they come back from the page cache: the mapping is private and never written.
  void Release(size_t done) {
    constexpr size_t kStep = size_t{1} << 20;  // a multiple of every page size
    size_t upto = done / kStep * kStep;
    if (mapped_ == nullptr || upto <= released_) return;
    ::madvise(static_cast<char*>(mapped_) + released_, upto - released_, MADV_DONTNEED);
    released_ = upto;
  }

  // Whether another program truncated or rewrote the file while it was read: what was read may
  // mix two versions. Asked once the values are read.
  bool ChangedWhileRead() const {
    if (guard_ && guard_->Tripped()) return true;
    struct stat info;
    if (fd_ < 0 || ::fstat(fd_, &info) != 0 || !S_ISREG(info.st_mode)) return false;
    return info.st_size != size_before_ || info.st_mtim.tv_sec != modified_before_.tv_sec ||
           info.st_mtim.tv_nsec != modified_before_.tv_nsec;
  }

  std::string_view view() const {
    return mapped_ != nullptr ? std::string_view(static_cast<const char*>(mapped_), size_)
                              : std::string_view(copy_);
  }

 private:
  void* mapped_ = nullptr;
  size_t size_ = 0;
  size_t released_ = 0;
  std::string copy_;
  int fd_ = -1;
  off_t size_before_ = 0;
  struct timespec modified_before_ = {};
  std::optional<TruncationGuard> guard_;
};

bool ParseState(std::string_view text, State& state, std::string& error,
                const std::function<void(size_t)>& done_with = nullptr) {
  // Every valid state takes the fast path; only one it refuses is parsed into a document again,
  // whose checks say what is wrong.
  State loaded;
  if (!ReadStateFast(text, loaded, done_with)) {
    loaded = State{};
    if (!ReadStateDocument(text, loaded, error)) return false;
  }
  return Adopt(std::move(loaded), state, error);
}

}  // namespace

bool ReadStateDocument(std::string_view text, State& state, std::string& error) {
  JsonInputError syntax;
  std::optional<nlohmann::json> parsed = ParseJsonInput(text, syntax);
  if (!parsed) {
    error = fmt::format("not valid JSON at line {}, column {}: {}", syntax.line, syntax.column,
                        syntax.message);
    return false;
  }
  nlohmann::json& j = *parsed;
  if (!j.is_object()) {
    error = "not a state file: the top level is not a JSON object";
    return false;
  }
  auto version = j.find("format_version");
  if (version == j.end() || !version->is_number_integer()) {
    error = "not a state file: no integer \"format_version\"";
    return false;
  }
  if (version->get<int64_t>() != State::kFormatVersion) {
    error = fmt::format("format_version {} is not supported (this berth reads version {})",
                        version->dump(), State::kFormatVersion);
    return false;
  }
  auto lineage = j.find("lineage");
  if (lineage == j.end() || !lineage->is_string() || lineage->get<std::string>().empty()) {
    error = "no \"lineage\" string";
    return false;
  }
  auto serial = j.find("serial");
  if (serial == j.end() || !serial->is_number_unsigned()) {
    error = "no \"serial\" (a non-negative integer)";
    return false;
  }
  auto resources = j.find("resources");
  if (resources == j.end() || !resources->is_array()) {
    error = "no \"resources\" list";
    return false;
  }
  state.lineage = lineage->get<std::string>();
  state.serial = serial->get<uint64_t>();
  state.resources.reserve(resources->size());
  for (size_t i = 0; i < resources->size(); ++i) {
    Resource r;
    if (!ReadStateResource((*resources)[i], fmt::format("resources[{}]", i), r, error))
      return false;
    state.resources.push_back(std::move(r));
  }
  return true;
}

// Takes `j`'s strings: the parsed document is dropped once read.
void WriteStateResource(JsonWriter& w, const Resource& r, std::string_view key) {
  w.BeginObject();
  w.Key("address");
  w.String(r.address);
  w.Key("attributes");
  WriteHashedValue(w, r.attributes, key);
  w.Key("computed");
  WriteHashedValue(w, r.computed, key);
  w.Key("depends_on");
  w.BeginArray();
  for (const std::string& d : r.depends_on) w.String(d);
  w.EndArray();
  w.Key("kind");
  w.String(r.kind);
  w.EndObject();
}

bool ReadStateResource(nlohmann::json& j, const std::string& where, Resource& r,
                       std::string& error) {
  if (!j.is_object()) {
    error = where + " is not an object";
    return false;
  }
  auto need_string = [&](const char* key, std::string& out) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_string()) {
      error = fmt::format("{} has no string \"{}\"", where, key);
      return false;
    }
    out = it->get<std::string>();
    return true;
  };
  if (!need_string("address", r.address) || !need_string("kind", r.kind)) return false;
  std::string named = fmt::format("{} ({})", where, r.address);
  auto attributes = j.find("attributes");
  if (attributes == j.end() || !attributes->is_object()) {
    error = named + " has no \"attributes\" object";
    return false;
  }
  auto value = TakeExactValue(*attributes, r.address + ".attributes", error);
  if (!value) return false;
  r.attributes = std::move(*value);
  // `computed` and `depends_on` may be absent: a resource with neither is still whole.
  r.computed = Value::Map({});
  if (auto computed = j.find("computed"); computed != j.end() && !computed->is_null()) {
    if (!computed->is_object()) {
      error = named + " has a \"computed\" that is not an object";
      return false;
    }
    auto read = TakeExactValue(*computed, r.address + ".computed", error);
    if (!read) return false;
    r.computed = std::move(*read);
  }
  if (auto deps = j.find("depends_on"); deps != j.end()) {
    if (!deps->is_array()) {
      error = named + " has a \"depends_on\" that is not a list";
      return false;
    }
    for (const auto& d : *deps) {
      if (!d.is_string()) {
        error = named + " has a non-string entry in \"depends_on\"";
        return false;
      }
      r.depends_on.push_back(d.get<std::string>());
    }
  }
  return true;
}

const Resource* State::Find(std::string_view address) const {
  auto it = std::lower_bound(resources.begin(), resources.end(), address, ByAddress());
  if (it == resources.end() || it->address != address) return nullptr;
  return &*it;
}

void State::Put(Resource resource) {
  auto it = std::lower_bound(resources.begin(), resources.end(), resource.address, ByAddress());
  if (it != resources.end() && it->address == resource.address) {
    *it = std::move(resource);
  } else {
    resources.insert(it, std::move(resource));
  }
}

bool State::Remove(std::string_view address) {
  auto it = std::lower_bound(resources.begin(), resources.end(), address, ByAddress());
  if (it == resources.end() || it->address != address) return false;
  resources.erase(it);
  return true;
}

std::vector<planner::LiveResource> State::AsLive() const {
  std::vector<planner::LiveResource> live;
  live.reserve(resources.size());
  for (const Resource& r : resources) {
    live.push_back({r.address, r.kind, r.attributes, r.depends_on});
  }
  return live;
}

std::vector<planner::LiveResource> State::TakeLive() {
  std::vector<planner::LiveResource> live;
  live.reserve(resources.size());
  for (Resource& r : resources) {
    live.push_back({std::move(r.address), std::move(r.kind), std::move(r.attributes),
                    std::move(r.depends_on)});
  }
  resources.clear();
  return live;
}

bool LoadState(const std::string& path, State& state, std::string& error) {
  std::string key;
  if (!LoadDigestKey(path, key, error)) return false;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT) {
    state = State{};
    state.lineage = RandomHexId();
    state.digest_key = std::move(key);
    return true;
  }
  if (fd < 0) {
    error = fmt::format("cannot read the state file {}: {}", path, std::strerror(errno));
    return false;
  }
  StateText text;
  int read_errno = text.Read(fd);
  if (read_errno != 0) {
    error = fmt::format("cannot read the state file {}: {}", path, std::strerror(read_errno));
    return false;
  }
  std::string why;
  bool parsed = ParseState(text.view(), state, why, [&text](size_t done) { text.Release(done); });
  if (text.ChangedWhileRead()) {
    state = State{};
    error = fmt::format(
        "the state file {} changed while berth read it (another program rewrote or truncated "
        "it): run the command again once that program is done",
        path);
    return false;
  }
  if (!parsed) {
    error = fmt::format("the state file {} is not valid: {}", path, why);
    return false;
  }
  state.digest_key = std::move(key);
  return ReplayJournal(path, state, error);
}

bool SaveState(const std::string& path, State& state, std::string& error) {
  if (state.lineage.empty()) state.lineage = RandomHexId();
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(parent, ec);
    if (ec) {
      error = fmt::format("cannot create the directory {} for the state: {}", parent.string(),
                          ec.message());
      return false;
    }
  }
  // The first sensitive value the state holds (or the plaintext of a state written before
  // berth hashed them: the migration) makes the key its hash needs.
  if (state.digest_key.empty() && HoldsPlaintextSensitive(state) &&
      !EnsureDigestKey(path, state.digest_key, error)) {
    return false;
  }
  ++state.serial;
  std::ostringstream out;
  WriteState(state, 2, out);
  // Only its owner may read it: it names every resource, and hashes of its secrets.
  if (!WriteFileAtomically(path, out.str(), error, FileAccess::kPrivate)) {
    // The file on disk still holds the previous serial; keep memory in step with it.
    --state.serial;
    error = "cannot save the state: " + error;
    return false;
  }
  // Only now, with everything the journal recorded in the file: a crash before this line leaves
  // a journal whose replay changes nothing more.
  std::string journal = JournalPath(path);
  if (::unlink(journal.c_str()) != 0 && errno != ENOENT) {
    error = fmt::format("saved the state, but cannot remove its journal {}: {}", journal,
                        std::strerror(errno));
    return false;
  }
  state.journal_actions = 0;
  return true;
}

std::string Fingerprint(const State& state) {
  std::ostringstream out;
  WriteState(state, 0, out);
  // FNV-1a, 64 bits: stable across builds and machines, and plenty to notice a moved state.
  uint64_t hash = 0xcbf29ce484222325ull;
  for (unsigned char c : out.str()) {
    hash ^= c;
    hash *= 0x100000001b3ull;
  }
  return fmt::format("{:016x}", hash);
}

}  // namespace berth::state
