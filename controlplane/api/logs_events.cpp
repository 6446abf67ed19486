// CloudWatch Logs' streams and events (awsJson1_1): CreateLogStream, DeleteLogStream,
// DescribeLogStreams, PutLogEvents, GetLogEvents, FilterLogEvents, over the rows of
// controlplane/logs/events.h. The collector (controlplane/logs/collector.h) writes what awslogs
// containers print; these read it as the Logs API answers (paging tokens: logs/tokens.h).
#include "controlplane/api/logs_events.h"

#include <algorithm>

#include "controlplane/logs/events.h"
#include "controlplane/logs/filter_pattern.h"
#include "controlplane/logs/groups.h"
#include "controlplane/logs/tokens.h"

namespace berth::controlplane::api {

namespace logs_events_impl {
namespace {

constexpr int64_t kDayMs = 86400000;

[[noreturn]] void Invalid(const std::string& message) {
  throw ApiError("InvalidParameterException", message);
}

// The group named by logGroupName or logGroupIdentifier (a name or an ARN).
json RequireGroup(Context& context, const json& input, bool required = true) {
  std::string name = input.value("logGroupName", "");
  std::string identifier = input.value("logGroupIdentifier", "");
  if (!name.empty() && !identifier.empty()) {
    Invalid("LogGroup name and LogGroup ARN are mutually exclusive parameters.");
  }
  if (name.empty()) {
    name = identifier;
    size_t at = name.find(":log-group:");
    if (at != std::string::npos) name = name.substr(at + 11);
    if (name.size() > 2 && name.ends_with(":*")) name.resize(name.size() - 2);
  }
  if (name.empty()) {
    Invalid("Should provide either a logGroupName or logGroupIdentifier, but not both.");
  }
  auto group = context.tx.Get(store::kLogGroup, name);
  if (!group) {
    throw ApiError("ResourceNotFoundException", "The specified log group does not exist.");
  }
  logs::EnsureSchema(context.tx);
  return *group;
}

int64_t NowMs() { return static_cast<int64_t>(model::Now() * 1000); }

// Events older than the group's retention are gone even before the collector's sweep.
int64_t OldestKept(const json& group) {
  if (!group.contains("retentionInDays")) return INT64_MIN;
  return NowMs() - group["retentionInDays"].get<int64_t>() * kDayMs;
}

int Limit(const json& input, int most, int fallback) {
  int limit = input.value("limit", fallback);
  if (limit < 1 || limit > most) {
    Invalid("1 validation error detected: Value '" + std::to_string(limit) +
            "' at 'limit' failed to satisfy constraint: Member must have value less than or "
            "equal to " +
            std::to_string(most));
  }
  return limit;
}

std::string StreamArn(const Context& context, const std::string& group, const std::string& stream) {
  return logs::GroupArn(context.origin, group) + ":log-stream:" + stream;
}

json CreateLogStream(Context& context, const json& input) {
  json group = RequireGroup(context, input);
  std::string stream = RequireString(input, "logStreamName", "InvalidParameterException");
  if (stream.find(':') != std::string::npos || stream.find('*') != std::string::npos) {
    Invalid("1 validation error detected: Value '" + stream +
            "' at 'logStreamName' failed to satisfy constraint: Member must satisfy regular "
            "expression pattern: [^:*]*");
  }
  if (!logs::CreateStream(context.tx, group["logGroupName"], stream, NowMs())) {
    throw ApiError("ResourceAlreadyExistsException", "The specified log stream already exists");
  }
  return json::object();
}

json DeleteLogStream(Context& context, const json& input) {
  json group = RequireGroup(context, input);
  std::string stream = RequireString(input, "logStreamName", "InvalidParameterException");
  if (!logs::FindStream(context.tx, group["logGroupName"], stream)) {
    throw ApiError("ResourceNotFoundException", "The specified log stream does not exist.");
  }
  logs::DeleteStream(context.tx, group["logGroupName"], stream);
  return json::object();
}

json DescribeLogStreams(Context& context, const json& input) {
  json group = RequireGroup(context, input);
  std::string prefix = input.value("logStreamNamePrefix", "");
  std::string order = input.value("orderBy", "LogStreamName");
  if (order != "LogStreamName" && order != "LastEventTime") {
    Invalid("1 validation error detected: Value '" + order +
            "' at 'orderBy' failed to satisfy constraint: Member must satisfy enum value set: "
            "[LogStreamName, LastEventTime]");
  }
  if (order == "LastEventTime" && !prefix.empty()) {
    Invalid("Cannot order by LastEventTime with a logStreamNamePrefix.");
  }
  int limit = Limit(input, 50, 50);
  std::vector<logs::Stream> streams = logs::Streams(context.tx, group["logGroupName"], prefix);
  if (order == "LastEventTime") {
    std::stable_sort(streams.begin(), streams.end(), [](const auto& a, const auto& b) {
      return a.last_event.value_or(0) < b.last_event.value_or(0);
    });
  }
  if (input.value("descending", false)) std::reverse(streams.begin(), streams.end());
  // The token is the offset of the next page in this order.
  size_t offset = 0;
  std::string token = input.value("nextToken", "");
  if (!token.empty()) {
    if (token.rfind("n/", 0) != 0 || token.size() < 3 ||
        token.find_first_not_of("0123456789", 2) != std::string::npos) {
      Invalid("The specified nextToken is invalid.");
    }
    offset = std::stoull(token.substr(2));
  }
  json out = json::array();
  for (size_t i = offset; i < streams.size() && out.size() < static_cast<size_t>(limit); ++i) {
    const logs::Stream& s = streams[i];
    json stream = {{"logStreamName", s.name},
                   {"creationTime", s.created},
                   {"arn", StreamArn(context, group["logGroupName"], s.name)},
                   {"storedBytes", s.stored_bytes}};
    if (s.first_event) stream["firstEventTimestamp"] = *s.first_event;
    if (s.last_event) stream["lastEventTimestamp"] = *s.last_event;
    if (s.last_ingestion) stream["lastIngestionTime"] = *s.last_ingestion;
    out.push_back(stream);
  }
  json result = {{"logStreams", out}};
  if (offset + out.size() < streams.size()) {
    result["nextToken"] = "n/" + std::to_string(offset + out.size());
  }
  return result;
}

json PutLogEvents(Context& context, const json& input) {
  json group = RequireGroup(context, input);
  std::string stream = RequireString(input, "logStreamName", "InvalidParameterException");
  if (!logs::FindStream(context.tx, group["logGroupName"], stream)) {
    throw ApiError("ResourceNotFoundException", "The specified log stream does not exist.");
  }
  json given = input.value("logEvents", json::array());
  if (!given.is_array() || given.empty()) {
    Invalid(
        "1 validation error detected: Value at 'logEvents' failed to satisfy constraint: "
        "Member must have length greater than or equal to 1");
  }
  int64_t now = NowMs();
  // AWS refuses events older than 14 days or than the retention, and newer than 2 hours ahead.
  int64_t oldest = std::max(now - 14 * kDayMs, OldestKept(group));
  int64_t newest = now + 2 * 3600 * 1000;
  std::vector<logs::Event> events;
  json rejected = json::object();
  int64_t previous = INT64_MIN;
  for (size_t i = 0; i < given.size(); ++i) {
    const json& e = given[i];
    if (!e.is_object() || !e.contains("timestamp") || !e.contains("message")) {
      Invalid("1 validation error detected: Value at 'logEvents." + std::to_string(i + 1) +
              "' failed to satisfy constraint: timestamp and message are required");
    }
    int64_t timestamp = e["timestamp"].get<int64_t>();
    if (timestamp < previous) {
      Invalid("Log events in a single PutLogEvents request must be in chronological order.");
    }
    previous = timestamp;
    if (timestamp < oldest) {
      rejected["tooOldLogEventEndIndex"] = static_cast<int>(i);
      continue;
    }
    if (timestamp > newest) {
      if (!rejected.contains("tooNewLogEventStartIndex")) {
        rejected["tooNewLogEventStartIndex"] = static_cast<int>(i);
      }
      continue;
    }
    logs::Event event;
    event.timestamp = timestamp;
    event.message = e["message"].get<std::string>();
    events.push_back(std::move(event));
  }
  logs::Append(context.tx, group["logGroupName"], stream, events, now);
  json out = {{"nextSequenceToken", std::string(56, '0')}};
  if (!rejected.empty()) out["rejectedLogEventsInfo"] = rejected;
  return out;
}

json EventJson(const logs::Event& e) {
  return {{"timestamp", e.timestamp}, {"message", e.message}, {"ingestionTime", e.ingestion}};
}

// The time window of a read: [startTime, endTime), without what retention dropped.
void Window(const json& input, const json& group, logs::Range& range) {
  if (input.contains("startTime")) range.from_ms = input["startTime"].get<int64_t>();
  if (input.contains("endTime")) range.to_ms = input["endTime"].get<int64_t>();
  range.from_ms = std::max(range.from_ms, OldestKept(group));
}

json GetLogEvents(Context& context, const json& input) {
  json group = RequireGroup(context, input);
  std::string stream = RequireString(input, "logStreamName", "InvalidParameterException");
  if (!logs::FindStream(context.tx, group["logGroupName"], stream)) {
    throw ApiError("ResourceNotFoundException", "The specified log stream does not exist.");
  }
  size_t limit = static_cast<size_t>(Limit(input, 10000, 10000));
  logs::Range range;
  range.streams = {stream};
  Window(input, group, range);
  std::optional<logs::Token> token;
  if (input.contains("nextToken")) {
    token = logs::DecodeToken(input.value("nextToken", ""));
    if (!token) Invalid("The specified nextToken is invalid.");
  }
  // Forward from the head, or from after a forward token; otherwise the newest `limit` before
  // the end or before a backward token, read backwards and turned round.
  bool forward = token ? token->direction == 'f' : input.value("startFromHead", false);
  if (token && forward) range.after = token->position;
  if (token && !forward) range.before = token->position;
  range.descending = !forward;
  std::vector<logs::Event> events;
  logs::Scan(context.tx, group["logGroupName"], range, [&](const logs::Event& e) {
    events.push_back(e);
    return events.size() < limit;
  });
  if (!forward) std::reverse(events.begin(), events.end());
  json out = json::array();
  for (const logs::Event& e : events) out.push_back(EventJson(e));
  if (events.empty()) {
    // Nothing further that way: the token sent comes back, which tells the reader it is done.
    logs::Position at = token ? token->position : logs::Position{};
    return {{"events", out},
            {"nextForwardToken", logs::EncodeToken('f', at)},
            {"nextBackwardToken", logs::EncodeToken('b', at)}};
  }
  logs::Position first{events.front().timestamp, events.front().seq};
  logs::Position last{events.back().timestamp, events.back().seq};
  return {{"events", out},
          {"nextForwardToken", logs::EncodeToken('f', last)},
          {"nextBackwardToken", logs::EncodeToken('b', first)}};
}

json FilterLogEvents(Context& context, const json& input) {
  json group = RequireGroup(context, input);
  logs::Range range;
  if (input.contains("logStreamNames") && input.contains("logStreamNamePrefix")) {
    Invalid("logStreamNames and logStreamNamePrefix are mutually exclusive.");
  }
  for (const json& name : input.value("logStreamNames", json::array())) {
    range.streams.push_back(name.get<std::string>());
  }
  range.stream_prefix = input.value("logStreamNamePrefix", "");
  Window(input, group, range);
  std::string error;
  auto pattern = logs::FilterPattern::Parse(input.value("filterPattern", ""), error);
  if (!pattern) Invalid(error);
  size_t limit = static_cast<size_t>(Limit(input, 10000, 10000));
  if (input.contains("nextToken")) {
    auto token = logs::DecodeToken(input.value("nextToken", ""));
    if (!token || token->direction != 'f') Invalid("The specified nextToken is invalid.");
    range.after = token->position;
  }
  std::vector<logs::Event> events;
  bool more = false;
  logs::Scan(context.tx, group["logGroupName"], range, [&](const logs::Event& e) {
    if (!pattern->Matches(e.message)) return true;
    if (events.size() == limit) {
      more = true;
      return false;
    }
    events.push_back(e);
    return true;
  });
  json out = json::array();
  for (const logs::Event& e : events) {
    json event = EventJson(e);
    event["logStreamName"] = e.stream;
    char id[64];
    std::snprintf(id, sizeof id, "%056lld", static_cast<long long>(e.seq));
    event["eventId"] = id;
    out.push_back(event);
  }
  // searchedLogStreams is deprecated in the model; every stream in range is searched whole.
  json searched = json::array();
  std::vector<logs::Stream> streams =
      logs::Streams(context.tx, group["logGroupName"], range.stream_prefix);
  for (const logs::Stream& s : streams) {
    if (!range.streams.empty() &&
        std::find(range.streams.begin(), range.streams.end(), s.name) == range.streams.end()) {
      continue;
    }
    searched.push_back({{"logStreamName", s.name}, {"searchedCompletely", true}});
  }
  json result = {{"events", out}, {"searchedLogStreams", searched}};
  if (more) {
    result["nextToken"] = logs::EncodeToken('f', {events.back().timestamp, events.back().seq});
  }
  return result;
}

}  // namespace
}  // namespace logs_events_impl

void AddLogEventOperations(OperationTable& table) {
  namespace impl = logs_events_impl;
  table.emplace("CreateLogStream", &impl::CreateLogStream);
  table.emplace("DeleteLogStream", &impl::DeleteLogStream);
  table.emplace("DescribeLogStreams", &impl::DescribeLogStreams);
  table.emplace("PutLogEvents", &impl::PutLogEvents);
  table.emplace("GetLogEvents", &impl::GetLogEvents);
  table.emplace("FilterLogEvents", &impl::FilterLogEvents);
}

}  // namespace berth::controlplane::api
