#include "controlplane/reconciler/reconciler.h"

#include <algorithm>
#include <chrono>
#include <future>
#include <map>

#include "controlplane/discovery/environment.h"
#include "controlplane/discovery/instances.h"
#include "controlplane/engines/registered.h"
#include "controlplane/reconciler/steps.h"

namespace berth::controlplane::reconciler {

namespace {

// At most this many tasks are launched at once: the engines create containers in parallel, the
// machine running them may have two cores.
constexpr size_t kLaunchBatch = 8;

constexpr double kStoppedTaskKeptSeconds = 3600;

// How long after an engine's event the reconciler keeps ticking every second (EngineEvent).
constexpr auto kEventSettling = std::chrono::seconds(3);

std::string TaskKey(const json& task) { return model::NameOf(task["taskArn"]); }

}  // namespace

Reconciler::Reconciler(store::Store& store, model::Origin origin,
                       std::vector<std::unique_ptr<engines::Engine>> engines, Options options)
    : store_(store), origin_(std::move(origin)), options_(options) {
  for (auto& engine : engines) {
    static_sockets_.insert(engine->socket());
    engines_.push_back(std::move(engine));
  }
}

Reconciler::~Reconciler() { Stop(); }

void Reconciler::Start() {
  std::vector<std::string> sockets;
  for (const auto& engine : engines_) sockets.push_back(engine->socket());
  events_ = std::make_unique<engines::EventWatch>(sockets, [this] { EngineEvent(); });
  thread_ = std::thread([this] { Loop(); });
}

void Reconciler::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  // The thread first: its tick adds and removes the event streams of registered engines.
  if (thread_.joinable()) thread_.join();
  events_.reset();
}

void Reconciler::SyncEngines() {
  std::set<std::string> wanted = static_sockets_;
  store_.Read([&](store::Tx& tx) {
    for (std::string& socket : engines::RegisteredSockets(tx.List(store::kInstance))) {
      wanted.insert(std::move(socket));
    }
  });
  std::set<std::string> have;
  for (auto it = engines_.begin(); it != engines_.end();) {
    const std::string socket = (*it)->socket();
    if (wanted.count(socket)) {
      have.insert(socket);
      ++it;
      continue;
    }
    // Deregistered: its containers are left alone, orphaned as ECS leaves them.
    if (events_) events_->Remove(socket);
    capacities_.erase((*it)->Id());
    it = engines_.erase(it);
  }
  for (const std::string& socket : wanted) {
    if (have.count(socket) || socket.empty()) continue;
    engines_.push_back(std::make_shared<engines::Engine>(socket));
    if (events_) events_->Add(socket);
  }
}

void Reconciler::Wake() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    woken_ = true;
  }
  wake_.notify_all();
}

void Reconciler::EngineEvent() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    woken_ = true;
    last_event_ = std::chrono::steady_clock::now();
  }
  wake_.notify_all();
}

void Reconciler::Loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    woken_ = false;
    lock.unlock();
    bool settled = false;
    auto started = std::chrono::steady_clock::now();
    try {
      settled = Tick();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "berth serve: reconciler: %s\n", e.what());
    }
    auto ended = std::chrono::steady_clock::now();
    lock.lock();
    bool event_settling = ended - last_event_ < kEventSettling;
    wake_.wait_for(lock, settled && !event_settling ? options_.settled_tick : options_.tick,
                   [this] { return stopping_ || woken_; });
    // A wake waits out twice the last tick's cost (at most a tick) after it. A tick holds the
    // store's write lock throughout and costs in proportion to the services, while an apply
    // writes many times a second and each write wakes the reconciler: ticking at once for each
    // write left the API's writes a sliver of the lock, so an apply of N services took time in
    // N squared (1,000 services against a server with no engine: docs/performance.md).
    auto spacing =
        std::min<std::chrono::steady_clock::duration>(2 * (ended - started), options_.tick);
    wake_.wait_until(lock, ended + spacing, [this] { return stopping_; });
  }
}

