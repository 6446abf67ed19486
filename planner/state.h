// The state file: what berth last applied, per stack (docs/state.md). Versioned JSON with a
// serial (incremented on every write) and a lineage (a random id fixed when the state is born),
// written atomically (temporary file, fsync, rename); apply records each completed action in a
// journal beside it (state_journal.h) and folds that into the file when it ends.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compiler/base/value.h"
#include "planner/plan.h"

namespace berth::state {

struct Resource {
  std::string address;
  std::string kind;
  Value attributes;  // as desired when applied (the IR's map); values known after apply filled in
  Value computed;    // a map of attributes known only after apply: arn, dns_name, revision...
  std::vector<std::string> depends_on;
};

struct State {
  static constexpr int kFormatVersion = 1;
  uint64_t serial = 0;
  std::string lineage;
  std::vector<Resource> resources;  // sorted by address
  // Actions LoadState replayed from `<state>.journal` (left by an apply that crashed); the next
  // SaveState writes them into the file and removes the journal. Not part of the content.
  size_t journal_actions = 0;
  // The key sensitive values are hashed with (state_digest.h): $BERTH_STATE_KEY or the key file
  // beside the state, read by LoadState, made by the first save that needs it. Not content.
  std::string digest_key;

  const Resource* Find(std::string_view address) const;
  // Inserts or replaces by address, keeping the order.
  void Put(Resource resource);
  bool Remove(std::string_view address);
  // The live view the planner diffs against.
  std::vector<planner::LiveResource> AsLive() const;
  // The same, moving the resources out: `resources` is left empty.
  std::vector<planner::LiveResource> TakeLive();
};

// Reads `path`, then replays `<path>.journal` if a crashed apply left one (state_journal.h). A
// missing file is an empty state with a fresh lineage (returns true). A file that is not a valid
// state returns false with `error` saying what is wrong.
bool LoadState(const std::string& path, State& state, std::string& error);

// Writes `state` to `path` atomically with serial incremented: a crash at any point leaves the
// old or the new file, never a torn one. Creates the parent directory. Then removes
// `<path>.journal`: the file now holds everything it recorded.
bool SaveState(const std::string& path, State& state, std::string& error);

// A digest of the state's content (lineage, serial, resources): a saved plan records it and is
// refused when the state moved.
std::string Fingerprint(const State& state);

// Exact JSON round trip of typed values (unit and reference tags as in docs/ir.md, sensitive
// values keeping their content, marked {"$sensitive": VALUE}); the state file itself holds
// hashes instead (WriteHashedValue).
std::string ValueToJson(const Value& value);
std::optional<Value> ValueFromJson(std::string_view json, std::string& error);

// The exclusive lock held during apply: `<state>.lock` holding id, pid, host, time, operation.
// Taken with O_CREAT|O_EXCL, so two processes can never both hold it.
struct LockInfo {
  std::string id;
  int pid = 0;
  std::string host;
  std::string time;       // RFC 3339, UTC
  std::string operation;  // "apply", "destroy", "state rm"...
};

class StateLock {
 public:
  // Takes the lock or returns nullopt with `error` naming the holder (id, pid, host, time,
  // operation) and saying how to clear a stale lock (`berth force-unlock ID`).
  static std::optional<StateLock> Acquire(const std::string& state_path,
                                          const std::string& operation, std::string& error);
  StateLock(StateLock&& other) noexcept;
  StateLock& operator=(StateLock&&) = delete;
  StateLock(const StateLock&) = delete;
  ~StateLock();  // releases
  const LockInfo& info() const { return info_; }

 private:
  StateLock(std::string path, LockInfo info) : path_(std::move(path)), info_(std::move(info)) {}
  std::string path_;
  LockInfo info_;
};

// Removes the lock of `state_path` if its id is `id`; false with `error` otherwise.
bool ForceUnlock(const std::string& state_path, const std::string& id, std::string& error);

}  // namespace berth::state
