// The state's write-ahead journal, `<state>.journal` (docs/state.md): apply appends one line per
// completed action instead of rewriting the whole state, so saving after every action costs the
// size of that action, not of the state. The journal is folded back into the state file
// (compacted) when apply ends, and replayed by LoadState when a crash left it behind.
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>
#include <utility>

#include "planner/state.h"

namespace berth::state {

std::string JournalPath(const std::string& state_path);

// Applies the journal of `state_path`, if there is one, onto `state` (just loaded from
// `state_path`), one put or remove per line, each counting as a write (serial + 1), and records
// how many in `state.journal_actions`. A torn last line (no newline, or not JSON) is an action
// that was never confirmed and is ignored. Any other bad line is an error naming the journal.
bool ReplayJournal(const std::string& state_path, State& state, std::string& error);

// Records apply's completed actions durably, one fsync'd line each. Holds the state being
// applied: the caller updates it first, then calls Put or Remove; each appended line adds one
// to its serial so it matches what LoadState will show. Compacts when destroyed (RAII), so the
// journal never outlives an apply that ended normally; call Compact to see its error.
class Journal {
 public:
  Journal(std::string state_path, State& state)
      : state_path_(std::move(state_path)), state_(state) {}
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;
  ~Journal();

  // `resource` as it now is in the state.
  bool Put(const Resource& resource, std::string& error);
  bool Remove(std::string_view address, std::string& error);
  // Saves the whole state (SaveState, which removes the journal). Does nothing when nothing was
  // recorded.
  bool Compact(std::string& error);

 private:
  bool Append(const std::string& line, std::string& error);
  bool Open(std::string& error);
  void Close();

  std::string state_path_;
  State& state_;
  int fd_ = -1;
  off_t size_ = 0;       // the journal's length up to its last whole line
  bool broken_ = false;  // a failed write could not be undone: append nothing more
  bool dirty_ = false;   // the state in memory is ahead of the state file
};

}  // namespace berth::state
