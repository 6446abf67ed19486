#include "controlplane/logs/docker_logs.h"

#include <httplib.h>
#include <sys/socket.h>

#include <cctype>
#include <cstdio>
#include <ctime>

#include "backends/docker/engine_client.h"

namespace berth::controlplane::logs {

namespace {

void AddLine(std::vector<Line>& lines, std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  size_t space = text.find(' ');
  Line line;
  line.ns = ParseTimestamp(text.substr(0, space));
  if (line.ns < 0) return;
  line.text = space == std::string::npos ? "" : text.substr(space + 1);
  lines.push_back(std::move(line));
}

}  // namespace

int64_t ParseTimestamp(const std::string& text) {
  int year, month, day, hour, minute, second;
  int used = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &year, &month, &day, &hour, &minute,
                  &second, &used) != 6) {
    return -1;
  }
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  int64_t ns = static_cast<int64_t>(timegm(&tm)) * 1000000000LL;
  size_t at = static_cast<size_t>(used);
  if (at < text.size() && text[at] == '.') {
    int64_t scale = 100000000;
    for (++at; at < text.size() && std::isdigit(static_cast<unsigned char>(text[at])); ++at) {
      ns += (text[at] - '0') * scale;
      scale /= 10;
    }
  }
  // Docker writes UTC ("Z"); anything else is not a line of its own making.
  if (at >= text.size() || text[at] != 'Z') return -1;
  return ns;
}

std::vector<Line> ParseDockerLogs(const std::string& body) {
  std::vector<Line> lines;
  bool multiplexed = body.size() >= 8 && (body[0] == 0 || body[0] == 1 || body[0] == 2) &&
                     body[1] == 0 && body[2] == 0 && body[3] == 0;
  if (multiplexed) {
    size_t at = 0;
    while (at + 8 <= body.size()) {
      size_t size = (static_cast<size_t>(static_cast<unsigned char>(body[at + 4])) << 24) |
                    (static_cast<size_t>(static_cast<unsigned char>(body[at + 5])) << 16) |
                    (static_cast<size_t>(static_cast<unsigned char>(body[at + 6])) << 8) |
                    static_cast<size_t>(static_cast<unsigned char>(body[at + 7]));
      at += 8;
      if (at + size > body.size()) break;  // a frame cut short: the next read has it whole
      AddLine(lines, body.substr(at, size));
      at += size;
    }
    return lines;
  }
  size_t start = 0;
  while (start < body.size()) {
    size_t end = body.find('\n', start);
    if (end == std::string::npos) end = body.size();
    AddLine(lines, body.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

bool FetchDockerLogs(const std::string& socket, const std::string& container_id, int64_t since_ns,
                     std::string& body, std::string& error) {
  httplib::Client client(socket);
  client.set_address_family(AF_UNIX);
  client.set_default_headers({{"Host", "docker"}});
  client.set_connection_timeout(5);
  client.set_read_timeout(30);
  char since[48];
  std::snprintf(since, sizeof since, "%lld.%09lld", static_cast<long long>(since_ns / 1000000000LL),
                static_cast<long long>(since_ns % 1000000000LL));
  std::string path = std::string(docker::kApiVersion) + "/containers/" + container_id +
                     "/logs?stdout=1&stderr=1&timestamps=1&since=" + since;
  auto result = client.Get(path);
  if (!result) {
    error = "cannot reach the engine at " + socket + ": " + httplib::to_string(result.error());
    return false;
  }
  if (result->status != 200) {
    error =
        "engine answered " + std::to_string(result->status) + " for the logs of " + container_id;
    return false;
  }
  body = std::move(result->body);
  return true;
}

}  // namespace berth::controlplane::logs
