#include "controlplane/lb/relay_loop.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include "controlplane/lb/listener_proxy.h"
#include "controlplane/lb/request_counts.h"

namespace berth::controlplane::lb {

namespace relay_loop_impl {
namespace {

// Bytes waiting for the other side before no more is read from this one.
constexpr size_t kBackpressure = 256 * 1024;
// Bytes asked of one recv().
constexpr size_t kRead = 32 * 1024;
// ALB gives up connecting to a target after 10 s and answers 504.
constexpr std::chrono::seconds kConnect{10};
// Idle connections kept per target; more are closed after their request.
constexpr size_t kIdlePerTarget = 128;
// How often deadlines are looked at (the 504 after the idle timeout comes this much late).
constexpr int kTickMs = 200;

std::string_view HostWithoutPort(std::string_view host) {
  if (!host.empty() && host[0] == '[') return host.substr(0, host.find(']') + 1);
  return host.substr(0, host.find(':'));
}

std::string LowerCase(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// Sends what is left of out from `sent`: false on a failure, `blocked` when the socket is full.
bool SendPending(int fd, const std::string& out, size_t& sent, bool& blocked) {
  blocked = false;
  while (sent < out.size()) {
    ssize_t n = send(fd, out.data() + sent, out.size() - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<size_t>(n);
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      blocked = true;
      return true;
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace
}  // namespace relay_loop_impl

using namespace relay_loop_impl;

RelayLoop::RelayLoop(std::string arn, TableSource table, int listen_fd, int port)
    : arn_(std::move(arn)), table_(std::move(table)), listen_fd_(listen_fd), port_(port) {
  epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
  wake_fd_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  epoll_event event{};
  // Level-triggered: every pending connection is taken. Each loop of the listener watches its
  // port; EPOLLEXCLUSIVE wakes one of them per connection, not all.
  event.events = EPOLLIN | EPOLLEXCLUSIVE;
  event.data.ptr = &listen_endpoint_;
  epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, listen_fd_, &event);
  event.events = EPOLLIN;
  event.data.ptr = &wake_endpoint_;
  epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &event);
}

RelayLoop::~RelayLoop() {
  for (Client* c : clients_) {
    EndFlight(c);
    close(c->fd);
    delete c;
  }
  for (Upstream* u : upstreams_) {
    close(u->fd);
    delete u;
  }
  for (Endpoint* e : closed_) Free(e);
  close(wake_fd_);
  close(epoll_fd_);
}

void RelayLoop::Free(Endpoint* endpoint) {
  if (endpoint->kind == Endpoint::Kind::kClient)
    delete static_cast<Client*>(endpoint);
  else if (endpoint->kind == Endpoint::Kind::kUpstream)
    delete static_cast<Upstream*>(endpoint);
}

void RelayLoop::RequestStop() {
  std::lock_guard lock(mutex_);
  stop_ = true;
  uint64_t one = 1;
  [[maybe_unused]] ssize_t written = write(wake_fd_, &one, sizeof one);
}

void RelayLoop::Retain(const std::set<std::string>& targets) {
  std::lock_guard lock(mutex_);
  retain_ = targets;
  uint64_t one = 1;
  [[maybe_unused]] ssize_t written = write(wake_fd_, &one, sizeof one);
}

void RelayLoop::Watch(int fd, Endpoint* endpoint) {
  // Edge-triggered, both directions, once: no epoll_ctl per request.
  epoll_event event{};
  event.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
  event.data.ptr = endpoint;
  epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &event);
}

void RelayLoop::Run() {
  epoll_event events[128];
  auto last_tick = Clock::now();
  for (;;) {
    int count = epoll_wait(epoll_fd_, events, 128, kTickMs);
    now_ = Clock::now();
    for (int i = 0; i < count; ++i) {
      auto* endpoint = static_cast<Endpoint*>(events[i].data.ptr);
      if (endpoint->closed) continue;
      switch (endpoint->kind) {
        case Endpoint::Kind::kListen:
          Accept();
          break;
        case Endpoint::Kind::kWake: {
          uint64_t value;
          [[maybe_unused]] ssize_t got = read(wake_fd_, &value, sizeof value);
          std::optional<std::set<std::string>> retain;
          {
            std::lock_guard lock(mutex_);
            if (stop_) return;
            retain.swap(retain_);
          }
          if (retain) {
            for (auto& [key, idle] : idle_) {
              if (retain->count(key)) continue;
              for (Upstream* u : std::vector<Upstream*>(idle)) CloseUpstream(u);
            }
          }
          break;
        }
        case Endpoint::Kind::kClient:
          OnClient(static_cast<Client*>(endpoint), events[i].events);
          break;
        case Endpoint::Kind::kUpstream:
          OnUpstream(static_cast<Upstream*>(endpoint), events[i].events);
          break;
      }
    }
    if (now_ - last_tick >= std::chrono::milliseconds(kTickMs)) {
      last_tick = now_;
      Expire();
    }
    for (Endpoint* e : closed_) Free(e);
    closed_.clear();
    std::lock_guard lock(mutex_);
    if (stop_) return;
  }
}

void RelayLoop::Accept() {
  std::shared_ptr<const Table> table = table_();
  auto listener = table->listeners.find(arn_);
  // ALB closes a client connection idle for the load balancer's idle timeout.
  std::chrono::seconds idle(listener == table->listeners.end() ? 60
                                                               : listener->second.idle_timeout);
  for (;;) {
    sockaddr_in peer{};
    socklen_t size = sizeof peer;
    int fd = accept4(listen_fd_, reinterpret_cast<sockaddr*>(&peer), &size,
                     SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      return;  // EAGAIN: all taken; EMFILE: the backlog keeps them until the next wake-up
    }
    SetNoDelay(fd);
    auto* c = new Client;
    c->fd = fd;
    char address[INET_ADDRSTRLEN] = "";
    inet_ntop(AF_INET, &peer.sin_addr, address, sizeof address);
    c->remote_address = address;
    c->idle_timeout = idle;
    c->deadline = now_ + idle;
    clients_.insert(c);
    Watch(fd, c);
  }
}

void RelayLoop::OnClient(Client* c, uint32_t events) {
  if ((events & EPOLLOUT) && !FlushClient(c)) return;
  if (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) ReadClient(c);
}

bool RelayLoop::FlushClient(Client* c) {
  bool blocked = false;
  if (!SendPending(c->fd, c->out, c->out_sent, blocked)) {
    CloseClient(c);
    return false;
  }
  if (blocked) return true;
  c->out.clear();
  c->out_sent = 0;
  if (c->close_after_flush) {
    CloseClient(c);
    return false;
  }
  if (c->upstream && c->upstream->read_blocked) {
    c->upstream->read_blocked = false;
    ReadUpstream(c->upstream);
  }
  return !c->closed;
}

void RelayLoop::ReadClient(Client* c) {
  for (;;) {
    if (c->state == Client::State::kForward && c->upstream &&
        c->upstream->out.size() - c->upstream->out_sent > kBackpressure) {
      c->read_blocked = true;
      return;
    }
    size_t had = c->in.Size();
    IoResult got = ReceiveSome(c->fd, c->in, kRead);
    if (got == IoResult::kTimedOut) return;  // EAGAIN: read to the end
    if (got != IoResult::kOk) return CloseClient(c);
    bool drained = c->in.Size() - had < kRead;
    c->deadline = now_ + c->idle_timeout;
    if (!Advance(c) || drained) return;
  }
}

bool RelayLoop::Advance(Client* c) {
  for (;;) {
    if (c->closed) return false;
    switch (c->state) {
      case Client::State::kHead: {
        if (c->in.Empty()) return true;
        RequestHead head;
        HeadParse parsed = ParseRequestHead(c->in.View(), head);
        if (parsed == HeadParse::kIncomplete) return true;
        if (parsed == HeadParse::kMalformed) {
          c->state = Client::State::kClosing;
          c->out += Serialize(ErrorPage(400), false, false, 1);
          c->close_after_flush = true;
          return FlushClient(c);
        }
        StartRequest(c, head);
        // A 100 Continue goes out before the target answers.
        if (!c->out.empty() && c->state == Client::State::kForward && !FlushClient(c)) return false;
        break;
      }
      case Client::State::kDiscard: {
        c->in.Consume(c->body.Take(c->in.View()));
        if (c->body.Failed()) {
          c->keep = false;
        } else if (!c->body.Done()) {
          return true;
        }
        c->out += c->pending;
        c->pending.clear();
        c->state = c->keep ? Client::State::kHead : Client::State::kClosing;
        c->close_after_flush = !c->keep;
        if (!FlushClient(c)) return false;
        break;
      }
      case Client::State::kForward: {
        Upstream* u = c->upstream;
        if (!u || c->body.Done()) return true;  // the next request waits for this answer
        size_t taken = c->body.Take(c->in.View());
        if (c->body.Failed()) {
          CloseClient(c);
          return false;
        }
        u->out.append(c->in.View().substr(0, taken));
        c->in.Consume(taken);
        u->deadline = now_ + (u->connecting ? kConnect : c->timeout);
        return FlushUpstream(u) && !c->closed;
      }
      case Client::State::kClosing:
        c->in.Consume(c->in.Size());
        return true;
    }
  }
}

void RelayLoop::Answer(Client* c, const LocalResponse& response) {
  // The body is read and dropped first, so the next request starts where it ends.
  c->pending = Serialize(response, c->method == "HEAD", c->keep, c->minor);
  c->state = Client::State::kDiscard;
}

void RelayLoop::StartRequest(Client* c, const RequestHead& head) {
  std::string_view connection = FieldValue(head.headers, "Connection");
  c->keep = head.minor >= 1 ? !HasToken(connection, "close") : HasToken(connection, "keep-alive");
  c->method.assign(head.method);
  c->minor = head.minor;
  BodyFraming framing = RequestFraming(head);
  c->body = BodyCursor(framing);
  c->answer_started = false;
  // The client waits for a go-ahead before its body (curl does for large ones): given at once,
  // as a proxy that streams the body has nothing to decide on it.
  if (head.minor >= 1 && !c->body.Done() && c->in.Size() == head.length &&
      HasToken(FieldValue(head.headers, "Expect"), "100-continue"))
    c->out += "HTTP/1.1 100 Continue\r\n\r\n";
  if (framing.type == Framing::kInvalid) {
    c->keep = false;
    c->in.Consume(head.length);
    return Answer(c, ErrorPage(400));
  }
  std::shared_ptr<const Table> table = table_();
  auto found = table->listeners.find(arn_);
  if (found == table->listeners.end()) {  // deleted, stopping
    c->in.Consume(head.length);
    return Answer(c, ErrorPage(503));
  }
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
  LocalResponse local;
  const Target* target = nullptr;
  if (!action || action->type == Action::Type::kUnsupported) {
    local = ErrorPage(503);
  } else if (action->type == Action::Type::kFixedResponse) {
    local.status = action->status;
    local.content_type = action->content_type;
    local.body = action->body;
  } else if (action->type == Action::Type::kRedirect) {
    local.status = action->status;
    local.headers.emplace_back("Location",
                               RedirectLocation(*action, view, listener.protocol, port_));
  } else {
    const std::string* group_arn = PickGroup(*action, action->turn->fetch_add(1));
    auto group = group_arn ? table->groups.find(*group_arn) : table->groups.end();
    if (group == table->groups.end()) {
      local = ErrorPage(503);
    } else {
      const GroupTargets& targets = group->second;
      targets.counters->requests.fetch_add(1, std::memory_order_relaxed);
      // Healthy targets only; when none is, every registered one (ALB fails open).
      const std::vector<Target>& pool =
          targets.healthy.empty() ? targets.routable : targets.healthy;
      if (pool.empty())
        local = ErrorPage(503);
      else
        target = &pool[targets.counters->next.fetch_add(1) % pool.size()];
    }
  }
  if (!target) {
    c->in.Consume(head.length);
    return Answer(c, local);
  }
  c->target = *target;
  c->timeout = std::chrono::seconds(listener.idle_timeout);
  std::string key = ConnectionKey(c->target);
  std::string protocol = LowerCase(listener.protocol);
  ForwardedFor forwarded{c->remote_address, protocol, port_, key};
  std::string outgoing = TargetRequestHead(head, framing, forwarded);
  c->in.Consume(head.length);  // `head` points there: not used after this
  size_t taken = c->body.Take(c->in.View());
  if (c->body.Failed()) {
    c->keep = false;
    return Answer(c, ErrorPage(400));
  }
  outgoing.append(c->in.View().substr(0, taken));
  c->in.Consume(taken);
  // A request held whole can be sent again when a kept connection turns out closed by the
  // target while it was idle (the request never reached it).
  c->replay = c->body.Done() ? outgoing : std::string();
  c->state = Client::State::kForward;
  if (c->target.in_flight) {
    c->target.in_flight->fetch_add(1, std::memory_order_relaxed);
    c->in_flight = true;
  }

  Upstream* u = nullptr;
  auto idle = idle_.find(key);
  if (idle != idle_.end() && !idle->second.empty()) {
    u = idle->second.back();
    idle->second.pop_back();
    u->reused = true;
  } else {
    bool refused = false;
    u = Connect(c->target, refused);
    if (!u) return Fail(c, 502);
  }
  u->out = std::move(outgoing);
  u->out_sent = 0;
  Send(c, u);
}

void RelayLoop::Send(Client* c, Upstream* u) {
  u->client = c;
  c->upstream = u;
  u->deadline = now_ + (u->connecting ? kConnect : c->timeout);
  if (!u->connecting) FlushUpstream(u);
}

RelayLoop::Upstream* RelayLoop::Connect(const Target& target, bool& refused) {
  refused = false;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(target.port));
  if (inet_pton(AF_INET, target.host.c_str(), &address.sin_addr) != 1) return nullptr;
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) return nullptr;
  int rc = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  if (rc < 0 && errno != EINPROGRESS) {
    refused = true;
    close(fd);
    return nullptr;
  }
  SetNoDelay(fd);
  auto* u = new Upstream;
  u->fd = fd;
  u->key = ConnectionKey(target);
  u->connecting = rc < 0;
  upstreams_.insert(u);
  Watch(fd, u);
  return u;
}

void RelayLoop::OnUpstream(Upstream* u, uint32_t events) {
  if (!u->client) {
    // Idle in the pool: anything but room to write means the target closed it (or talks out
    // of turn): it is not kept.
    if (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) CloseUpstream(u);
    return;
  }
  if (u->connecting) {
    if (!(events & (EPOLLOUT | EPOLLERR | EPOLLHUP))) return;
    int error = 0;
    socklen_t size = sizeof error;
    if (getsockopt(u->fd, SOL_SOCKET, SO_ERROR, &error, &size) < 0 || error != 0)
      return UpstreamFailed(u, false);
    u->connecting = false;
    u->deadline = now_ + u->client->timeout;
  }
  if ((events & EPOLLOUT) && !FlushUpstream(u)) return;
  if (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) ReadUpstream(u);
}

bool RelayLoop::FlushUpstream(Upstream* u) {
  if (u->connecting) return true;
  bool blocked = false;
  if (!SendPending(u->fd, u->out, u->out_sent, blocked)) {
    UpstreamFailed(u, false);
    return false;
  }
  if (blocked) return true;
  u->out.clear();
  u->out_sent = 0;
  Client* c = u->client;
  if (c && c->read_blocked) {
    c->read_blocked = false;
    ReadClient(c);
    return !u->closed;
  }
  return true;
}

void RelayLoop::ReadUpstream(Upstream* u) {
  for (;;) {
    Client* c = u->client;
    if (!c) return;
    if (c->out.size() - c->out_sent > kBackpressure) {
      u->read_blocked = true;
      return;
    }
    size_t had = u->in.Size();
    IoResult got = ReceiveSome(u->fd, u->in, kRead);
    if (got == IoResult::kTimedOut) return;
    if (got != IoResult::kOk) {
      // The end of a body that runs to the close, else a failure.
      if (c->answer_started && c->relay.framing.type == Framing::kUntilClose) {
        if (c->relay.rechunk) c->out += "0\r\n\r\n";
        c->relay.target_keeps = false;
        return FinishExchange(c, u);
      }
      return UpstreamFailed(u, false);
    }
    bool drained = u->in.Size() - had < kRead;
    u->deadline = now_ + c->timeout;
    if (!RelayAnswer(u) || drained) return;
  }
}

bool RelayLoop::RelayAnswer(Upstream* u) {
  Client* c = u->client;
  while (!c->answer_started) {
    ResponseHead answer;
    HeadParse parsed = ParseResponseHead(u->in.View(), answer);
    if (parsed == HeadParse::kIncomplete) return true;
    // Interim answers (100 Continue: the client had its own) are not passed on; Upgrade is not
    // passed on either, so a switch of protocols is a failure.
    if (parsed == HeadParse::kComplete && answer.status < 200 && answer.status != 101) {
      u->in.Consume(answer.length);
      continue;
    }
    std::string head;
    if (parsed == HeadParse::kComplete && answer.status != 101)
      head = ClientAnswerHead(answer, c->method, c->keep, c->minor, c->relay);
    if (head.empty() || c->relay.framing.type == Framing::kInvalid) {
      UpstreamFailed(u, false);
      return false;
    }
    c->out += head;
    u->in.Consume(answer.length);
    c->answer_body = BodyCursor(c->relay.framing);
    c->answer_started = true;
    c->replay.clear();
  }
  size_t taken;
  if (c->relay.dechunk) {
    taken = c->answer_body.Take(u->in.View(), &c->out);
  } else {
    taken = c->answer_body.Take(u->in.View());
    if (c->relay.rechunk && taken > 0) {
      char size[24];
      std::snprintf(size, sizeof size, "%zx\r\n", taken);
      c->out += size;
      c->out.append(u->in.View().substr(0, taken));
      c->out += "\r\n";
    } else {
      c->out.append(u->in.View().substr(0, taken));
    }
  }
  u->in.Consume(taken);
  if (c->answer_body.Failed()) {
    CloseClient(c);  // the head is out: the client learns of the failure by the close
    return false;
  }
  if (c->answer_body.Done()) {
    FinishExchange(c, u);
    return false;
  }
  return FlushClient(c);
}

void RelayLoop::EndFlight(Client* c) {
  if (!c->in_flight) return;
  c->in_flight = false;
  c->target.in_flight->fetch_sub(1, std::memory_order_relaxed);
}

void RelayLoop::FinishExchange(Client* c, Upstream* u) {
  EndFlight(c);
  c->upstream = nullptr;
  u->client = nullptr;
  u->read_blocked = false;
  // Bytes after the answer: the target is out of step with its connection.
  bool kept = c->relay.target_keeps && u->in.Empty() && !u->closed;
  auto& idle = idle_[u->key];
  if (kept && idle.size() < kIdlePerTarget)
    idle.push_back(u);
  else
    CloseUpstream(u);
  // An answer before the whole request body (a 413...): the rest is not waited for.
  bool keep = c->relay.keep && c->body.Done();
  c->state = keep ? Client::State::kHead : Client::State::kClosing;
  c->close_after_flush = !keep;
  bool unread = c->read_blocked;
  c->read_blocked = false;
  c->deadline = now_ + c->idle_timeout;
  if (!FlushClient(c)) return;
  // A request sent behind this one (pipelined) is served now; what the socket still holds
  // would give no new edge.
  if (Advance(c) && unread) ReadClient(c);
}

void RelayLoop::UpstreamFailed(Upstream* u, bool timed_out) {
  Client* c = u->client;
  bool retry =
      c && u->reused && !c->answer_started && !c->replay.empty() && u->in.Empty() && !timed_out;
  if (c) c->upstream = nullptr;
  u->client = nullptr;
  CloseUpstream(u);
  if (!c) return;
  if (c->answer_started) return CloseClient(c);
  if (retry) {
    bool refused = false;
    Upstream* fresh = Connect(c->target, refused);
    if (!fresh) return Fail(c, 502);
    fresh->out = c->replay;
    return Send(c, fresh);
  }
  Fail(c, timed_out ? 504 : 502);
}

void RelayLoop::Fail(Client* c, int status) {
  EndFlight(c);
  Answer(c, ErrorPage(status));
  Advance(c);
}

void RelayLoop::CloseClient(Client* c) {
  if (c->closed) return;
  EndFlight(c);
  if (Upstream* u = c->upstream) {
    u->client = nullptr;
    CloseUpstream(u);
  }
  c->closed = true;
  close(c->fd);
  clients_.erase(c);
  closed_.push_back(c);
}

void RelayLoop::CloseUpstream(Upstream* u) {
  if (u->closed) return;
  if (!u->client) {
    auto idle = idle_.find(u->key);
    if (idle != idle_.end()) std::erase(idle->second, u);
  }
  u->closed = true;
  close(u->fd);
  upstreams_.erase(u);
  closed_.push_back(u);
}

void RelayLoop::Expire() {
  std::vector<Client*> due;
  for (Client* c : clients_) {
    Upstream* u = c->upstream;
    if (u ? now_ >= u->deadline : now_ >= c->deadline) due.push_back(c);
  }
  for (Client* c : due) {
    if (c->closed) continue;
    Upstream* u = c->upstream;
    if (u && !c->answer_started)
      UpstreamFailed(u, true);  // no answer within the idle timeout (or no connection in 10 s)
    else
      CloseClient(c);  // idle, or an answer that stopped halfway
  }
}

}  // namespace berth::controlplane::lb
