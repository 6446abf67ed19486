#include "controlplane/lb/listener_proxy.h"

#include <strings.h>

#include "controlplane/lb/request_counts.h"

namespace berth::controlplane::lb {

namespace listener_proxy_impl {
namespace {

// Threads serving clients: httplib holds one per open keep-alive connection.
constexpr size_t kThreads = 64;

// Headers that describe one connection, not the message (RFC 9110 7.6.1), and httplib's own
// bookkeeping entries: never passed on.
bool HopByHop(const std::string& name) {
  static const char* const kNames[] = {"Connection",  "Keep-Alive",     "Proxy-Connection",
                                       "TE",          "Trailer",        "Transfer-Encoding",
                                       "Upgrade",     "Content-Length", "REMOTE_ADDR",
                                       "REMOTE_PORT", "LOCAL_ADDR",     "LOCAL_PORT"};
  for (const char* hop : kNames)
    if (strcasecmp(hop, name.c_str()) == 0) return true;
  return false;
}

const char* Reason(int status) {
  switch (status) {
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Temporarily Unavailable";  // ALB's wording
    case 504:
      return "Gateway Time-out";
  }
  return "Error";
}

// ALB's own error page (what a client of a real one sees).
void Fail(httplib::Response& response, int status) {
  std::string title = std::to_string(status) + " " + Reason(status);
  response.status = status;
  response.set_header("Server", "awselb/2.0");
  response.set_content("<html>\r\n<head><title>" + title +
                           "</title></head>\r\n<body>\r\n<center><h1>" + title +
                           "</h1></center>\r\n</body>\r\n</html>\r\n",
                       "text/html");
}

std::string HostWithoutPort(const std::string& host) {
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
    : arn_(std::move(listener_arn)), table_(std::move(table)), upstreams_(upstreams) {
  server_.set_tcp_nodelay(true);
  server_.new_task_queue = [] { return new httplib::ThreadPool(kThreads); };
  server_.set_keep_alive_max_count(100000);
  auto handle = [this](const httplib::Request& request, httplib::Response& response) {
    Handle(request, response);
  };
  // Requests without a body (GET, HEAD, OPTIONS...) are taken before httplib's routing, which
  // matches a std::regex per request; those with one go through it, where httplib reads bodies.
  server_.set_pre_routing_handler(
      [this](const httplib::Request& request, httplib::Response& response) {
        const std::string& method = request.method;
        if (method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE")
          return httplib::Server::HandlerResponse::Unhandled;
        Handle(request, response);
        return httplib::Server::HandlerResponse::Handled;
      });
  server_.Get(".*", handle);
  server_.Post(".*", handle);
  server_.Put(".*", handle);
  server_.Patch(".*", handle);
  server_.Delete(".*", handle);
  server_.Options(".*", handle);
}

ListenerProxy::~ListenerProxy() { Stop(); }

int ListenerProxy::Bind(int port) {
  if (port == 0) return server_.bind_to_any_port("127.0.0.1");
  return server_.bind_to_port("127.0.0.1", port) ? port : -1;
}

void ListenerProxy::Start() {
  thread_ = std::thread([this] { server_.listen_after_bind(); });
}

void ListenerProxy::Stop() {
  server_.stop();
  if (thread_.joinable()) thread_.join();
}

void ListenerProxy::Handle(const httplib::Request& request, httplib::Response& response) {
  std::shared_ptr<const Table> table = table_();
  auto found = table->listeners.find(arn_);
  if (found == table->listeners.end()) return Fail(response, 503);  // deleted, stopping
  const ListenerRoutes& listener = found->second;

  RequestView view;
  view.method = request.method;
  size_t question = request.target.find('?');
  view.path = request.target.substr(0, question);
  view.query = question == std::string::npos ? "" : request.target.substr(question + 1);
  view.host = HostWithoutPort(request.get_header_value("Host"));
  view.header = [&request](const std::string& name) { return request.get_header_value(name); };

  const Action* action = Match(listener, view);
  if (!action) return Fail(response, 503);
  switch (action->type) {
    case Action::Type::kFixedResponse:
      response.status = action->status;
      response.set_content(action->body, action->content_type);
      return;
    case Action::Type::kRedirect:
      response.status = action->status;
      response.set_header("Location",
                          RedirectLocation(*action, view, listener.protocol, request.local_port));
      return;
    case Action::Type::kUnsupported:
      return Fail(response, 503);
    case Action::Type::kForward:
      break;
  }

  const std::string* group_arn = PickGroup(*action, action->turn->fetch_add(1));
  if (!group_arn) return Fail(response, 503);
  auto group = table->groups.find(*group_arn);
  if (group == table->groups.end()) return Fail(response, 503);
  const GroupTargets& targets = group->second;
  targets.counters->requests.fetch_add(1, std::memory_order_relaxed);
  // Healthy targets only; when none is, every registered one (ALB fails open).
  const std::vector<Target>& pool = targets.healthy.empty() ? targets.routable : targets.healthy;
  if (pool.empty()) return Fail(response, 503);
  const Target& target = pool[targets.counters->next.fetch_add(1) % pool.size()];

  httplib::Request upstream;
  upstream.method = request.method;
  upstream.path = request.target;
  upstream.body = request.body;
  for (const auto& [name, value] : request.headers) {
    if (!HopByHop(name)) upstream.headers.emplace(name, value);
  }
  // X-Forwarded-* as ALB sets them (routing.http.xff_header_processing.mode "append").
  std::string forwarded_for = request.get_header_value("X-Forwarded-For");
  upstream.headers.erase("X-Forwarded-For");
  upstream.headers.erase("X-Forwarded-Proto");
  upstream.headers.erase("X-Forwarded-Port");
  upstream.headers.emplace("X-Forwarded-For", forwarded_for.empty()
                                                  ? request.remote_addr
                                                  : forwarded_for + ", " + request.remote_addr);
  upstream.headers.emplace("X-Forwarded-Proto", LowerCase(listener.protocol));
  upstream.headers.emplace("X-Forwarded-Port", std::to_string(request.local_port));

  UpstreamResult result =
      upstreams_.Send(target, upstream, std::chrono::seconds(listener.idle_timeout));
  if (!result.ok) return Fail(response, result.timed_out ? 504 : 502);
  response.status = result.response.status;
  for (const auto& [name, value] : result.response.headers) {
    if (!HopByHop(name)) response.headers.emplace(name, value);
  }
  response.body = std::move(result.response.body);
}

}  // namespace berth::controlplane::lb
