#include "backends/aws/pending_requests.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace berth::aws {

namespace fs = std::filesystem;

namespace {

constexpr const char* kActionsFile = "actions.jsonl";
constexpr std::string_view kPendingPrefix = ".pending-";

Value WithoutSensitive(const Value& value) {
  if (value.sensitive()) return Value::Null();
  if (value.is(ValueKind::kMap)) {
    Value copy = value;
    for (auto& [key, item] : copy.mutable_map()) item = WithoutSensitive(item);
    return copy;
  }
  if (value.is(ValueKind::kList)) {
    Value copy = value;
    for (Value& item : copy.mutable_list()) item = WithoutSensitive(item);
    return copy;
  }
  return value;
}

Json CallJson(const AwsCall& call) {
  Json captures = Json::array();
  for (const Capture& c : call.captures)
    captures.push_back({{"name", c.name}, {"query", c.query}, {"keep_from", c.keep_from}});
  return {{"service", call.service},
          {"operation", call.operation},
          {"address", call.address},
          {"body", call.body},
          {"captures", captures}};
}

AwsCall CallFrom(const Json& j) {
  AwsCall call{j.at("service").get<std::string>(), j.at("operation").get<std::string>(),
               j.at("address").get<std::string>(), j.at("body")};
  for (const Json& c : j.at("captures")) {
    call.captures.push_back({c.at("name").get<std::string>(), c.at("query").get<std::string>(),
                             c.at("keep_from").get<std::string>()});
  }
  return call;
}

Json CallsJson(const std::vector<AwsCall>& calls) {
  Json out = Json::array();
  for (const AwsCall& call : calls) out.push_back(CallJson(call));
  return out;
}

std::vector<AwsCall> CallsFrom(const Json& j) {
  std::vector<AwsCall> calls;
  for (const Json& call : j) calls.push_back(CallFrom(call));
  return calls;
}

std::optional<planner::Action> ActionNamed(const std::string& name) {
  for (planner::Action a :
       {planner::Action::kNoOp, planner::Action::kCreate, planner::Action::kUpdate,
        planner::Action::kReplace, planner::Action::kDelete}) {
    if (name == planner::ActionName(a)) return a;
  }
  return std::nullopt;
}

// Makes a new directory entry durable: fsync of the directory holding it.
void SyncDirectory(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

std::string StateDigest(const Value& attributes) {
  // FNV-1a over the exact state form: equal attributes, equal digests.
  std::string text = state::ValueToJson(WithoutSensitive(attributes));
  uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return fmt::format("{:016x}", hash);
}

bool Recorded(const PendingAction& action, const state::State& state) {
  const state::Resource* resource = state.Find(action.address);
  if (action.action == planner::Action::kDelete) return resource == nullptr;
  return resource != nullptr && StateDigest(resource->attributes) == action.state_digest;
}

bool PendingFile::Open(const std::string& dir, std::string& error) {
  std::error_code ec;
  fs::path path(dir);
  fs::remove_all(path, ec);  // a leftover of the same serial was recovered or is stale
  fs::create_directories(path, ec);
  if (ec) {
    error = "cannot create " + dir + ": " + ec.message();
    return false;
  }
  fd_ = ::open((path / kActionsFile).c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd_ < 0) {
    error = "cannot create " + (path / kActionsFile).string() + ": " + std::strerror(errno);
    return false;
  }
  dir_ = dir;
  SyncDirectory(path);
  SyncDirectory(path.parent_path());
  return true;
}

bool PendingFile::Append(const PendingAction& action, std::string& error) {
  Json line = {{"position", action.position},
               {"address", action.address},
               {"action", planner::ActionName(action.action)},
               {"state_digest", action.state_digest},
               {"kind", action.calls.kind},
               {"no_emitter", action.calls.no_emitter},
               {"now", CallsJson(action.calls.now)},
               {"after", CallsJson(action.calls.after)}};
  std::string text = line.dump() + "\n";
  const char* data = text.data();
  size_t left = text.size();
  while (left > 0) {
    ssize_t n = ::write(fd_, data, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      error = "cannot write " + dir_ + "/" + kActionsFile + ": " + std::strerror(errno);
      return false;
    }
    data += n;
    left -= static_cast<size_t>(n);
  }
  // fdatasync: the new length is flushed with the data (needed to read it back), the rest of
  // the metadata is not needed.
  if (::fdatasync(fd_) != 0) {
    error = "cannot fsync " + dir_ + "/" + kActionsFile + ": " + std::strerror(errno);
    return false;
  }
  return true;
}

void PendingFile::Remove() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  std::error_code ec;
  if (!dir_.empty()) fs::remove_all(dir_, ec);
  dir_.clear();
}

PendingFile::~PendingFile() {
  if (fd_ >= 0) ::close(fd_);  // the directory stays: the next apply recovers it
}

std::vector<std::string> PendingDirectories(const std::string& output_root) {
  std::vector<std::string> dirs;
  std::error_code ec;
  if (!fs::is_directory(output_root, ec)) return dirs;
  for (const fs::directory_entry& entry : fs::directory_iterator(output_root, ec)) {
    std::string name = entry.path().filename().string();
    if (name.starts_with(kPendingPrefix) && entry.is_directory(ec)) dirs.push_back(entry.path());
  }
  std::sort(dirs.begin(), dirs.end());
  return dirs;
}

bool ReadPending(const std::string& dir, std::vector<PendingAction>& actions, std::string& error) {
  std::ifstream in(fs::path(dir) / kActionsFile, std::ios::binary);
  if (!in) return true;  // created and killed before its file: nothing was applied
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) break;  // torn: its fsync never returned, never recorded
    std::string line = text.substr(start, end - start);
    start = end + 1;
    try {
      Json j = Json::parse(line);
      PendingAction action;
      action.position = j.at("position").get<size_t>();
      action.address = j.at("address").get<std::string>();
      std::optional<planner::Action> kind = ActionNamed(j.at("action").get<std::string>());
      if (!kind) throw std::runtime_error("unknown action");
      action.action = *kind;
      action.state_digest = j.at("state_digest").get<std::string>();
      action.calls.kind = j.at("kind").get<std::string>();
      action.calls.no_emitter = j.at("no_emitter").get<bool>();
      action.calls.now = CallsFrom(j.at("now"));
      action.calls.after = CallsFrom(j.at("after"));
      actions.push_back(std::move(action));
    } catch (const std::exception& e) {
      error = fs::path(dir).string() + "/" + kActionsFile + ": a line berth cannot read (" +
              e.what() + ")";
      return false;
    }
  }
  return true;
}

}  // namespace berth::aws
