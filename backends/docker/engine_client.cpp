#include "backends/docker/engine_client.h"

#include <httplib.h>
#include <sys/socket.h>

#include <cstdlib>

namespace berth::docker {

namespace {

// Stopping a container waits for its stop timeout (up to 120s in ECS terms) before answering.
constexpr int kReadTimeoutSeconds = 180;

httplib::Client Connect(const std::string& socket_path) {
  httplib::Client client(socket_path);
  client.set_address_family(AF_UNIX);
  // httplib would send the socket path as Host, which the engine rejects as malformed.
  client.set_default_headers({{"Host", "docker"}});
  client.set_connection_timeout(5);
  client.set_read_timeout(kReadTimeoutSeconds);
  client.set_write_timeout(30);
  return client;
}

EngineResponse Convert(const httplib::Result& result, const std::string& socket_path) {
  EngineResponse response;
  if (!result) {
    response.transport = "cannot reach the Docker engine at " + socket_path + " (" +
                         httplib::to_string(result.error()) +
                         "): is dockerd running? DOCKER_HOST=unix://PATH names its socket";
    return response;
  }
  response.status = result->status;
  if (!result->body.empty()) {
    response.body = nlohmann::json::parse(result->body, nullptr, /*allow_exceptions=*/false);
    if (response.body.is_discarded()) response.body = result->body;
  }
  return response;
}

}  // namespace

std::string EngineResponse::Describe() const {
  if (!transport.empty()) return transport;
  if (body.is_object() && body.contains("message") && body["message"].is_string()) {
    return body["message"].get<std::string>();
  }
  if (body.is_string()) return body.get<std::string>();
  return "the Docker engine answered HTTP " + std::to_string(status);
}

bool EngineClient::SocketFromEnvironment(std::string& socket_path, std::string& error) {
  const char* host = std::getenv("DOCKER_HOST");
  if (host == nullptr || *host == '\0') {
    socket_path = "/var/run/docker.sock";
    return true;
  }
  std::string value = host;
  const std::string scheme = "unix://";
  if (value.rfind(scheme, 0) != 0 || value.size() == scheme.size()) {
    error = "DOCKER_HOST=" + value +
            " is not a unix socket: the docker backend talks to a local engine over "
            "unix://PATH only";
    return false;
  }
  socket_path = value.substr(scheme.size());
  return true;
}

EngineResponse EngineClient::Get(const std::string& path) const {
  httplib::Client client = Connect(socket_path_);
  return Convert(client.Get((kApiVersion + path).c_str()), socket_path_);
}

EngineResponse EngineClient::Post(const std::string& path, const nlohmann::json& body) const {
  httplib::Client client = Connect(socket_path_);
  std::string text = body.is_null() ? "" : body.dump();
  return Convert(client.Post((kApiVersion + path).c_str(), text, "application/json"), socket_path_);
}

EngineResponse EngineClient::Delete(const std::string& path) const {
  httplib::Client client = Connect(socket_path_);
  return Convert(client.Delete((kApiVersion + path).c_str()), socket_path_);
}

std::string UrlEncode(const std::string& text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace berth::docker
