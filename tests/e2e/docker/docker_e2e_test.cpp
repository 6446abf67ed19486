// The docker backend end to end against a real Docker engine: the private dockerd of the
// docker_engine ctest fixture (tests/docker/dockerd_fixture.sh). examples/local_docker is
// applied, answers HTTP on each replica's port, rolls on an image tag and env change, scales by
// the difference, repairs drift made by hand, rolls back a deployment whose health check fails,
// keeps secrets local, and is destroyed without a trace. Host networking on 127.0.0.1 only.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "tests/e2e/run_berth.h"

namespace berth::e2e {
namespace {

// The fixture's DOCKER_HOST, exported for berth and the docker CLI alike; a skip reason when the
// fixture found that dockerd cannot run here.
struct Engine {
  std::string docker_host;
  std::string skip;
};

Engine LoadEngine() {
  Engine engine;
  std::ifstream in(BERTH_DOCKER_FIXTURE_ENV);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("DOCKER_HOST=", 0) == 0) engine.docker_host = line.substr(12);
    if (line.rfind("SKIP=", 0) == 0) engine.skip = line.substr(5);
  }
  return engine;
}

// The engine the docker CLI talks to in Shell (berth gets it in its environment).
std::string docker_host;

// Runs a shell command (the docker CLI, to look and to poke) and returns its stdout.
std::string Shell(const std::string& command) {
  std::string out;
  FILE* pipe = popen(("DOCKER_HOST='" + docker_host + "' " + command).c_str(), "r");
  if (pipe == nullptr) return out;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  pclose(pipe);
  return out;
}

struct Container {
  std::string id, address, slot, image, state, hash;
};

// The stack's containers as the engine lists them, running or not.
std::vector<Container> Containers(const std::string& stack) {
  std::vector<Container> out;
  std::istringstream lines(
      Shell("docker ps -a --filter label=io.berth.stack=" + stack +
            " --format '{{.ID}} {{.Label \"io.berth.address\"}} {{.Label \"io.berth.slot\"}} "
            "{{.Image}} {{.State}} {{.Label \"io.berth.config-hash\"}}'"));
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    Container c;
    fields >> c.id >> c.address >> c.slot >> c.image >> c.state >> c.hash;
    out.push_back(c);
  }
  return out;
}

std::vector<Container> Running(const std::string& stack, const std::string& address) {
  std::vector<Container> out;
  for (const Container& c : Containers(stack)) {
    if (c.address == address && c.state == "running") out.push_back(c);
  }
  return out;
}

std::string HttpGet(int port) {
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(2);
  auto response = client.Get("/");
  return response && response->status == 200 ? response->body : "";
}

bool PortFree(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool free = bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  close(fd);
  return free;
}

// A base port with the six slots above it free on 127.0.0.1 (3 replicas at max_percent 200).
int FreeBasePort() {
  for (int base = 20000 + (getpid() % 2000) * 10; base < 60000; base += 10) {
    bool all = true;
    for (int i = 0; i < 6 && all; ++i) all = PortFree(base + i);
    if (all) return base;
  }
  return 0;
}

class DockerBackendTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Engine engine = LoadEngine();
    if (!engine.skip.empty()) GTEST_SKIP() << "no Docker engine: " << engine.skip;
    ASSERT_FALSE(engine.docker_host.empty())
        << "the docker_engine fixture did not run: use ctest, or run "
           "tests/docker/dockerd_fixture.sh start "
        << BERTH_DOCKER_FIXTURE_ENV << " first";
    docker_host = engine.docker_host;
    env_ = {"DOCKER_HOST=" + engine.docker_host};
    stack_dir_ = dir_.path() + "/local_docker";
    std::filesystem::copy(std::string(BERTH_SOURCE_DIR) + "/examples/local_docker", stack_dir_);
    base_port_ = FreeBasePort();
    ASSERT_NE(base_port_, 0);
  }

  // `berth COMMAND stack --state ... --var web_port=... vars...`
  RunResult Berth(const std::string& command, std::vector<std::string> vars = {},
                  std::vector<std::string> flags = {}) {
    std::vector<std::string> args = {command,   stack_dir_,
                                     "--state", dir_.path() + "/state.json",
                                     "--var",   "web_port=" + std::to_string(base_port_)};
    if (command != "plan") args.push_back("--auto-approve");
    for (const std::string& v : vars) {
      args.push_back("--var");
      args.push_back(v);
    }
    args.insert(args.end(), flags.begin(), flags.end());
    return RunBerth(args, BERTH_SOURCE_DIR, env_);
  }

  // What each running web replica serves, fetched on its own port (web_port + slot).
  std::vector<std::string> WebPages() {
    std::vector<std::string> pages;
    for (const Container& c : Running("local_docker", "service.web")) {
      pages.push_back(HttpGet(base_port_ + std::stoi(c.slot)));
    }
    return pages;
  }

  TempDir dir_;
  std::string stack_dir_;
  std::vector<std::string> env_;
  int base_port_ = 0;
};

