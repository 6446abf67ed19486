// CloudWatch Logs' streams and events, as rows of tables of their own in the control plane's
// database, written in the caller's store transaction (a request's, or the collector's together
// with its read position, so a restart neither loses nor repeats a line). Events are ordered by
// (timestamp, seq): seq is the row's insertion number, so two events of the same millisecond
// keep the order they came in, and a position in that order is what paging tokens carry.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "controlplane/store/store.h"

namespace berth::controlplane::logs {

using nlohmann::json;

struct Event {
  int64_t timestamp = 0;  // ms since the epoch, as the Logs API counts
  std::string message;
  int64_t ingestion = 0;  // ms
  std::string stream;
  int64_t seq = 0;
};

// A place in a group's (timestamp, seq) order.
struct Position {
  int64_t timestamp = 0;
  int64_t seq = 0;
};

struct Stream {
  std::string name;
  int64_t created = 0;
  std::optional<int64_t> first_event, last_event, last_ingestion;
  int64_t stored_bytes = 0;
};

// Creates the tables when missing (cheap when they are there).
void EnsureSchema(store::Tx& tx);

// False when the stream exists already.
bool CreateStream(store::Tx& tx, const std::string& group, const std::string& stream,
                  int64_t now_ms);
std::optional<Stream> FindStream(store::Tx& tx, const std::string& group,
                                 const std::string& stream);
// Streams of the group whose name starts with `prefix`, by name.
std::vector<Stream> Streams(store::Tx& tx, const std::string& group, const std::string& prefix);
void DeleteStream(store::Tx& tx, const std::string& group, const std::string& stream);
void DeleteGroup(store::Tx& tx, const std::string& group);

// Appends events to a stream (made when missing), stamped with `now_ms` as ingestion time.
void Append(store::Tx& tx, const std::string& group, const std::string& stream,
            const std::vector<Event>& events, int64_t now_ms);

// Which events a read looks at.
struct Range {
  std::vector<std::string> streams;  // empty: every stream of the group
  std::string stream_prefix;         // with no `streams`: those starting with it
  int64_t from_ms = INT64_MIN;       // inclusive
  int64_t to_ms = INT64_MAX;         // exclusive
  std::optional<Position> after;     // strictly after this position
  std::optional<Position> before;    // strictly before
  bool descending = false;
};

// Visits the group's events in `range`, in order, until `visit` returns false.
void Scan(store::Tx& tx, const std::string& group, const Range& range,
          const std::function<bool(const Event&)>& visit);

// Deletes the group's events older than `cutoff_ms`; how many went.
int64_t DropOlderThan(store::Tx& tx, const std::string& group, int64_t cutoff_ms);

// How far the collector has read a container's output: the last line's Docker timestamp (ns)
// and how many lines carried exactly that timestamp (Docker's `since` is inclusive).
struct Cursor {
  int64_t ns = 0;
  int64_t count = 0;
};
Cursor ReadCursor(store::Tx& tx, const std::string& container_id);
void WriteCursor(store::Tx& tx, const std::string& container_id, const Cursor& cursor);
void DropCursor(store::Tx& tx, const std::string& container_id);
// The containers a read position is kept for.
std::vector<std::string> CursorContainers(store::Tx& tx);

}  // namespace berth::controlplane::logs
