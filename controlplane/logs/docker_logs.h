// What a container printed, read from its Docker engine's logs endpoint
// (GET /containers/{id}/logs?stdout=1&stderr=1&timestamps=1&since=...): each line with the
// engine's own timestamp (nanoseconds), which is what the collector keeps its place by.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace berth::controlplane::logs {

struct Line {
  int64_t ns = 0;  // Docker's timestamp of the line, ns since the epoch
  std::string text;
};

// The lines of a logs answer: the 8-byte-header multiplexed stream of a container without a
// TTY (docs.docker.com, ContainerAttach "Stream format"), or the raw one of a container with
// one. Each line starts with its RFC 3339 timestamp (timestamps=1); the line's end is dropped.
std::vector<Line> ParseDockerLogs(const std::string& body);

// "2026-12-07T04:30:00.123456789Z" -> ns since the epoch; -1 when it is not one.
int64_t ParseTimestamp(const std::string& text);

// The container's output at or after `since_ns` (0: all of it). False with `error` when the
// engine does not answer or knows no such container.
bool FetchDockerLogs(const std::string& socket, const std::string& container_id, int64_t since_ns,
                     std::string& body, std::string& error);

}  // namespace berth::controlplane::logs