std::set<std::string> Ids(const std::vector<Container>& containers) {
  std::set<std::string> ids;
  for (const Container& c : containers) ids.insert(c.id);
  return ids;
}

TEST_F(DockerBackendTest, ExampleLifecycle) {
  const std::string stack = "local_docker";
  const std::vector<std::string> v2 = {"image_tag=2", "greeting=bonjour"};

  // The plan says up front what the local engine will not run.
  RunResult first = Berth("plan");
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
  EXPECT_NE(first.out.find("Note: apply records these in the state and does not realise them on "
                           "the local Docker engine: cluster.local (docs/docker.md"),
            std::string::npos)
      << first.out;

  // Up from nothing: 2 web replicas answering on their own ports, 1 worker.
  RunResult up = Berth("apply");
  ASSERT_EQ(up.exit_code, 0) << up.out << up.err;
  EXPECT_NE(up.out.find("service.web: 2/2 replicas healthy"), std::string::npos) << up.out;
  EXPECT_NE(up.out.find("Note: recorded in the state, not realised on the local Docker engine: "
                        "cluster.local (docs/docker.md"),
            std::string::npos)
      << up.out;
  ASSERT_EQ(Running(stack, "service.web").size(), 2u);
  ASSERT_EQ(Running(stack, "service.worker").size(), 1u);
  EXPECT_EQ(WebPages(), std::vector<std::string>({"hello\n", "hello\n"}));

  RunResult noop = Berth("plan");
  EXPECT_EQ(noop.exit_code, 0) << noop.out << noop.err;
  EXPECT_NE(noop.out.find("No changes."), std::string::npos) << noop.out;

  // A new image tag and env var: new replicas first, healthy, then the old ones go.
  std::set<std::string> before = Ids(Containers(stack));
  RunResult roll = Berth("apply", v2);
  ASSERT_EQ(roll.exit_code, 0) << roll.out << roll.err;
  EXPECT_NE(roll.out.find("-/+ task.web"), std::string::npos) << roll.out;
  size_t healthy = roll.out.find("service.web: 2/2 replicas healthy");
  size_t stopped = roll.out.find("service.web: stopping 2 replica(s) of the previous revision");
  ASSERT_NE(healthy, std::string::npos) << roll.out;
  ASSERT_NE(stopped, std::string::npos) << roll.out;
  EXPECT_LT(healthy, stopped) << "old replicas stopped before the new ones were healthy";
  std::vector<Container> web = Running(stack, "service.web");
  ASSERT_EQ(web.size(), 2u);
  for (const Container& c : Containers(stack)) {
    EXPECT_EQ(c.image, "berth-busybox:2") << c.address;
    EXPECT_EQ(before.count(c.id), 0u) << "container " << c.id << " was not replaced";
  }
  EXPECT_EQ(WebPages(), std::vector<std::string>({"bonjour\n", "bonjour\n"}));

  // Scaling adds and removes only the difference; up by a saved plan, applied exactly.
  std::set<std::string> two = Ids(Running(stack, "service.web"));
  std::string plan_file = dir_.path() + "/scale.plan";
  RunResult saved =
      Berth("plan", {"image_tag=2", "greeting=bonjour", "web_replicas=3"}, {"--out", plan_file});
  ASSERT_EQ(saved.exit_code, 0) << saved.out << saved.err;
  RunResult three = RunBerth({"apply", plan_file}, BERTH_SOURCE_DIR, env_);
  ASSERT_EQ(three.exit_code, 0) << three.out << three.err;
  EXPECT_NE(three.out.find("service.web: 3/3 replicas healthy"), std::string::npos) << three.out;
  std::set<std::string> now = Ids(Running(stack, "service.web"));
  ASSERT_EQ(now.size(), 3u);
  for (const std::string& id : two) EXPECT_EQ(now.count(id), 1u) << id << " was replaced";
  RunResult back = Berth("apply", v2);
  ASSERT_EQ(back.exit_code, 0) << back.out << back.err;
  std::set<std::string> after = Ids(Running(stack, "service.web"));
  ASSERT_EQ(after.size(), 2u);
  for (const std::string& id : after) EXPECT_EQ(now.count(id), 1u) << id << " is new";

  // Drift made by hand: one web replica killed, the worker removed. Plan shows it; apply
  // repairs it; then there is nothing to do.
  Shell("docker kill " + Running(stack, "service.web")[0].id + " >/dev/null");
  Shell("docker rm -f " + Running(stack, "service.worker")[0].id + " >/dev/null");
  RunResult drift = Berth("plan", v2);
  EXPECT_NE(drift.out.find("~ desired_count = 1 -> 2"), std::string::npos) << drift.out;
  EXPECT_NE(drift.out.find("~ desired_count = 0 -> 1"), std::string::npos) << drift.out;
  RunResult repair = Berth("apply", v2);
  ASSERT_EQ(repair.exit_code, 0) << repair.out << repair.err;
  EXPECT_EQ(Running(stack, "service.web").size(), 2u);
  EXPECT_EQ(Running(stack, "service.worker").size(), 1u);
  EXPECT_EQ(Containers(stack).size(), 3u) << "the killed container was left behind";
  EXPECT_EQ(WebPages(), std::vector<std::string>({"bonjour\n", "bonjour\n"}));
  EXPECT_NE(Berth("plan", v2).out.find("No changes."), std::string::npos);

  // A health check that fails: the circuit breaker stops the rollout and rolls back.
  std::string good_hash = Running(stack, "service.web")[0].hash;
  RunResult failing = Berth("apply", {"image_tag=2", "greeting=bonjour", "health_path=/missing"});
  EXPECT_EQ(failing.exit_code, 1) << failing.out << failing.err;
  EXPECT_NE(failing.err.find("circuit breaker"), std::string::npos) << failing.err;
  EXPECT_NE(failing.err.find("rolled back to the previous revision"), std::string::npos)
      << failing.err;
  web = Running(stack, "service.web");
  ASSERT_EQ(web.size(), 2u);
  for (const Container& c : web) EXPECT_EQ(c.hash, good_hash);
  EXPECT_EQ(Containers(stack).size(), 3u) << "failed replicas were left behind";
  EXPECT_EQ(WebPages(), std::vector<std::string>({"bonjour\n", "bonjour\n"}));
  RunResult settled = Berth("plan", v2);
  EXPECT_NE(settled.out.find("No changes."), std::string::npos) << settled.out;

  // Destroy leaves no container, volume or network of the stack, and touches nothing else:
  // not even a container of another stack that runs the same service.
  std::string bystander = "bystander-" + std::to_string(getpid());
  Shell("docker run -d --name " + bystander +
        " --network none --label io.berth.stack=other --label io.berth.address=service.web "
        "berth-busybox:1 sleep 300 >/dev/null");
  RunResult destroy = Berth("destroy", v2);
  ASSERT_EQ(destroy.exit_code, 0) << destroy.out << destroy.err;
  EXPECT_TRUE(Containers(stack).empty());
  EXPECT_EQ(Shell("docker inspect --format '{{.State.Status}}' " + bystander), "running\n");
  Shell("docker rm -f " + bystander + " >/dev/null");
  EXPECT_EQ(Shell("docker volume ls -q --filter label=io.berth.stack=" + stack), "");
  EXPECT_EQ(Shell("docker network ls -q --filter label=io.berth.stack=" + stack), "");
}

