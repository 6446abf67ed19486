// The control plane's state: one SQLite database in the data directory (WAL journal), holding
// every resource as a JSON document keyed by kind and name. The API writes each request in one
// transaction and the reconciler reads and writes snapshots the same way, so a `kill -9` at any
// moment loses nothing a caller was told had succeeded (SQLite's WAL is durable across process
// crashes: sqlite.org/wal.html).
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace berth::controlplane::store {

using nlohmann::json;

// Kinds of documents.
inline constexpr const char* kMeta = "meta";          // key: setting name
inline constexpr const char* kCluster = "cluster";    // key: cluster name
inline constexpr const char* kTaskDef = "taskdef";    // key: family:revision, parent: family
inline constexpr const char* kService = "service";    // key: cluster/name, parent: cluster
inline constexpr const char* kTask = "task";          // key: task id, parent: cluster
inline constexpr const char* kInstance = "instance";  // key: engine id
// The services berth serve stores and answers without acting on them (yet: issue 14).
inline constexpr const char* kRole = "iam.role";                     // key: role name
inline constexpr const char* kSecurityGroup = "ec2.security-group";  // key: group id
inline constexpr const char* kLogGroup = "logs.log-group";           // key: group name
inline constexpr const char* kScalableTarget = "aas.target";         // key: NS|RESOURCE|DIMENSION
inline constexpr const char* kScalingPolicy =
    "aas.policy";  // key: target key|name, parent: target key
inline constexpr const char* kScheduledAction = "aas.scheduled";  // the same
// Scaling activities (controlplane/scaling/activities.h): key target key|time|id, parent target.
inline constexpr const char* kScalingActivity = "aas.activity";
inline constexpr const char* kLoadBalancer = "elbv2.load-balancer";  // key: ARN
inline constexpr const char* kTargetGroup = "elbv2.target-group";    // key: ARN
inline constexpr const char* kListener = "elbv2.listener";  // key: ARN, parent: load balancer ARN
inline constexpr const char* kRule = "elbv2.rule";          // key: ARN, parent: listener ARN
inline constexpr const char* kAlarm = "cloudwatch.alarm";   // key: alarm name
inline constexpr const char* kEventRule = "events.rule";    // key: rule name
inline constexpr const char* kDiscoveryService = "servicediscovery.service";  // key: id

// A transaction's view of the database; valid only inside Store::Transaction.
class Tx {
 public:
  explicit Tx(sqlite3* db) : db_(db) {}
  std::optional<json> Get(const std::string& kind, const std::string& key) const;
  // Every document of `kind` (with `parent`, when given), in key order.
  std::vector<json> List(const std::string& kind, const std::string* parent = nullptr) const;
  // The keys of every document of `kind`, in key order, without reading the documents: for a
  // lookup by what the key holds (a target group's name is in its ARN) or a page of a listing.
  std::vector<std::string> Keys(const std::string& kind) const;
  void Put(const std::string& kind, const std::string& key, const std::string& parent,
           const json& doc);
  void Delete(const std::string& kind, const std::string& key);
  // Moves whenever anything was written to the database, by this connection or another one
  // (sqlite3_total_changes64, PRAGMA data_version): a reader that caches what it built from the
  // store compares it first, and reads nothing more while it stands still.
  std::pair<std::int64_t, std::int64_t> WriteMark() const;
  // A hash of every document of `kind`, keys and text, without parsing them: equal digests,
  // (almost certainly) equal documents.
  std::uint64_t Digest(const std::string& kind) const;
  // The connection, for tables of their own written in the same transaction (log events are
  // rows, not documents: controlplane/logs/events.h).
  sqlite3* db() const { return db_; }

 private:
  sqlite3* db_;
};

// Thrown by a write inside Store::Read: the request must run as a Transaction.
struct NeedsWrite : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Store {
 public:
  // Opens (creating when missing) DIR/state.db; nullptr with `error`.
  static std::unique_ptr<Store> Open(const std::string& path, std::string& error);
  ~Store();

  // Runs `body` in one IMMEDIATE transaction: committed when it returns, rolled back when it
  // throws (the exception goes on to the caller). One connection, serialized by a mutex: the
  // API's threads and the reconciler never see each other's half-done writes.
  void Transaction(const std::function<void(Tx&)>& body);
  // Runs `body` in a read transaction on a read-only connection of its own (one per concurrent
  // reader, kept for the next): WAL lets readers see the last commit while a writer works, so
  // describe calls neither wait for the writer's mutex nor for each other. A write in `body`
  // throws NeedsWrite, with nothing written.
  void Read(const std::function<void(Tx&)>& body);

 private:
  Store(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  sqlite3* db_;
  std::string path_;
  std::mutex mutex_;
  std::mutex readers_mutex_;
  std::vector<sqlite3*> idle_readers_;
};

}  // namespace berth::controlplane::store
