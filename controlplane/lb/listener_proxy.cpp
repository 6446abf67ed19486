#include "controlplane/lb/listener_proxy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "controlplane/lb/local_response.h"
#include "controlplane/lb/request_counts.h"

namespace berth::controlplane::lb {

namespace listener_proxy_impl {
namespace {

std::string_view HostWithoutPort(std::string_view host) {
  if (!host.empty() && host[0] == '[') return host.substr(0, host.find(']') + 1);
  return host.substr(0, host.find(':'));
}

std::string LowerCase(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

}  // namespace
}  // namespace listener_proxy_impl

using namespace listener_proxy_impl;

ListenerProxy::ListenerProxy(std::string listener_arn, TableSource table, Upstreams& upstreams)
    : arn_(std::move(listener_arn)), table_(std::move(table)), upstreams_(upstreams) {}

ListenerProxy::~ListenerProxy() { Stop(); }

int ListenerProxy::Bind(int port) {
  int bound = 0;
  int fd = ListenOn(port, bound);
  if (fd < 0) return -1;
  if (listen_fd_ >= 0) close(listen_fd_);
  listen_fd_ = fd;
  port_ = bound;
  return bound;
}

void ListenerProxy::Start() {
  thread_ = std::thread([this] { Accept(); });
}

void ListenerProxy::Stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
    // Wakes the accept() below; the port is closed once it returned.
    if (listen_fd_ >= 0) shutdown(listen_fd_, SHUT_RDWR);
    for (const auto& client : open_) client->ShutDown();
  }
  if (thread_.joinable()) thread_.join();
  if (listen_fd_ >= 0) close(listen_fd_);
  listen_fd_ = -1;
  std::unique_lock lock(mutex_);
  closed_.wait(lock, [this] { return open_.empty(); });
}

void ListenerProxy::Accept() {
  for (;;) {
    sockaddr_in peer{};
    socklen_t size = sizeof peer;
    int fd = accept4(listen_fd_, reinterpret_cast<sockaddr*>(&peer), &size, SOCK_CLOEXEC);
    if (fd < 0) {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
      // Out of descriptors: the connection waits in the backlog a moment.
      if (errno == EMFILE || errno == ENFILE)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      continue;
    }
    SetNoDelay(fd);
    auto client = std::make_shared<ClientConnection>();
    client->fd = fd;
    client->local_port = port_;
    char address[INET_ADDRSTRLEN] = "";
    inet_ntop(AF_INET, &peer.sin_addr, address, sizeof address);
    client->remote_address = address;
    {
      std::lock_guard lock(mutex_);
      if (stopping_) {
        close(fd);
        return;
      }
      open_.insert(client);
    }
    std::thread([this, client] {
      Serve(*client);
      close(client->fd);
      std::lock_guard lock(mutex_);
      open_.erase(client);
      if (open_.empty()) closed_.notify_all();
    }).detach();
  }
}

void ListenerProxy::Serve(ClientConnection& client) {
  // ALB closes a client connection idle for the load balancer's idle timeout.
  std::shared_ptr<const Table> table = table_();
  auto found = table->listeners.find(arn_);
  SetTimeouts(client.fd, std::chrono::seconds(
                             found == table->listeners.end() ? 60 : found->second.idle_timeout));
  table.reset();
  RequestHead head;
  for (;;) {
    HeadParse parsed;
    while ((parsed = ParseRequestHead(client.in.View(), head)) == HeadParse::kIncomplete) {
      if (ReceiveSome(client.fd, client.in) != IoResult::kOk) return;
    }
    if (parsed == HeadParse::kMalformed) {
      SendAll(client.fd, Serialize(ErrorPage(400), false, false, 1));
      return;
    }
    if (!Handle(client, head)) return;
  }
}

bool ListenerProxy::Handle(ClientConnection& client, const RequestHead& head) {
  std::string_view connection = FieldValue(head.headers, "Connection");
  bool keep = head.minor >= 1 ? !HasToken(connection, "close") : HasToken(connection, "keep-alive");
  bool head_request = head.method == "HEAD";
  BodyFraming framing = RequestFraming(head);
  // A local answer: the body read and dropped first, so the next request is where it starts.
  auto answer = [&](const LocalResponse& response) {
    client.in.Consume(head.length);
    bool still = keep && framing.type != Framing::kInvalid && DiscardBody(client, framing);
    return SendAll(client.fd, Serialize(response, head_request, still, head.minor)) ==
               IoResult::kOk &&
           still;
  };
  if (framing.type == Framing::kInvalid) return answer(ErrorPage(400));

  std::shared_ptr<const Table> table = table_();
  auto found = table->listeners.find(arn_);
  if (found == table->listeners.end()) return answer(ErrorPage(503));  // deleted, stopping
  const ListenerRoutes& listener = found->second;

  RequestView view;
  view.method = head.method;
  size_t question = head.target.find('?');
  view.path = head.target.substr(0, question);
  view.query = question == std::string_view::npos ? "" : head.target.substr(question + 1);
  view.host = HostWithoutPort(FieldValue(head.headers, "Host"));
  view.header = [&head](const std::string& name) {
    return std::string(FieldValue(head.headers, name));
  };

  const Action* action = Match(listener, view);
  if (!action) return answer(ErrorPage(503));
  switch (action->type) {
    case Action::Type::kFixedResponse: {
      LocalResponse response;
      response.status = action->status;
      response.content_type = action->content_type;
      response.body = action->body;
      return answer(response);
    }
    case Action::Type::kRedirect: {
      LocalResponse response;
      response.status = action->status;
      response.headers.emplace_back(
          "Location", RedirectLocation(*action, view, listener.protocol, client.local_port));
      return answer(response);
    }
    case Action::Type::kUnsupported:
      return answer(ErrorPage(503));
    case Action::Type::kForward:
      break;
  }

  const std::string* group_arn = PickGroup(*action, action->turn->fetch_add(1));
  if (!group_arn) return answer(ErrorPage(503));
  auto group = table->groups.find(*group_arn);
  if (group == table->groups.end()) return answer(ErrorPage(503));
  const GroupTargets& targets = group->second;
  targets.counters->requests.fetch_add(1, std::memory_order_relaxed);
  // Healthy targets only; when none is, every registered one (ALB fails open).
  const std::vector<Target>& pool = targets.healthy.empty() ? targets.routable : targets.healthy;
  if (pool.empty()) return answer(ErrorPage(503));
  ForwardOptions options;
  options.target = &pool[targets.counters->next.fetch_add(1) % pool.size()];
  options.timeout = std::chrono::seconds(listener.idle_timeout);
  std::string protocol = LowerCase(listener.protocol);
  options.protocol = protocol;
  options.keep = keep;
  return Forward(client, head, framing, options, upstreams_);
}

}  // namespace berth::controlplane::lb
