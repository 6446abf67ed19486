// Every ELBv2 listener of the store served by a proxy of its own on 127.0.0.1 (listener_proxy.h),
// started, restarted and stopped as listeners come, change and go, and at `berth serve`'s start
// from what the store holds. The routing table is read again when told something changed (an
// API write) and at least every `poll` (the health checker writes target states on its own), and
// swapped in only when the store's documents differ: requests never read the store.
//
// Ports (`berth serve --lb-ports`): "listener" binds each listener's own port (80 stays 80, as
// `curl http://DNS:PORT` expects) and falls back to a free port when that one is taken or below
// 1024 without the privilege; "auto" always takes a free port (tests, several servers on one
// machine); "base:N" binds N + the listener's port (base:10000 puts 80 on 10080), with the same
// fallback. Where each listener went is logged and written to DATA/listeners.json.
#pragma once

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <ostream>
#include <set>
#include <string>
#include <thread>

#include "controlplane/lb/listener_proxy.h"
#include "controlplane/lb/routing.h"
#include "controlplane/store/store.h"

namespace berth::controlplane::lb {

struct PortPolicy {
  enum class Mode { kListener, kAuto, kBase };
  Mode mode = Mode::kListener;
  int base = 0;
};

// "listener", "auto" or "base:N" (0 < N < 65536); false for anything else.
bool ParsePortPolicy(const std::string& text, PortPolicy& policy);

struct ProxiesOptions {
  PortPolicy ports;
  std::string address_file;     // DATA/listeners.json; none when empty
  std::ostream* log = nullptr;  // a line per listener served or stopped
  std::chrono::milliseconds poll{1000};
};

class Proxies {
 public:
  Proxies(store::Store& store, ProxiesOptions options);
  ~Proxies();

  // Serves what the store holds now, then follows it on a thread of its own.
  void Start();
  // Something the routes depend on changed: read the store again now.
  void Changed();
  void Stop();

  // Listener ARN -> the 127.0.0.1 port its proxy serves on.
  std::map<std::string, int> Ports();

 private:
  struct Running {
    std::unique_ptr<ListenerProxy> proxy;
    std::string load_balancer_arn;
    std::string protocol;
    int listener_port = 0;
    int bound = 0;
  };

  void Refresh();
  void Reconcile(const Table& table);
  void WriteAddresses();
  std::shared_ptr<const Table> Current();

  store::Store& store_;
  ProxiesOptions options_;

  std::mutex table_mutex_;
  std::shared_ptr<const Table> table_ = std::make_shared<Table>();
  std::string signature_;  // digests of the documents the table was built from
  std::pair<std::int64_t, std::int64_t> write_mark_{-1, -1};  // the store's, when last read

  std::mutex running_mutex_;  // held by Refresh (one thread at a time) and Ports
  std::map<std::string, Running> running_;
  std::set<std::string> unserved_;  // listeners said once not to be served

  std::mutex wake_mutex_;
  std::condition_variable wake_;
  bool changed_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace berth::controlplane::lb