TEST_F(DockerBackendTest, SecretsAreReadLocallyAndNeverShown) {
  const std::string token = "s3cr3t-token-value-7781";
  std::string stack = dir_.Write("secret/main.berth", R"(
stack "secret_demo" {
  region  = "ap-northeast-1"
  account = "123456789012"
}
backend "docker" {
  secrets = { "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:token" = "env:DEMO_TOKEN" }
}
cluster "local" {}
# ECS reads secrets with the execution role; the docker backend records it.
role "exec" {}
task "job" {
  network_mode   = "host"
  requires       = ["EC2"]
  execution_role = role.exec
  volume "scratch" {}
  container "main" {
    image   = "berth-busybox:1"
    command = ["sh", "-c", "echo started; exec sleep 3600"]
    memory  = 16MiB
    secrets = { TOKEN = secret("arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:token") }
    mount {
      volume = "scratch"
      path   = "/scratch"
    }
    linux_parameters { init_process_enabled = true }
  }
}
service "job" {
  cluster = cluster.local
  task    = task.job
}
)");
  std::vector<std::string> args = {"apply", stack, "--auto-approve", "--state",
                                   dir_.path() + "/secret.json"};
  // Without its local source the secret is an error naming the variable, not a value.
  RunResult missing = RunBerth(args, BERTH_SOURCE_DIR, env_);
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("DEMO_TOKEN is not set"), std::string::npos) << missing.err;

  std::vector<std::string> env = env_;
  env.push_back("DEMO_TOKEN=" + token);
  RunResult up = RunBerth(args, BERTH_SOURCE_DIR, env);
  ASSERT_EQ(up.exit_code, 0) << up.out << up.err;
  EXPECT_EQ((up.out + up.err).find(token), std::string::npos);
  std::vector<Container> running = Running("secret_demo", "service.job");
  ASSERT_EQ(running.size(), 1u);
  // The container has it in its environment; no label carries it.
  std::string id = running[0].id;
  EXPECT_NE(Shell("docker inspect --format '{{json .Config.Env}}' " + id).find("TOKEN=" + token),
            std::string::npos);
  EXPECT_EQ(Shell("docker inspect --format '{{json .Config.Labels}}' " + id).find(token),
            std::string::npos);
  EXPECT_EQ(ReadFile(dir_.path() + "/secret.json").find(token), std::string::npos);
  // The task-scoped volume is the replica's and goes with it.
  EXPECT_NE(Shell("docker volume ls -q --filter label=io.berth.stack=secret_demo"), "");

  std::vector<std::string> destroy = args;
  destroy[0] = "destroy";
  RunResult down = RunBerth(destroy, BERTH_SOURCE_DIR, env);
  ASSERT_EQ(down.exit_code, 0) << down.out << down.err;
  EXPECT_TRUE(Containers("secret_demo").empty());
  EXPECT_EQ(Shell("docker volume ls -q --filter label=io.berth.stack=secret_demo"), "");
}

