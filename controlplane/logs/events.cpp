#include "controlplane/logs/events.h"

#include <sqlite3.h>

#include <stdexcept>

namespace berth::controlplane::logs {

namespace {

// One prepared statement, finalized on scope exit.
class Sql {
 public:
  Sql(sqlite3* db, const std::string& text) : db_(db) {
    if (sqlite3_prepare_v2(db, text.c_str(), -1, &stmt_, nullptr) != SQLITE_OK) {
      throw std::runtime_error(std::string("sqlite: ") + sqlite3_errmsg(db));
    }
  }
  ~Sql() { sqlite3_finalize(stmt_); }
  Sql& Text(int i, const std::string& text) {
    sqlite3_bind_text(stmt_, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Sql& Int(int i, int64_t value) {
    sqlite3_bind_int64(stmt_, i, value);
    return *this;
  }
  // True while a row is there.
  bool Row() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) throw std::runtime_error(std::string("sqlite: ") + sqlite3_errmsg(db_));
    return false;
  }
  void Run() { Row(); }
  // Ready to run again with new bindings.
  void Reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  int64_t IntAt(int i) { return sqlite3_column_int64(stmt_, i); }
  bool NullAt(int i) { return sqlite3_column_type(stmt_, i) == SQLITE_NULL; }
  std::string TextAt(int i) {
    const char* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, i));
    return text ? std::string(text, sqlite3_column_bytes(stmt_, i)) : std::string();
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

std::optional<int64_t> OptionalAt(Sql& sql, int i) {
  if (sql.NullAt(i)) return std::nullopt;
  return sql.IntAt(i);
}

Stream StreamAt(Sql& sql) {
  Stream s;
  s.name = sql.TextAt(0);
  s.created = sql.IntAt(1);
  s.first_event = OptionalAt(sql, 2);
  s.last_event = OptionalAt(sql, 3);
  s.last_ingestion = OptionalAt(sql, 4);
  s.stored_bytes = sql.IntAt(5);
  return s;
}

constexpr const char* kStreamColumns =
    "name, created, first_event, last_event, last_ingestion, stored_bytes";

}  // namespace

void EnsureSchema(store::Tx& tx) {
  sqlite3* db = tx.db();
  for (const char* statement : {
           "CREATE TABLE IF NOT EXISTS log_streams(grp TEXT NOT NULL, name TEXT NOT NULL, "
           "created INTEGER NOT NULL, first_event INTEGER, last_event INTEGER, "
           "last_ingestion INTEGER, stored_bytes INTEGER NOT NULL DEFAULT 0, "
           "PRIMARY KEY(grp, name))",
           "CREATE TABLE IF NOT EXISTS log_events(seq INTEGER PRIMARY KEY AUTOINCREMENT, "
           "grp TEXT NOT NULL, stream TEXT NOT NULL, ts INTEGER NOT NULL, "
           "ingestion INTEGER NOT NULL, message TEXT NOT NULL)",
           "CREATE INDEX IF NOT EXISTS log_events_by_stream ON log_events(grp, stream, ts, seq)",
           "CREATE INDEX IF NOT EXISTS log_events_by_group ON log_events(grp, ts, seq)",
           "CREATE TABLE IF NOT EXISTS log_cursors(container TEXT PRIMARY KEY, "
           "ns INTEGER NOT NULL, count INTEGER NOT NULL)",
       }) {
    Sql(db, statement).Run();
  }
}

bool CreateStream(store::Tx& tx, const std::string& group, const std::string& stream,
                  int64_t now_ms) {
  if (FindStream(tx, group, stream)) return false;
  Sql(tx.db(), "INSERT INTO log_streams(grp, name, created) VALUES(?1, ?2, ?3)")
      .Text(1, group)
      .Text(2, stream)
      .Int(3, now_ms)
      .Run();
  return true;
}

std::optional<Stream> FindStream(store::Tx& tx, const std::string& group,
                                 const std::string& stream) {
  Sql sql(tx.db(), std::string("SELECT ") + kStreamColumns +
                       " FROM log_streams WHERE grp = ?1 AND name = ?2");
  sql.Text(1, group).Text(2, stream);
  if (!sql.Row()) return std::nullopt;
  return StreamAt(sql);
}

std::vector<Stream> Streams(store::Tx& tx, const std::string& group, const std::string& prefix) {
  // substr() rather than LIKE: a stream name may hold % and _.
  Sql sql(tx.db(), std::string("SELECT ") + kStreamColumns +
                       " FROM log_streams WHERE grp = ?1 AND substr(name, 1, length(?2)) = ?2 "
                       "ORDER BY name");
  sql.Text(1, group).Text(2, prefix);
  std::vector<Stream> out;
  while (sql.Row()) out.push_back(StreamAt(sql));
  return out;
}

void DeleteStream(store::Tx& tx, const std::string& group, const std::string& stream) {
  Sql(tx.db(), "DELETE FROM log_events WHERE grp = ?1 AND stream = ?2")
      .Text(1, group)
      .Text(2, stream)
      .Run();
  Sql(tx.db(), "DELETE FROM log_streams WHERE grp = ?1 AND name = ?2")
      .Text(1, group)
      .Text(2, stream)
      .Run();
}

void DeleteGroup(store::Tx& tx, const std::string& group) {
  Sql(tx.db(), "DELETE FROM log_events WHERE grp = ?1").Text(1, group).Run();
  Sql(tx.db(), "DELETE FROM log_streams WHERE grp = ?1").Text(1, group).Run();
}

void Append(store::Tx& tx, const std::string& group, const std::string& stream,
            const std::vector<Event>& events, int64_t now_ms) {
  CreateStream(tx, group, stream, now_ms);
  if (events.empty()) return;
  Sql insert(tx.db(),
             "INSERT INTO log_events(grp, stream, ts, ingestion, message) "
             "VALUES(?1, ?2, ?3, ?4, ?5)");
  int64_t first = INT64_MAX, last = INT64_MIN, bytes = 0;
  for (const Event& e : events) {
    insert.Text(1, group).Text(2, stream).Int(3, e.timestamp).Int(4, now_ms).Text(5, e.message);
    insert.Run();
    insert.Reset();
    first = std::min(first, e.timestamp);
    last = std::max(last, e.timestamp);
    bytes += static_cast<int64_t>(e.message.size());
  }
  Sql(tx.db(),
      "UPDATE log_streams SET first_event = min(coalesce(first_event, ?3), ?3), "
      "last_event = max(coalesce(last_event, ?4), ?4), last_ingestion = ?5, "
      "stored_bytes = stored_bytes + ?6 WHERE grp = ?1 AND name = ?2")
      .Text(1, group)
      .Text(2, stream)
      .Int(3, first)
      .Int(4, last)
      .Int(5, now_ms)
      .Int(6, bytes)
      .Run();
}

void Scan(store::Tx& tx, const std::string& group, const Range& range,
          const std::function<bool(const Event&)>& visit) {
  std::string text =
      "SELECT seq, stream, ts, ingestion, message FROM log_events WHERE grp = ?1 "
      "AND ts >= ?2 AND ts < ?3";
  int next = 4;
  std::vector<std::pair<int, std::string>> texts;
  std::vector<std::pair<int, int64_t>> ints;
  if (!range.streams.empty()) {
    text += " AND stream IN (";
    for (size_t i = 0; i < range.streams.size(); ++i) {
      text += (i ? ", ?" : "?") + std::to_string(next);
      texts.emplace_back(next++, range.streams[i]);
    }
    text += ")";
  } else if (!range.stream_prefix.empty()) {
    text +=
        " AND substr(stream, 1, length(?" + std::to_string(next) + ")) = ?" + std::to_string(next);
    texts.emplace_back(next++, range.stream_prefix);
  }
  if (range.after) {
    text += " AND (ts, seq) > (?" + std::to_string(next) + ", ?" + std::to_string(next + 1) + ")";
    ints.emplace_back(next++, range.after->timestamp);
    ints.emplace_back(next++, range.after->seq);
  }
  if (range.before) {
    text += " AND (ts, seq) < (?" + std::to_string(next) + ", ?" + std::to_string(next + 1) + ")";
    ints.emplace_back(next++, range.before->timestamp);
    ints.emplace_back(next++, range.before->seq);
  }
  text += range.descending ? " ORDER BY ts DESC, seq DESC" : " ORDER BY ts, seq";
  Sql sql(tx.db(), text);
  sql.Text(1, group).Int(2, range.from_ms).Int(3, range.to_ms);
  for (auto& [i, value] : texts) sql.Text(i, value);
  for (auto& [i, value] : ints) sql.Int(i, value);
  while (sql.Row()) {
    Event e;
    e.seq = sql.IntAt(0);
    e.stream = sql.TextAt(1);
    e.timestamp = sql.IntAt(2);
    e.ingestion = sql.IntAt(3);
    e.message = sql.TextAt(4);
    if (!visit(e)) return;
  }
}

int64_t DropOlderThan(store::Tx& tx, const std::string& group, int64_t cutoff_ms) {
  Sql(tx.db(), "DELETE FROM log_events WHERE grp = ?1 AND ts < ?2")
      .Text(1, group)
      .Int(2, cutoff_ms)
      .Run();
  int64_t dropped = sqlite3_changes(tx.db());
  if (dropped > 0) {
    // The streams' first and last event times follow what is left.
    Sql(tx.db(),
        "UPDATE log_streams SET first_event = (SELECT min(ts) FROM log_events e WHERE e.grp = "
        "log_streams.grp AND e.stream = log_streams.name), last_event = (SELECT max(ts) FROM "
        "log_events e WHERE e.grp = log_streams.grp AND e.stream = log_streams.name) "
        "WHERE grp = ?1")
        .Text(1, group)
        .Run();
  }
  return dropped;
}

Cursor ReadCursor(store::Tx& tx, const std::string& container_id) {
  Sql sql(tx.db(), "SELECT ns, count FROM log_cursors WHERE container = ?1");
  sql.Text(1, container_id);
  Cursor cursor;
  if (sql.Row()) {
    cursor.ns = sql.IntAt(0);
    cursor.count = sql.IntAt(1);
  }
  return cursor;
}

void WriteCursor(store::Tx& tx, const std::string& container_id, const Cursor& cursor) {
  Sql(tx.db(),
      "INSERT INTO log_cursors(container, ns, count) VALUES(?1, ?2, ?3) "
      "ON CONFLICT(container) DO UPDATE SET ns = ?2, count = ?3")
      .Text(1, container_id)
      .Int(2, cursor.ns)
      .Int(3, cursor.count)
      .Run();
}

void DropCursor(store::Tx& tx, const std::string& container_id) {
  Sql(tx.db(), "DELETE FROM log_cursors WHERE container = ?1").Text(1, container_id).Run();
}

std::vector<std::string> CursorContainers(store::Tx& tx) {
  Sql sql(tx.db(), "SELECT container FROM log_cursors");
  std::vector<std::string> out;
  while (sql.Row()) out.push_back(sql.TextAt(0));
  return out;
}

}  // namespace berth::controlplane::logs
