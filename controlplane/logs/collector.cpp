#include "controlplane/logs/collector.h"

#include <set>

#include "backends/docker/engine_client.h"
#include "controlplane/engines/engine.h"
#include "controlplane/engines/registered.h"
#include "controlplane/logs/docker_logs.h"
#include "controlplane/logs/events.h"
#include "controlplane/logs/groups.h"
#include "controlplane/store/task_definitions.h"

namespace berth::controlplane::logs {

namespace {

constexpr double kSweepSeconds = 60;
// Ticks between passes while no container logs to awslogs.
constexpr int kIdleTicks = 5;

// The labels of a container the reconciler is about to remove: its task and its name there.
bool Labels(const std::string& socket, const std::string& id, std::string& task,
            std::string& container) {
  docker::EngineClient client(socket);
  docker::EngineResponse inspected = client.Get("/containers/" + id + "/json");
  if (!inspected.ok()) return false;
  nlohmann::json labels = inspected.body["Config"].value("Labels", nlohmann::json::object());
  if (!labels.is_object()) return false;
  task = labels.value(engines::labels::kTask, "");
  container = labels.value(engines::labels::kContainer, "");
  return !task.empty();
}

}  // namespace

std::optional<Destination> DestinationOf(const nlohmann::json& definition,
                                         const std::string& container, const std::string& task_id,
                                         const std::string& container_id) {
  for (const nlohmann::json& spec : definition.value("containerDefinitions", nlohmann::json())) {
    if (spec.value("name", "") != container) continue;
    nlohmann::json config = spec.value("logConfiguration", nlohmann::json::object());
    if (config.value("logDriver", "") != "awslogs") return std::nullopt;
    nlohmann::json options = config.value("options", nlohmann::json::object());
    Destination d;
    d.group = options.value("awslogs-group", "");
    if (d.group.empty()) return std::nullopt;
    std::string prefix = options.value("awslogs-stream-prefix", "");
    // ECS: "prefix-name/container-name/ecs-task-id"; without a prefix, the container's id.
    d.stream = prefix.empty() ? container_id : prefix + "/" + container + "/" + task_id;
    d.create_group = options.value("awslogs-create-group", "") == "true";
    return d;
  }
  return std::nullopt;
}

Collector::Collector(store::Store& store, model::Origin origin, std::vector<std::string> sockets,
                     std::chrono::milliseconds tick)
    : store_(store), origin_(std::move(origin)), sockets_(std::move(sockets)), tick_(tick) {
  store_.Transaction([](store::Tx& tx) { EnsureSchema(tx); });
}

Collector::~Collector() { Stop(); }

void Collector::Start() {
  thread_ = std::thread([this] {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stopping_) {
      lock.unlock();
      bool busy = true;
      try {
        busy = Tick();
      } catch (const std::exception& e) {
        std::fprintf(stderr, "berth serve: logs: %s\n", e.what());
      }
      lock.lock();
      wake_.wait_for(lock, busy ? tick_ : tick_ * kIdleTicks, [this] { return stopping_; });
    }
  });
}

void Collector::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool Collector::Tick() {
  std::set<std::string> seen;
  bool busy = false;
  bool complete = true;
  std::vector<std::string> sockets = sockets_;
  store_.Read([&](store::Tx& tx) {
    for (std::string& socket : engines::RegisteredSockets(tx.List(store::kInstance))) {
      sockets.push_back(std::move(socket));
    }
  });
  for (const std::string& socket : sockets) {
    engines::Engine engine(socket);
    std::vector<engines::Observed> containers;
    std::string error;
    if (!engine.List(containers, error)) {
      complete = false;
      continue;
    }
    for (const engines::Observed& o : containers) {
      seen.insert(o.id);
      if (o.state == "created") continue;  // nothing printed yet
      busy = Collect(socket, o.id, o.task, o.container) || busy;
    }
  }
  if (complete) {
    // Containers gone from every engine need neither a destination nor a read position.
    std::lock_guard<std::mutex> lock(collect_mutex_);
    for (auto it = destinations_.begin(); it != destinations_.end();) {
      it = seen.count(it->first) ? std::next(it) : destinations_.erase(it);
    }
    store_.Transaction([&](store::Tx& tx) {
      for (const std::string& id : CursorContainers(tx)) {
        if (!seen.count(id)) DropCursor(tx, id);
      }
    });
  }
  if (model::Now() - last_sweep_ >= kSweepSeconds) Sweep();
  return busy;
}

void Collector::Flush(const std::string& socket, const std::string& container_id) {
  std::string task, container;
  if (Labels(socket, container_id, task, container)) Collect(socket, container_id, task, container);
}

bool Collector::Collect(const std::string& socket, const std::string& container_id,
                        const std::string& task_id, const std::string& container) {
  std::lock_guard<std::mutex> lock(collect_mutex_);
  auto known = destinations_.find(container_id);
  if (known == destinations_.end()) {
    std::optional<nlohmann::json> definition;
    store_.Transaction([&](store::Tx& tx) {
      auto task = tx.Get(store::kTask, task_id);
      if (task) definition = store::FindTaskDefinition(tx, (*task)["taskDefinitionArn"]);
    });
    if (!definition) return false;  // a task the store does not know: the reconciler removes it
    known = destinations_
                .emplace(container_id, DestinationOf(*definition, container, task_id, container_id))
                .first;
  }
  if (!known->second) return false;
  const Destination& destination = *known->second;
  Cursor cursor;
  store_.Transaction([&](store::Tx& tx) { cursor = ReadCursor(tx, container_id); });
  std::string body, error;
  if (!FetchDockerLogs(socket, container_id, cursor.ns, body, error)) return true;
  std::vector<Line> lines = ParseDockerLogs(body);
  if (lines.empty()) return true;
  store_.Transaction([&](store::Tx& tx) {
    // Read again inside the transaction: Flush and the tick may have raced for the same lines.
    Cursor at = ReadCursor(tx, container_id);
    if (!tx.Get(store::kLogGroup, destination.group)) {
      // ECS fails such a task at start (the driver cannot create its stream); here the lines
      // wait, unread, until the group exists.
      if (!destination.create_group) return;
      tx.Put(store::kLogGroup, destination.group, "", NewGroup(origin_, destination.group));
    }
    std::vector<Event> events;
    int64_t same = 0;  // lines at exactly at.ns met so far
    Cursor next = at;
    for (const Line& line : lines) {
      if (line.ns < at.ns) continue;
      if (line.ns == at.ns && same++ < at.count) continue;
      if (line.ns == next.ns) {
        ++next.count;
      } else {
        next = {line.ns, 1};
      }
      // awslogs sends no empty messages (the Logs API refuses them).
      if (line.text.empty()) continue;
      Event e;
      e.timestamp = line.ns / 1000000;
      e.message = line.text;
      events.push_back(std::move(e));
    }
    if (next.ns == at.ns && next.count == at.count) return;
    Append(tx, destination.group, destination.stream, events,
           static_cast<int64_t>(model::Now() * 1000));
    WriteCursor(tx, container_id, next);
  });
  return true;
}

void Collector::Sweep() {
  last_sweep_ = model::Now();
  int64_t now_ms = static_cast<int64_t>(last_sweep_ * 1000);
  store_.Transaction([&](store::Tx& tx) {
    for (const nlohmann::json& group : tx.List(store::kLogGroup)) {
      if (!group.contains("retentionInDays")) continue;
      int64_t days = group["retentionInDays"].get<int64_t>();
      DropOlderThan(tx, group["logGroupName"], now_ms - days * 86400000LL);
    }
  });
}

}  // namespace berth::controlplane::logs
