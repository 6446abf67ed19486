#include "controlplane/lb/proxies.h"

#include <algorithm>
#include <cstdio>
#include <fstream>

#include "controlplane/lb/targets_store.h"

namespace berth::controlplane::lb {

using store::json;

namespace proxies_impl {
namespace {

// API writes come in bursts (an apply, a live plan's describes): the table is read again at
// most this often.
constexpr std::chrono::milliseconds kMinRefreshSpacing{100};
// How often the targets' generation (targets_store.h) is looked at.
constexpr std::chrono::milliseconds kTargetsCheck{100};

// What the routes depend on, as one string of digests: equal strings, equal tables.
std::string Signature(const store::Tx& tx) {
  std::string out;
  for (const char* kind :
       {store::kLoadBalancer, store::kListener, store::kRule, store::kTargetGroup, kTarget}) {
    out += std::to_string(tx.Digest(kind));
    out += ' ';
  }
  return out;
}

// HTTPS listeners are served as plain HTTP (berth serve has no certificates to present: the
// ACM ARNs a stack names are not real here); TCP, TLS, UDP (network load balancers) are not
// proxied.
bool Served(const std::string& protocol) { return protocol == "HTTP" || protocol == "HTTPS"; }

// "loadbalancer/app/web/0123.../abcd..." of a listener ARN, for the log.
std::string ShortName(const std::string& arn) {
  size_t at = arn.find(":listener/");
  return at == std::string::npos ? arn : arn.substr(at + 10);
}

}  // namespace
}  // namespace proxies_impl

using namespace proxies_impl;

bool ParsePortPolicy(const std::string& text, PortPolicy& policy) {
  if (text == "listener") {
    policy = {PortPolicy::Mode::kListener, 0};
    return true;
  }
  if (text == "auto") {
    policy = {PortPolicy::Mode::kAuto, 0};
    return true;
  }
  const std::string prefix = "base:";
  if (text.rfind(prefix, 0) != 0) return false;
  std::string digits = text.substr(prefix.size());
  if (digits.empty() || digits.size() > 5 ||
      digits.find_first_not_of("0123456789") != std::string::npos)
    return false;
  int base = std::stoi(digits);
  if (base <= 0 || base >= 65536) return false;
  policy = {PortPolicy::Mode::kBase, base};
  return true;
}

Proxies::Proxies(store::Store& store, ProxiesOptions options)
    : store_(store), options_(std::move(options)) {}

Proxies::~Proxies() { Stop(); }

std::shared_ptr<const Table> Proxies::Current() {
  std::lock_guard lock(table_mutex_);
  return table_;
}

void Proxies::Start() {
  // Read before the store: the table then reflects at least every target write up to it.
  std::uint64_t routed = TargetsGeneration().load();
  Refresh();
  RoutedTargetsGeneration() = routed;
  {
    // Whatever a previous run left there is gone once Start returns.
    std::lock_guard lock(running_mutex_);
    WriteAddresses();
  }
  thread_ = std::thread([this] {
    std::unique_lock lock(wake_mutex_);
    auto last = std::chrono::steady_clock::now();
    std::uint64_t generation = TargetsGeneration().load();
    while (!stopping_) {
      wake_.wait_for(lock, kTargetsCheck, [this] { return changed_ || stopping_; });
      if (stopping_) break;
      // Target states move without an API call (the health checker, draining): this process's
      // writes bump the generation; anything else (another process) is seen within `poll`.
      std::uint64_t now_generation = TargetsGeneration().load();
      if (!changed_ && now_generation == generation &&
          std::chrono::steady_clock::now() - last < options_.poll)
        continue;
      changed_ = false;
      generation = now_generation;
      lock.unlock();
      auto started = std::chrono::steady_clock::now();
      Refresh();
      RoutedTargetsGeneration() = now_generation;
      last = std::chrono::steady_clock::now();
      // A refresh holds the store (one connection for everyone) while it reads: at most a fifth
      // of the time, whatever the stack's size, so an apply of 1,000 rules is not slowed down.
      std::this_thread::sleep_for(
          std::max<std::chrono::steady_clock::duration>(kMinRefreshSpacing, 4 * (last - started)));
      lock.lock();
    }
  });
}

void Proxies::Changed() {
  std::lock_guard lock(wake_mutex_);
  changed_ = true;
  wake_.notify_one();
}

void Proxies::Stop() {
  {
    std::lock_guard lock(wake_mutex_);
    stopping_ = true;
    wake_.notify_one();
  }
  if (thread_.joinable()) thread_.join();
  std::lock_guard lock(running_mutex_);
  for (auto& [arn, running] : running_) running.proxy->Stop();
  running_.clear();
}

std::map<std::string, int> Proxies::Ports() {
  std::lock_guard lock(running_mutex_);
  std::map<std::string, int> out;
  for (const auto& [arn, running] : running_) out[arn] = running.bound;
  return out;
}

void Proxies::Refresh() {
  std::string signature;
  std::shared_ptr<Table> table;
  try {
    store_.Transaction([&](store::Tx& tx) {
      // Nothing written since the last look: nothing to read (an idle server, API reads).
      auto mark = tx.WriteMark();
      if (mark == write_mark_) return;
      write_mark_ = mark;
      signature = Signature(tx);
      if (signature != signature_) table = std::make_shared<Table>(ReadTable(tx));
    });
  } catch (const std::exception& e) {
    if (options_.log) *options_.log << "berth serve: load balancers: " << e.what() << std::endl;
    return;
  }
  if (!table) return;
  signature_ = std::move(signature);
  {
    std::lock_guard lock(table_mutex_);
    table_ = table;
  }
  Reconcile(*table);
  std::set<std::string> targets;
  for (const auto& [arn, group] : table->groups)
    for (const Target& target : group.routable) targets.insert(ConnectionKey(target));
  std::lock_guard lock(running_mutex_);
  for (auto& [arn, running] : running_) running.proxy->Retain(targets);
}

void Proxies::Reconcile(const Table& table) {
  std::lock_guard lock(running_mutex_);
  bool moved = false;
  auto log = [this](const std::string& line) {
    if (options_.log) *options_.log << "berth serve: " << line << std::endl;
  };
  for (auto it = running_.begin(); it != running_.end();) {
    auto found = table.listeners.find(it->first);
    if (found != table.listeners.end() && found->second.port == it->second.listener_port &&
        found->second.protocol == it->second.protocol) {
      ++it;
      continue;
    }
    it->second.proxy->Stop();
    log("listener " + ShortName(it->first) +
        " stopped (127.0.0.1:" + std::to_string(it->second.bound) + ")");
    it = running_.erase(it);
    moved = true;
  }
  for (const auto& [arn, listener] : table.listeners) {
    if (running_.count(arn)) continue;
    if (!Served(listener.protocol)) {
      if (unserved_.insert(arn).second)
        log("listener " + ShortName(arn) + " (" + listener.protocol +
            ") is not served: " + "berth serve proxies HTTP and HTTPS listeners only");
      continue;
    }
    auto proxy = std::make_unique<ListenerProxy>(arn, [this] { return Current(); });
    int wanted = options_.ports.mode == PortPolicy::Mode::kListener ? listener.port
                 : options_.ports.mode == PortPolicy::Mode::kBase
                     ? options_.ports.base + listener.port
                     : 0;
    int bound = wanted > 0 && wanted < 65536 ? proxy->Bind(wanted) : -1;
    if (bound < 0) bound = proxy->Bind(0);
    if (bound < 0) {
      log("listener " + ShortName(arn) + ": cannot listen on 127.0.0.1");
      continue;
    }
    proxy->Start();
    std::string note =
        wanted > 0 && bound != wanted ? " (port " + std::to_string(wanted) + " was not free)" : "";
    log("listener " + ShortName(arn) + " (" + listener.protocol + ":" +
        std::to_string(listener.port) + ") on http://127.0.0.1:" + std::to_string(bound) + note);
    running_[arn] = {std::move(proxy), listener.load_balancer_arn, listener.protocol, listener.port,
                     bound};
    moved = true;
  }
  if (moved) WriteAddresses();
}

void Proxies::WriteAddresses() {
  if (options_.address_file.empty()) return;
  json out = json::object();
  for (const auto& [arn, running] : running_) {
    std::string address = "127.0.0.1:" + std::to_string(running.bound);
    out[arn] = {{"LoadBalancerArn", running.load_balancer_arn},
                {"Protocol", running.protocol},
                {"Port", running.listener_port},
                {"Address", address},
                {"Url", "http://" + address}};
  }
  // Written aside and renamed: a reader never sees half a file.
  std::string temporary = options_.address_file + ".tmp";
  {
    std::ofstream file(temporary);
    file << out.dump(2) << "\n";
  }
  std::rename(temporary.c_str(), options_.address_file.c_str());
}

}  // namespace berth::controlplane::lb
