// berth logs SERVICE [PATH] [--since 10m] [--follow]: prints what a service's containers wrote
// to CloudWatch Logs, through the backend's Logs API (FilterLogEvents on each awslogs group of
// its task, streams `prefix/CONTAINER/`), oldest first, each line prefixed with its container
// and task id, as `ecspresso logs` and `copilot svc logs` do. --follow asks again every second
// for what came since, until interrupted. The aws-api backend reads AWS; controlplane a `berth
// serve` (logs_sources.h finds the groups in the stack).
#include <algorithm>
#include <chrono>
#include <set>
#include <thread>

#include "backends/aws_api_backend/aws_api_backend.h"
#include "cli/compile_stack.h"
#include "cli/logs_sources.h"
#include "cli/stack_backend.h"
#include "cli/wait_timeout.h"

namespace berth::cli {

namespace {

struct Line {
  long long timestamp;
  std::string event_id;
  std::string prefix;  // "api/3f9a1c2b"
  std::string message;
};

// "api/api/3f9a1c2b..." -> "api/3f9a1c2b": the container and the task id's first 8 digits.
std::string LinePrefix(const LogSource& source, const std::string& stream) {
  std::string task = stream.substr(std::min(stream.size(), source.stream_prefix.size()));
  if (task.size() > 8) task.resize(8);
  return source.container + "/" + task;
}

// A member that may be absent or null (as some servers send what they have not).
std::string Text(const aws_api::Json& object, const char* key) {
  auto found = object.find(key);
  return found != object.end() && found->is_string() ? found->get<std::string>() : "";
}
long long Number(const aws_api::Json& object, const char* key) {
  auto found = object.find(key);
  return found != object.end() && found->is_number() ? found->get<long long>() : 0;
}

// Every event of `source` from `start_ms` on, following nextToken. False with `error`.
bool Fetch(const aws_api::Client& client, const LogSource& source, long long start_ms,
           std::vector<Line>& lines, std::string& error) {
  aws_api::Json input = {{"logGroupName", source.group}, {"startTime", start_ms}};
  if (!source.stream_prefix.empty()) input["logStreamNamePrefix"] = source.stream_prefix;
  for (;;) {
    aws_api::CallResult result = client.Call("logs", "FilterLogEvents", input);
    if (!result.ok()) {
      const aws_api::AwsError& e = result.error();
      if (e.code == "ResourceNotFoundException") {
        error = "log group " + source.group +
                " does not exist there: has the stack been "
                "applied with this backend (`berth apply`)?";
      } else {
        error = e.ToString();
      }
      return false;
    }
    const aws_api::Json& answer = result.json();
    if (answer.contains("events") && answer["events"].is_array()) {
      for (const auto& event : answer["events"]) {
        lines.push_back({Number(event, "timestamp"), Text(event, "eventId"),
                         LinePrefix(source, Text(event, "logStreamName")), Text(event, "message")});
      }
    }
    // Absent when done; some servers (moto) send null.
    std::string token = Text(answer, "nextToken");
    if (token.empty()) return true;
    input["nextToken"] = token;
  }
}

long long NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

int LogsCommand(const std::vector<std::string>& args, CommandIo& io) {
  std::vector<FlagSpec> flags = StackFlags();
  flags.push_back(
      {"backend", true, false, "the backend whose Logs API to read: controlplane or aws-api"});
  flags.push_back({"state", true, false, "the state file (default: <stack>/.berth/state.json)"});
  flags.push_back({"since", true, false, "how far back to start: 30s, 10m, 2h (default 10m)"});
  flags.push_back({"follow", false, false, "keep printing new lines until interrupted"});
  auto parsed = ParseCommandArgs("logs", args, flags, io);
  if (!parsed) return 1;
  if (parsed->Has("help")) {
    io.out << "usage: berth logs SERVICE [PATH] [--since 10m] [--follow] [flags]\n\n"
              "Prints what the service's containers logged with the awslogs driver, read from\n"
              "the backend's CloudWatch Logs (controlplane: berth serve; aws-api: AWS), each\n"
              "line prefixed with CONTAINER/TASK.\n\n"
           << FlagsHelp(flags);
    return 0;
  }
  if (parsed->positional.empty() || parsed->positional.size() > 2) {
    io.err << "berth logs: expected SERVICE [PATH] (the service's block label or ECS name, "
              "then the stack; see `berth logs --help`)\n";
    return 1;
  }
  std::string service = parsed->positional[0];
  ParsedArgs stack_args = *parsed;
  stack_args.positional.erase(stack_args.positional.begin());
  std::optional<double> since = ParseWaitTimeout(parsed->Get("since", "10m"));
  if (!since) {
    io.err << "berth logs: --since takes a duration such as 30s, 10m or 2h, not \""
           << parsed->Get("since") << "\"\n";
    return 1;
  }
  SourceManager sources;
  auto program = CompileStack(stack_args, sources, io);
  if (!program) return 1;
  ServiceLogs logs;
  std::string error;
  if (!FindServiceLogs(*program, service, logs, error)) {
    io.err << "berth logs: " << error << "\n";
    return 1;
  }
  BackendChoice choice = ChooseBackend(stack_args, *program);
  if (choice.name != "controlplane" && choice.name != "aws-api") {
    io.err << "berth logs: the " << choice.name
           << " backend has no CloudWatch Logs to read: use --backend controlplane (a `berth "
              "serve`) or --backend aws-api (AWS)"
           << (choice.name == "docker" ? "; the docker backend's containers: `docker logs`" : "")
           << "\n";
    return 1;
  }
  std::unique_ptr<backends::Backend> backend = OpenBackend(choice, error);
  auto* api = dynamic_cast<aws_api_backend::AwsApiBackend*>(backend.get());
  if (!api) {
    io.err << "berth logs: " << (error.empty() ? "the backend cannot read logs" : error) << "\n";
    return 1;
  }
  long long start = NowMs() - static_cast<long long>(*since);
  // Lines printed at the newest timestamp: the next read starts there again (startTime is
  // inclusive), and these are not printed twice.
  std::set<std::string> at_newest;
  for (;;) {
    std::vector<Line> lines;
    for (const LogSource& source : logs.sources) {
      if (!Fetch(api->client(), source, start, lines, error)) {
        io.err << "berth logs: " << logs.address << ": " << error << "\n";
        return 1;
      }
    }
    std::stable_sort(lines.begin(), lines.end(),
                     [](const Line& a, const Line& b) { return a.timestamp < b.timestamp; });
    std::set<std::string> newest = at_newest;
    for (const Line& line : lines) {
      if (line.timestamp < start || (line.timestamp == start && newest.count(line.event_id))) {
        continue;
      }
      io.out << line.prefix << " " << line.message << "\n";
      if (line.timestamp > start) {
        newest.clear();
        start = line.timestamp;
      }
      newest.insert(line.event_id);
    }
    at_newest = newest;
    io.out.flush();
    if (!parsed->Has("follow")) return 0;
    // Until Ctrl-C, whose default action ends it, as `tail -f` and `docker logs -f` end.
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
}

}  // namespace berth::cli
