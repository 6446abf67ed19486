#include "controlplane/store/store.h"

#include <stdexcept>

namespace berth::controlplane::store {

namespace {

struct Statement {
  sqlite3_stmt* stmt = nullptr;
  Statement(sqlite3* db, const char* sql) {
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) != SQLITE_OK) {
      throw std::runtime_error(std::string("sqlite: ") + sqlite3_errmsg(db));
    }
  }
  ~Statement() { sqlite3_finalize(stmt); }
  void Bind(int i, const std::string& text) {
    sqlite3_bind_text(stmt, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  }
};

void Exec(sqlite3* db, const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message ? message : "unknown error";
    sqlite3_free(message);
    throw std::runtime_error("sqlite: " + text);
  }
}

void Step(sqlite3* db, Statement& s) {
  int rc = sqlite3_step(s.stmt);
  if (rc == SQLITE_READONLY) throw NeedsWrite(std::string("sqlite: ") + sqlite3_errmsg(db));
  if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
    throw std::runtime_error(std::string("sqlite: ") + sqlite3_errmsg(db));
  }
}

json Column(sqlite3_stmt* stmt, int i) {
  const char* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
  return json::parse(text ? text : "null");
}

}  // namespace

std::optional<json> Tx::Get(const std::string& kind, const std::string& key) const {
  Statement s(db_, "SELECT doc FROM docs WHERE kind = ?1 AND key = ?2");
  s.Bind(1, kind);
  s.Bind(2, key);
  if (sqlite3_step(s.stmt) != SQLITE_ROW) return std::nullopt;
  return Column(s.stmt, 0);
}

std::vector<json> Tx::List(const std::string& kind, const std::string* parent) const {
  Statement s(db_, parent ? "SELECT doc FROM docs WHERE kind = ?1 AND parent = ?2 ORDER BY key"
                          : "SELECT doc FROM docs WHERE kind = ?1 ORDER BY key");
  s.Bind(1, kind);
  if (parent) s.Bind(2, *parent);
  std::vector<json> out;
  while (sqlite3_step(s.stmt) == SQLITE_ROW) out.push_back(Column(s.stmt, 0));
  return out;
}

std::vector<std::string> Tx::Keys(const std::string& kind) const {
  Statement s(db_, "SELECT key FROM docs WHERE kind = ?1 ORDER BY key");
  s.Bind(1, kind);
  std::vector<std::string> out;
  while (sqlite3_step(s.stmt) == SQLITE_ROW) {
    const char* text = reinterpret_cast<const char*>(sqlite3_column_text(s.stmt, 0));
    out.emplace_back(text ? text : "");
  }
  return out;
}

void Tx::Put(const std::string& kind, const std::string& key, const std::string& parent,
             const json& doc) {
  Statement s(db_,
              "INSERT INTO docs(kind, key, parent, doc) VALUES(?1, ?2, ?3, ?4) "
              "ON CONFLICT(kind, key) DO UPDATE SET parent = ?3, doc = ?4");
  s.Bind(1, kind);
  s.Bind(2, key);
  s.Bind(3, parent);
  s.Bind(4, doc.dump());
  Step(db_, s);
}

void Tx::Delete(const std::string& kind, const std::string& key) {
  Statement s(db_, "DELETE FROM docs WHERE kind = ?1 AND key = ?2");
  s.Bind(1, kind);
  s.Bind(2, key);
  Step(db_, s);
}

std::pair<std::int64_t, std::int64_t> Tx::WriteMark() const {
  Statement s(db_, "PRAGMA data_version");
  std::int64_t others = sqlite3_step(s.stmt) == SQLITE_ROW ? sqlite3_column_int64(s.stmt, 0) : 0;
  return {sqlite3_total_changes64(db_), others};
}

std::uint64_t Tx::Digest(const std::string& kind) const {
  Statement s(db_, "SELECT key, doc FROM docs WHERE kind = ?1 ORDER BY key");
  s.Bind(1, kind);
  std::uint64_t hash = 1469598103934665603ull;  // FNV-1a
  auto mix = [&hash](const unsigned char* text, int size) {
    for (int i = 0; i < size; ++i) hash = (hash ^ text[i]) * 1099511628211ull;
    hash = (hash ^ 0xff) * 1099511628211ull;  // a separator no text holds
  };
  while (sqlite3_step(s.stmt) == SQLITE_ROW) {
    for (int column = 0; column < 2; ++column)
      mix(sqlite3_column_text(s.stmt, column), sqlite3_column_bytes(s.stmt, column));
  }
  return hash;
}

std::unique_ptr<Store> Store::Open(const std::string& path, std::string& error) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
      SQLITE_OK) {
    error = "cannot open " + path + ": " + (db ? sqlite3_errmsg(db) : "out of memory");
    sqlite3_close(db);
    return nullptr;
  }
  try {
    // WAL with synchronous=NORMAL survives a crash of this process (not of the machine's power),
    // which is what `kill -9` recovery needs, at a fraction of FULL's fsyncs.
    Exec(db, "PRAGMA journal_mode=WAL");
    Exec(db, "PRAGMA synchronous=NORMAL");
    Exec(db, "PRAGMA busy_timeout=5000");
    Exec(db,
         "CREATE TABLE IF NOT EXISTS docs(kind TEXT NOT NULL, key TEXT NOT NULL, "
         "parent TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY(kind, key))");
    // A listing by parent (a family's revisions, a scalable target's policies) in key order:
    // with an index on (kind, parent) alone SQLite chose the primary key for the ORDER BY and
    // read every document of the kind, 1,000 task definitions per describe-task-definition.
    Exec(db, "DROP INDEX IF EXISTS docs_parent");
    Exec(db, "CREATE INDEX IF NOT EXISTS docs_parent_key ON docs(kind, parent, key)");
  } catch (const std::exception& e) {
    error = path + ": " + e.what();
    sqlite3_close(db);
    return nullptr;
  }
  return std::unique_ptr<Store>(new Store(db, path));
}

Store::~Store() {
  for (sqlite3* reader : idle_readers_) sqlite3_close(reader);
  sqlite3_close(db_);
}

void Store::Transaction(const std::function<void(Tx&)>& body) {
  std::lock_guard<std::mutex> lock(mutex_);
  Exec(db_, "BEGIN IMMEDIATE");
  try {
    Tx tx(db_);
    body(tx);
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
  Exec(db_, "COMMIT");
}

void Store::Read(const std::function<void(Tx&)>& body) {
  sqlite3* db = nullptr;
  {
    std::lock_guard<std::mutex> lock(readers_mutex_);
    if (!idle_readers_.empty()) {
      db = idle_readers_.back();
      idle_readers_.pop_back();
    }
  }
  if (!db) {
    if (sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
      std::string message = db ? sqlite3_errmsg(db) : "out of memory";
      sqlite3_close(db);
      throw std::runtime_error("sqlite: cannot open " + path_ + " to read: " + message);
    }
    Exec(db, "PRAGMA busy_timeout=5000");
  }
  // Back to the idle ones however `body` ends, its transaction ended.
  struct Keep {
    Store& store;
    sqlite3* db;
    ~Keep() {
      sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
      std::lock_guard<std::mutex> lock(store.readers_mutex_);
      store.idle_readers_.push_back(db);
    }
  } keep{*this, db};
  Exec(db, "BEGIN");
  Tx tx(db);
  body(tx);
}

}  // namespace berth::controlplane::store
