// A small client of the Docker Engine API (v1.41) over its unix socket, with cpp-httplib. Every
// call opens its own connection, so one client is safe to share between apply's threads.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace berth::docker {

inline constexpr const char* kApiVersion = "/v1.41";

struct EngineResponse {
  int status = 0;         // HTTP status; 0 when the engine could not be reached
  nlohmann::json body;    // parsed JSON body, null when empty or not JSON
  std::string transport;  // why the engine could not be reached, empty otherwise

  bool ok() const { return transport.empty() && status >= 200 && status < 300; }
  // One line for an error message: the engine's own `message`, or what went wrong reaching it.
  std::string Describe() const;
};

class EngineClient {
 public:
  // The socket named by DOCKER_HOST (unix://PATH), else /var/run/docker.sock. False with `error`
  // for another scheme: berth talks to a local engine over its socket only.
  static bool SocketFromEnvironment(std::string& socket_path, std::string& error);

  explicit EngineClient(std::string socket_path) : socket_path_(std::move(socket_path)) {}
  const std::string& socket_path() const { return socket_path_; }

  // `path` is below the API version: "/containers/json?all=1".
  EngineResponse Get(const std::string& path) const;
  EngineResponse Post(const std::string& path, const nlohmann::json& body = nullptr) const;
  EngineResponse Delete(const std::string& path) const;

 private:
  std::string socket_path_;
};

// Percent-encodes a query value (filters are JSON).
std::string UrlEncode(const std::string& text);

}  // namespace berth::docker
