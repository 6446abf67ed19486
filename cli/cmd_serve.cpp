// berth serve [--listen HOST:PORT] --data DIR [--engine unix:///PATH ...] [--print-credentials]:
// berth's own control plane, an ECS-compatible server on the given Docker engines
// (controlplane/, docs/controlplane.md).
#include "cli/compile_stack.h"
#include "controlplane/serve.h"

namespace berth::cli {

int ServeCommand(const std::vector<std::string>& args, CommandIo& io) {
  std::vector<FlagSpec> flags = {
      {"listen", true, false, "HOST:PORT to listen on, loopback only (default 127.0.0.1:4566)"},
      {"data", true, false, "directory for the state, the credentials and the endpoint"},
      {"engine", true, true, "a Docker engine to run tasks on: unix:///PATH/docker.sock"},
      {"region", true, false, "the region ARNs name (default us-east-1)"},
      {"account", true, false, "the account ARNs name (default 000000000000)"},
      {"lb-ports", true, false,
       "where listeners are served on 127.0.0.1: listener (their own port, else a free one; "
       "the default), auto (free ports) or base:N (N + the listener's port)"},
      {"metrics-interval", true, false,
       "seconds between two CPU/memory datapoints of a scaled service (default 60)"},
      {"print-credentials", false, false, "print the AWS_* lines to export, then exit"},
      {"help", false, false, "show this help"},
  };
  auto parsed = ParseCommandArgs("serve", args, flags, io);
  if (!parsed) return 1;
  if (parsed->Has("help")) {
    io.out << "usage: berth serve --data DIR [--listen 127.0.0.1:PORT] [--engine unix:///PATH "
              "...]\n\n"
           << FlagsHelp(flags);
    return 0;
  }
  if (!parsed->positional.empty()) {
    io.err << "berth serve: unexpected argument \"" << parsed->positional[0] << "\"\n";
    return 1;
  }
  controlplane::ServeOptions options;
  options.listen = parsed->Get("listen", options.listen);
  options.data_dir = parsed->Get("data");
  options.region = parsed->Get("region", options.region);
  options.account = parsed->Get("account", options.account);
  if (options.account.size() != 12 ||
      options.account.find_first_not_of("0123456789") != std::string::npos) {
    io.err << "berth serve: --account " << options.account << ": expected 12 digits\n";
    return 1;
  }
  if (parsed->Has("metrics-interval")) {
    std::string text = parsed->Get("metrics-interval");
    char* end = nullptr;
    double seconds = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || !(seconds >= 1 && seconds <= 3600)) {
      io.err << "berth serve: --metrics-interval " << text
             << ": expected seconds between 1 and 3600\n";
      return 1;
    }
    options.metrics_interval = seconds;
  }
  if (parsed->values.count("engine")) options.engines = parsed->values.at("engine");
  options.lb_ports = parsed->Get("lb-ports", options.lb_ports);
  options.print_credentials = parsed->Has("print-credentials");
  return controlplane::Serve(options, io.out, io.err);
}

}  // namespace berth::cli