bool Reconciler::Tick() {
  SyncEngines();
  double now = model::Now();
  // 1. Observe every engine, outside any transaction (the API keeps answering meanwhile).
  std::map<std::string, EngineView> views;
  std::map<std::string, engines::Capacity> capacities;
  std::map<std::string, std::string> errors;
  for (const auto& engine : engines_) {
    EngineView view;
    std::vector<engines::Observed> containers;
    std::string error;
    auto cached = capacities_.find(engine->Id());
    bool known = cached != capacities_.end() && now - cached->second.second < 60;
    engines::Capacity capacity;
    if (known) capacity = cached->second.first;
    if ((known || engine->Capacity(capacity, error)) && engine->List(containers, error)) {
      view.ok = true;
      for (auto& o : containers) view.by_task[o.task].push_back(o);
      capacities[engine->Id()] = capacity;
      if (!known) capacities_[engine->Id()] = {capacity, now};
    } else {
      capacities_.erase(engine->Id());
      errors[engine->Id()] = error;
    }
    views[engine->Id()] = std::move(view);
  }
  std::set<std::string> in_flight;
  {
    std::lock_guard<std::mutex> lock(*in_flight_mutex_);
    in_flight = *in_flight_;
  }

  // 2. Decide, in one transaction.
  Actions actions;
  bool settled = false;
  store_.Transaction([&](store::Tx& tx) {
    std::map<std::string, json> instances;
    for (const auto& engine : engines_) {
      std::string id = engine->Id();
      json doc = tx.Get(store::kInstance, id).value_or(json{{"id", id}, {"registeredAt", now}});
      json before = doc;
      doc["socket"] = engine->socket();
      bool ok = views[id].ok;
      if (ok) {
        doc["connected"] = true;
        doc["cpu"] = capacities[id].cpu;
        doc["memory"] = capacities[id].memory;
        doc["dockerVersion"] = capacities[id].version;
        doc["bridge"] = capacities[id].bridge;
        doc.erase("disconnectedAt");
        doc.erase("error");
      } else {
        doc["connected"] = false;
        if (!doc.contains("disconnectedAt")) doc["disconnectedAt"] = now;
        doc["error"] = errors[id];
      }
      if (doc != before) tx.Put(store::kInstance, id, "", doc);
      instances[id] = doc;
    }
    Definitions definitions(tx);
    TickContext context{tx, origin_, options_, views, instances, in_flight, definitions, now, {}};

    std::map<std::string, std::vector<json>> by_cluster;
    std::map<std::string, json> originals;
    for (json& task : tx.List(store::kTask)) {
      if (task["lastStatus"] == "STOPPED") {
        // A stopped task's containers that are still there (the server died before removing
        // them) go now.
        bool containers_left = false;
        auto view = views.find(task["x-berth"].value("instance", ""));
        auto instance = instances.find(task["x-berth"].value("instance", ""));
        // Tasks of an instance deregistered with `force` are orphaned, not stopped: ECS leaves
        // their containers running (model `DeregisterContainerInstanceRequest.force`).
        bool orphaned =
            instance != instances.end() && instance->second.value("status", "ACTIVE") == "INACTIVE";
        if (view != views.end() && !orphaned) {
          auto found = view->second.by_task.find(TaskKey(task));
          if (found != view->second.by_task.end()) {
            containers_left = true;
            for (const auto& o : found->second) {
              context.actions.remove.emplace_back(view->first, o.id);
            }
          }
        }
        // ECS model, DescribeTasks and ListTasks: "stopped tasks appear in the returned results
        // for at least one hour"; after that it is history no tick needs to read.
        if (!containers_left && now - task.value("stoppedAt", now) > kStoppedTaskKeptSeconds) {
          tx.Delete(store::kTask, TaskKey(task));
        }
        continue;
      }
      originals[TaskKey(task)] = task;
      by_cluster[task["x-berth"].value("cluster", "")].push_back(std::move(task));
    }
    std::map<std::string, int> grace;
    std::vector<json> services = tx.List(store::kService);
    for (const json& service : services) {
      grace[model::NameOf(service["clusterArn"]) + "/" +
            service["serviceName"].get<std::string>()] =
          service.value("healthCheckGracePeriodSeconds", 0);
    }
    for (auto& [cluster, tasks] : by_cluster) {
      for (json& task : tasks) {
        std::string service = task["x-berth"].value("service", "");
        AdvanceTask(context, task, service.empty() ? 0 : grace[cluster + "/" + service]);
      }
    }
    for (json& service : services) {
      std::string cluster = model::NameOf(service["clusterArn"]);
      if (StepService(context, service, by_cluster[cluster])) {
        tx.Put(store::kService, cluster + "/" + service["serviceName"].get<std::string>(), cluster,
               service);
      }
    }
    for (auto& [cluster, tasks] : by_cluster) {
      for (json& task : tasks) {
        std::string key = TaskKey(task);
        bool fresh = task["x-berth"].value("fresh", false);
        if (fresh) {
          task["x-berth"].erase("fresh");
          context.actions.launch.push_back(key);
        }
        auto original = originals.find(key);
        if (fresh || original == originals.end() || original->second != task) {
          tx.Put(store::kTask, key, cluster, task);
        }
      }
    }
    // Cloud Map instances of the services' RUNNING tasks.
    discovery::SyncInstances(tx, origin_, by_cluster, services);
    // Containers of tasks the store does not know: left by a server whose state was lost.
    for (const auto& [instance, view] : views) {
      if (instances[instance].value("status", "ACTIVE") == "INACTIVE") continue;
      for (const auto& [task, containers] : view.by_task) {
        if (tx.Get(store::kTask, task)) continue;
        for (const auto& o : containers) context.actions.remove.emplace_back(instance, o.id);
      }
    }
    // Settled: nothing to do now and nothing under way that the next second could change.
    settled = context.actions.launch.empty() && context.actions.start.empty() &&
              context.actions.stop.empty() && context.actions.remove.empty() && in_flight.empty();
    for (const auto& [cluster, tasks] : by_cluster) {
      for (const json& task : tasks) {
        // A task whose target is unhealthy within its grace period is stopped once the grace
        // is over, a time nothing will announce.
        settled = settled && task["lastStatus"] == "RUNNING" &&
                  task["desiredStatus"] == "RUNNING" &&
                  task["x-berth"].value("targetHealth", "") != "unhealthy";
      }
    }
    for (const json& service : services) {
      if (service["status"] == "INACTIVE") continue;
      // A service short of its count (its launches throttled, its deployment failed) has a
      // launch due at some time the engines will not announce.
      settled = settled && service["deployments"].size() == 1 &&
                service["deployments"][0]["rolloutState"] != "IN_PROGRESS" &&
                service["runningCount"] == service["desiredCount"] &&
                service.value("pendingCount", 0) == 0;
    }
    for (const auto& [id, view] : views) settled = settled && view.ok;
    actions = std::move(context.actions);
  });

  // 3. Act on the engines.
  std::map<std::string, std::shared_ptr<const engines::Engine>> by_id;
  for (const auto& engine : engines_) by_id[engine->Id()] = engine;
  for (const StopOrder& order : actions.stop) {
    auto engine = by_id.find(order.instance);
    if (engine == by_id.end()) continue;
    {
      std::lock_guard<std::mutex> lock(*in_flight_mutex_);
      if (!in_flight_->insert(order.task).second) continue;
    }
    // docker stop blocks for up to the stop timeout: a thread of its own, so the tick goes on.
    std::thread([engine = engine->second, order, mutex = in_flight_mutex_, set = in_flight_] {
      for (const std::string& id : order.containers) engine->Stop(id, order.timeout);
      std::lock_guard<std::mutex> lock(*mutex);
      set->erase(order.task);
    }).detach();
  }
  for (const auto& [instance, id] : actions.remove) {
    auto engine = by_id.find(instance);
    if (engine == by_id.end()) continue;
    if (options_.before_remove) options_.before_remove(engine->second->socket(), id);
    engine->second->Remove(id);
  }
  std::vector<std::pair<std::string, std::string>> failures;  // task id, reason
  for (const StartOrder& order : actions.start) {
    auto engine = by_id.find(order.instance);
    std::string error;
    if (engine != by_id.end() && !engine->second->Start(order.container, error)) {
      failures.emplace_back(order.task, error);
    }
  }
  // Launches: the task documents as committed, in batches.
  std::vector<std::string> launched;
  for (size_t first = 0; first < actions.launch.size(); first += kLaunchBatch) {
    std::vector<std::pair<std::string, std::future<std::string>>> batch;
    for (size_t i = first; i < std::min(actions.launch.size(), first + kLaunchBatch); ++i) {
      std::string key = actions.launch[i];
      std::optional<json> task, definition;
      store_.Transaction([&](store::Tx& tx) {
        task = tx.Get(store::kTask, key);
        if (task) {
          Definitions definitions(tx);
          if (const json* d = definitions.Get((*task)["taskDefinitionArn"])) definition = *d;
          // The other services' addresses, as they are now (discovery/environment.h).
          if (definition) discovery::AddDiscoveredAddresses(tx, *definition);
        }
      });
      if (!task || !definition) continue;
      auto engine = by_id.find((*task)["x-berth"].value("instance", ""));
      if (engine == by_id.end()) continue;
      batch.emplace_back(
          key, std::async(std::launch::async, [engine = engine->second, task, definition] {
            std::string error;
            return engine->Launch(*task, *definition, error) ? std::string() : error;
          }));
    }
    for (auto& [key, result] : batch) {
      std::string error = result.get();
      if (error.empty()) {
        launched.push_back(key);
      } else {
        failures.emplace_back(key, error);
      }
    }
  }
  if (launched.empty() && failures.empty()) return settled;
  // 4. What the launches did.
  store_.Transaction([&](store::Tx& tx) {
    double at = model::Now();
    for (const std::string& key : launched) {
      auto task = tx.Get(store::kTask, key);
      if (!task) continue;
      (*task)["x-berth"]["launched"] = true;
      if ((*task)["lastStatus"] == "PROVISIONING") (*task)["lastStatus"] = "PENDING";
      (*task)["pullStartedAt"] = at;
      (*task)["pullStoppedAt"] = at;
      (*task)["version"] = (*task).value("version", 1) + 1;
      tx.Put(store::kTask, key, (*task)["x-berth"].value("cluster", ""), *task);
    }
    for (const auto& [key, reason] : failures) {
      auto task = tx.Get(store::kTask, key);
      if (!task) continue;
      (*task)["x-berth"]["launched"] = true;
      (*task)["x-berth"]["failure"] = "start";
      (*task)["desiredStatus"] = "STOPPED";
      (*task)["stopCode"] = "TaskFailedToStart";
      (*task)["stoppedReason"] = reason;
      (*task)["version"] = (*task).value("version", 1) + 1;
      tx.Put(store::kTask, key, (*task)["x-berth"].value("cluster", ""), *task);
    }
  });
  return false;
}

}  // namespace berth::controlplane::reconciler
