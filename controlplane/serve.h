// `berth serve`: the control plane in one process. An ECS-compatible API (awsJson1_1, SigV4) on
// a loopback address, state in DATA/state.db (SQLite), and a reconciler that runs the services'
// tasks as containers on the Docker engines given with --engine.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace berth::controlplane {

struct ServeOptions {
  std::string listen = "127.0.0.1:4566";  // HOST:PORT; port 0 picks a free one
  std::string data_dir;                   // created 0700 when missing
  std::vector<std::string> engines;       // unix:///PATH/docker.sock
  std::string region = "us-east-1";
  // The account ARNs name: a stack's ARNs (roles in task definitions, log groups in policies)
  // compare equal only when this is the stack's `account`.
  std::string account = "000000000000";
  bool print_credentials = false;  // print them and exit
  // Where the load balancers' listeners are served: "listener", "auto" or "base:N"
  // (controlplane/lb/proxies.h).
  std::string lb_ports = "listener";
  // Seconds between two utilization datapoints of a scaled service (ECS: one a minute).
  double metrics_interval = 60;
};

// Runs until SIGINT or SIGTERM; the exit code. Writes DATA/endpoint (the URL) once listening.
int Serve(const ServeOptions& options, std::ostream& out, std::ostream& err);

}  // namespace berth::controlplane
