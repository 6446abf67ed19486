#include "controlplane/serve.h"

#include <arpa/inet.h>
#include <httplib.h>
#include <signal.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "backends/aws_api/credentials_file.h"
#include "controlplane/api/http_front.h"
#include "controlplane/credentials.h"
#include "controlplane/lb/proxies.h"
#include "controlplane/lb/request_counts.h"
#include "controlplane/logs/collector.h"
#include "controlplane/reconciler/reconciler.h"
#include "controlplane/scaling/driver.h"
#include "controlplane/store/store.h"
#include "controlplane/targets/health_checker.h"

namespace berth::controlplane {

namespace {

// Threads answering requests: one per open keep-alive connection (see Serve).
constexpr size_t kServeThreads = 64;
// Requests one keep-alive connection carries before the server closes it.
constexpr size_t kKeepAliveRequests = 10000;

bool SplitListen(const std::string& listen, std::string& host, int& port) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) return false;
  host = listen.substr(0, colon);
  if (host.size() > 1 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  std::string digits = listen.substr(colon + 1);
  if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos) return false;
  port = std::stoi(digits);
  return port <= 65535;
}

bool IsLoopback(const std::string& host) {
  if (host == "localhost") return true;
  in_addr v4{};
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  if (inet_pton(AF_INET6, host.c_str(), &v6) == 1) return IN6_IS_ADDR_LOOPBACK(&v6);
  return false;
}

}  // namespace

int Serve(const ServeOptions& options, std::ostream& out, std::ostream& err) {
  if (options.data_dir.empty()) {
    err << "berth serve: --data DIR is required (state, credentials and the endpoint go there)\n";
    return 1;
  }
  std::error_code ec;
  std::filesystem::create_directories(options.data_dir, ec);
  if (ec) {
    err << "berth serve: cannot create " << options.data_dir << ": " << ec.message() << "\n";
    return 1;
  }
  chmod(options.data_dir.c_str(), 0700);
  aws_api::sigv4::Credentials credentials;
  std::string error;
  if (!LoadOrCreateCredentials(options.data_dir, credentials, error)) {
    err << "berth serve: " << error << "\n";
    return 1;
  }
  if (options.print_credentials) {
    out << aws_api::CredentialsFileText(credentials);
    return 0;
  }
  std::string host;
  int port = 0;
  if (!SplitListen(options.listen, host, port)) {
    err << "berth serve: --listen " << options.listen << ": expected HOST:PORT\n";
    return 1;
  }
  if (!IsLoopback(host)) {
    // Anyone who can reach the port could try keys against it, over plain HTTP: berth has no
    // TLS yet, so it listens on loopback only.
    err << "berth serve: --listen " << options.listen
        << ": refusing a non-loopback address without TLS (berth serve has no TLS yet); use "
           "127.0.0.1 or ::1\n";
    return 1;
  }
  lb::ProxiesOptions proxies_options;
  if (!lb::ParsePortPolicy(options.lb_ports, proxies_options.ports)) {
    err << "berth serve: --lb-ports " << options.lb_ports
        << ": expected listener, auto or base:N\n";
    return 1;
  }
  std::vector<std::unique_ptr<engines::Engine>> engines;
  for (const std::string& engine : options.engines) {
    const std::string scheme = "unix://";
    if (engine.rfind(scheme, 0) != 0 || engine.size() == scheme.size()) {
      err << "berth serve: --engine " << engine << ": expected unix:///PATH/docker.sock\n";
      return 1;
    }
    engines.push_back(std::make_unique<engines::Engine>(engine.substr(scheme.size())));
  }
  auto store = store::Store::Open(options.data_dir + "/state.db", error);
  if (!store) {
    err << "berth serve: " << error << "\n";
    return 1;
  }

  // SIGINT/SIGTERM are taken by a thread with sigwait, before any other thread starts, so none
  // of them is interrupted by a handler.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  model::Origin origin;
  origin.region = options.region;
  origin.account = options.account;
  std::vector<std::string> sockets;
  for (const auto& engine : engines) sockets.push_back(engine->socket());
  logs::Collector collector(*store, origin, sockets);
  reconciler::Options reconcile;
  reconcile.before_remove = [&collector](const std::string& socket, const std::string& id) {
    collector.Flush(socket, id);
  };
  reconciler::Reconciler reconciler(*store, origin, std::move(engines), reconcile);
  scaling::DriverOptions timed;
  timed.metrics_interval = options.metrics_interval;
  timed.after_write = [&reconciler] { reconciler.Wake(); };
  timed.request_counts = [] { return lb::RequestCounts(); };
  scaling::Driver driver(*store, origin, sockets, timed);
  httplib::Server server;
  // Without TCP_NODELAY, httplib's answer goes out as two writes (head, then body) and Nagle
  // holds the body until the client acknowledges the head, which Linux delays by up to 40 ms:
  // every call took 40 ms or more whatever the server's work (bench/live_plan_bench.sh).
  server.set_tcp_nodelay(true);
  // httplib serves a keep-alive connection on one pool thread until it idles for 5 s, and its
  // pool has max(8, cores - 1) threads: a berth plan keeps 16 connections (its read width), so
  // half of them waited seconds for a thread held by an idle one. kServeThreads covers a few
  // such clients at once; a connection is also kept for more than httplib's 5 requests.
  server.new_task_queue = [] { return new httplib::ThreadPool(kServeThreads); };
  server.set_keep_alive_max_count(kKeepAliveRequests);
  api::FrontOptions front;
  front.origin = origin;
  front.credentials = credentials;
  proxies_options.address_file = options.data_dir + "/listeners.json";
  proxies_options.log = &out;
  // Stopped by its destructor, before the reconciler and the store go.
  lb::Proxies proxies(*store, proxies_options);
  front.after_write = [&reconciler, &proxies] {
    reconciler.Wake();
    proxies.Changed();
  };
  api::Mount(server, *store, front);
  int bound = port == 0 ? server.bind_to_any_port(host.c_str()) : port;
  if (port != 0 && !server.bind_to_port(host.c_str(), port)) bound = -1;
  if (bound <= 0) {
    err << "berth serve: cannot listen on " << options.listen << "\n";
    return 1;
  }
  // The listeners are served before the endpoint is written: whoever waits for the endpoint
  // finds DATA/listeners.json current.
  proxies.Start();
  std::string url = "http://" + (host.find(':') != std::string::npos ? "[" + host + "]" : host) +
                    ":" + std::to_string(bound);
  {
    // The region first: a client that sees the endpoint may read both at once.
    std::ofstream(options.data_dir + "/region") << origin.region << "\n";
    std::ofstream endpoint(options.data_dir + "/endpoint");
    endpoint << url << "\n";
  }
  reconciler.Start();
  targets::HealthChecker health_checker(*store, [&reconciler] { reconciler.Wake(); });
  health_checker.Start();
  driver.Start();
  collector.Start();
  std::thread waiter([&server, signals] {
    int signal = 0;
    sigwait(&signals, &signal);
    server.stop();
  });
  out << "berth serve: listening on " << url << " (" << options.engines.size()
      << " engine(s), data in " << options.data_dir << ")" << std::endl;
  server.listen_after_bind();
  driver.Stop();
  health_checker.Stop();
  reconciler.Stop();
  collector.Stop();
  // The waiter returns once a signal came; when the server stopped otherwise, send it one.
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  return 0;
}

}  // namespace berth::controlplane