TEST_F(DockerBackendTest, UnusableSettingsAreOneLineErrors) {
  RunResult bad = Berth("apply", {}, {"--wait-timeout", "soon"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("--wait-timeout takes a duration such as 90s or 5m, not \"soon\""),
            std::string::npos)
      << bad.err;
  std::vector<std::string> env = {"DOCKER_HOST=unix://" + dir_.path() + "/no.sock"};
  RunResult unreachable =
      RunBerth({"plan", stack_dir_, "--state", dir_.path() + "/s.json"}, BERTH_SOURCE_DIR, env);
  EXPECT_EQ(unreachable.exit_code, 1);
  EXPECT_NE(unreachable.err.find("cannot reach the Docker engine at " + dir_.path() + "/no.sock"),
            std::string::npos)
      << unreachable.err;
  RunResult tcp = RunBerth({"plan", stack_dir_, "--state", dir_.path() + "/s.json"},
                           BERTH_SOURCE_DIR, {"DOCKER_HOST=tcp://127.0.0.1:2375"});
  EXPECT_EQ(tcp.exit_code, 1);
  EXPECT_NE(tcp.err.find("is not a unix socket"), std::string::npos) << tcp.err;
  EXPECT_EQ(bad.err.find("terminate"), std::string::npos);
}

}  // namespace
}  // namespace berth::e2e
