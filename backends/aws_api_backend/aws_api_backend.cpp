#include "backends/aws_api_backend/aws_api_backend.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include "backends/aws/aws_backend.h"
#include "backends/aws/emission.h"
#include "backends/aws/emitters.h"
#include "backends/aws/live_backend.h"
#include "backends/aws_api_backend/capture_query.h"
#include "backends/aws_api_backend/live_reader.h"
#include "backends/aws_api_backend/paged_read.h"
#include "backends/aws_api_backend/service_waits.h"
#include "backends/aws_api_backend/tagged_finder.h"
#include "planner/state_refresh.h"

namespace berth::aws_api_backend {

namespace {

constexpr std::string_view kOpen = "{{berth:";
constexpr std::string_view kClose = "}}";

std::string BlockString(const Value& block, const char* key) {
  const Value* value = block.Get(key);
  return value && value->is(ValueKind::kString) ? value->str() : "";
}

ir::Resource ResourceOf(const planner::ResourceChange& change, const Value& attributes) {
  ir::Resource resource;
  resource.address = change.address;
  resource.kind = change.kind;
  resource.attributes = attributes;
  resource.depends_on = change.depends_on;
  return resource;
}

// Every placeholder name in the strings of `body`.
void PlaceholderNames(const aws::Json& body, std::set<std::string>& out) {
  if (body.is_string()) {
    const std::string& text = body.get_ref<const std::string&>();
    for (size_t at = text.find(kOpen); at != std::string::npos; at = text.find(kOpen, at + 1)) {
      size_t end = text.find(kClose, at);
      if (end == std::string::npos) break;
      out.insert(text.substr(at + kOpen.size(), end - at - kOpen.size()));
    }
  } else if (body.is_structured()) {
    for (const aws::Json& item : body) PlaceholderNames(item, out);
  }
}

}  // namespace

std::unique_ptr<AwsApiBackend> AwsApiBackend::Open(const Settings& settings, std::string& error) {
  aws_api::ConfigOverrides overrides;
  overrides.endpoint = BlockString(settings.stack.backend, "endpoint");
  overrides.region = BlockString(settings.stack.backend, "region");
  overrides.fallback_region = settings.stack.region;
  std::optional<aws_api::ClientConfig> config =
      aws_api::LoadClientConfig(overrides, settings.environment, error);
  if (!config) return nullptr;
  auto client = std::make_unique<aws_api::Client>(std::move(*config));
  const std::string& region = client->config().region;
  if (!settings.stack.region.empty() && settings.stack.region != region) {
    error = "the stack is for region " + settings.stack.region +
            ", but the AWS configuration "
            "names " +
            region + ": refusing to call AWS";
    return nullptr;
  }
  if (!settings.check_caller)
    return std::unique_ptr<AwsApiBackend>(new AwsApiBackend(settings, std::move(client)));
  aws_api::CallResult identity = client->Call("sts", "get-caller-identity", {});
  if (!identity.ok()) {
    error = "checking the caller (sts get-caller-identity): " + identity.error().ToString();
    return nullptr;
  }
  std::string account = identity.json().value("Account", "");
  if (!settings.stack.account.empty() && settings.stack.account != account) {
    error = "the stack is for account " + settings.stack.account +
            ", but the AWS credentials "
            "are for account " +
            account + ": refusing to call AWS";
    return nullptr;
  }
  return std::unique_ptr<AwsApiBackend>(new AwsApiBackend(settings, std::move(client)));
}

bool AwsApiBackend::FindLost(std::vector<ir::Resource>& resources, long& calls,
                             std::string& error) const {
  std::set<std::string> clusters;
  std::set<std::pair<std::string, std::string>> known;
  for (const ir::Resource& resource : resources) {
    const Value* name = resource.attributes.Get(resource.kind == "task" ? "family" : "name");
    if (!name || !name->is(ValueKind::kString)) continue;
    known.insert({resource.kind, name->str()});
    if (resource.kind == "cluster") clusters.insert(name->str());
  }
  if (!FindTagged(*client_, desired_->stack.tags, clusters, known, read_width_, resources, calls,
                  error)) {
    error = "looking for the stack's lost resources by its tags: " + error;
    return false;
  }
  return true;
}

bool AwsApiBackend::ReadLive(const state::State& state, std::vector<planner::LiveResource>& live,
                             std::string& error) {
  if (!desired_) return AwsStateBackend::ReadLive(state, live, error);
  std::vector<ir::Resource> resources = desired_->resources;
  std::set<std::string> desired_addresses;
  for (const ir::Resource& resource : resources) desired_addresses.insert(resource.address);
  for (ir::Resource& resource : resources) {
    // Scaling is read for services that declare it (live_reader.cpp) or, when the source
    // dropped it, that the state records with it: so the plan shows it going away.
    const state::Resource* recorded = state.Find(resource.address);
    if (resource.kind == "service" && !resource.attributes.Get("autoscaling") && recorded &&
        recorded->attributes.Get("autoscaling"))
      resource.attributes.Set("autoscaling", *recorded->attributes.Get("autoscaling"));
  }
  for (const state::Resource& recorded : state.resources) {
    if (desired_addresses.count(recorded.address)) continue;
    ir::Resource resource;
    resource.address = recorded.address;
    resource.kind = recorded.kind;
    resource.attributes = recorded.attributes;
    resources.push_back(std::move(resource));
  }
  long tagged_calls = 0;
  auto searched = std::chrono::steady_clock::now();
  if (!FindLost(resources, tagged_calls, error)) return false;
  std::chrono::duration<double> search = std::chrono::steady_clock::now() - searched;
  std::vector<aws::live::Document> documents;
  LiveReadStats stats;
  bool ok = ReadLiveSnapshot(*client_, resources, read_width_, documents, stats, error);
  if (ok) {
    aws::AwsLiveBackend decoder(std::move(documents), *desired_);
    ok = decoder.ReadLive(state, live, error);
  }
  if (!ok) return false;
  last_read_ = std::move(stats);
  last_read_.calls += tagged_calls;
  last_read_.seconds += search.count();
  if (tagged_calls > 0) {
    LiveReadStats::Operation& lost = last_read_.operations["lost-resource search (all calls)"];
    lost.calls = tagged_calls;
    lost.seconds = search.count();
  }
  // AWS returns secrets in plain text: one the stack no longer declares (a renamed environment
  // variable) is still masked in the plan where the state recorded it as sensitive.
  for (planner::LiveResource& resource : live) {
    if (const state::Resource* recorded = state.Find(resource.address))
      state::MarkSensitiveLike(resource.attributes, recorded->attributes);
  }
  // What only the state knows (resources the stack dropped) is deleted from the state's view.
  std::set<std::string> seen;
  for (const planner::LiveResource& resource : live) seen.insert(resource.address);
  for (planner::LiveResource& recorded : state.AsLive()) {
    if (!desired_addresses.count(recorded.address) && !seen.count(recorded.address))
      live.push_back(std::move(recorded));
  }
  return true;
}

void AwsApiBackend::Begin(const planner::Plan& plan, const state::State& state) {
  context_program_ = aws::ContextProgram(stack_, plan, state);
  ordering_ = aws::ApplyEdges(context_program_);
  for (auto& [address, firsts] : aws::PlaceholderEdges(plan, aws::EmitContext(context_program_))) {
    std::vector<std::string>& merged = ordering_[address];
    merged.insert(merged.end(), firsts.begin(), firsts.end());
    std::sort(merged.begin(), merged.end());
    merged.erase(std::unique(merged.begin(), merged.end()), merged.end());
  }
  actions_.clear();
  new_revisions_.clear();
  recorded_computed_.clear();
  for (const planner::ResourceChange& change : plan.changes) {
    actions_[change.address] = change.action;
    if (change.kind == "task" &&
        (change.action == planner::Action::kUpdate || aws::NewRevision(change)))
      new_revisions_.insert(change.address);
  }
  std::lock_guard<std::mutex> lock(mu_);
  captured_.clear();
  deferred_.clear();
  for (const state::Resource& resource : state.resources) {
    recorded_computed_[resource.address] = resource.computed;
    if (!resource.computed.is(ValueKind::kMap)) continue;
    for (const auto& [attribute, value] : resource.computed.map()) {
      if (value.is(ValueKind::kString)) captured_[resource.address + "." + attribute] = value.str();
    }
  }
}

std::vector<aws::AwsCall> AwsApiBackend::Rollouts(const planner::ResourceChange& change,
                                                  const std::vector<aws::AwsCall>& own) const {
  std::vector<aws::AwsCall> calls;
  aws::EmitContext context(context_program_);
  auto untouched = [&](const std::string& address) {
    auto action = actions_.find(address);
    return action == actions_.end() || action->second == planner::Action::kNoOp;
  };
  if (change.kind == "task" && new_revisions_.count(change.address)) {
    // Services the plan leaves alone move onto the new revision here; updated ones below.
    for (const ir::Resource* service : aws::ServicesRunning(context_program_, change.address)) {
      if (!untouched(service->address)) continue;
      for (aws::AwsCall& call : aws::RolloutService(*service, context)) calls.push_back(call);
    }
  }
  if (change.kind == "service" && change.action == planner::Action::kUpdate) {
    const Value* task = change.after.Get("task");
    bool moved = task && task->is(ValueKind::kRef) && new_revisions_.count(task->ref().address);
    bool has_update = false;
    for (const aws::AwsCall& call : own)
      has_update = has_update || (call.service == "ecs" && call.operation == "update-service");
    const ir::Resource* service = context_program_.Find(change.address);
    if (moved && !has_update && service) {
      for (aws::AwsCall& call : aws::RolloutService(*service, context)) calls.push_back(call);
    }
  }
  return calls;
}

bool AwsApiBackend::Fill(aws::Json& body, const std::map<std::string, std::string>& sensitive,
                         std::string& missing) {
  if (body.is_string()) {
    std::string text = body.get<std::string>();
    std::string out;
    size_t from = 0;
    for (size_t at = text.find(kOpen); at != std::string::npos; at = text.find(kOpen, from)) {
      size_t end = text.find(kClose, at);
      if (end == std::string::npos) break;
      std::string name = text.substr(at + kOpen.size(), end - at - kOpen.size());
      out += text.substr(from, at - from);
      auto secret = sensitive.find(name);
      auto value = captured_.find(name);
      if (secret != sensitive.end()) {
        out += secret->second;
      } else if (value != captured_.end()) {
        out += value->second;
      } else {
        missing = name;
        return false;
      }
      from = end + kClose.size();
    }
    out += text.substr(from);
    body = out;
    return true;
  }
  if (body.is_structured()) {
    for (aws::Json& item : body)
      if (!Fill(item, sensitive, missing)) return false;
  }
  return true;
}

bool AwsApiBackend::WaitAfter(const aws::AwsCall& call, std::string& error) const {
  if (!call.body.is_object()) return true;  // nothing to wait for after a call without input
  ServiceWait wait;
  wait.cluster = call.body.value("cluster", "default");
  wait.address = call.address;
  wait.progress = progress_;
  wait.timeout = wait_timeout_;
  // DeleteService only starts draining: ECS refuses to delete the cluster until the service is
  // INACTIVE (ClusterContainsServicesException).
  if (call.operation == "delete-service") {
    wait.service = call.body.value("service", "");
    return WaitServiceInactive(*client_, wait, error);
  }
  if (!wait_stable_) return true;
  if (call.operation == "create-service") {
    wait.service = call.body.value("serviceName", "");
  } else if (call.operation == "update-service") {
    wait.service = call.body.value("service", "");
  } else {
    return true;
  }
  return WaitServiceStable(*client_, wait, error);
}

bool AwsApiBackend::Run(std::vector<aws::AwsCall> calls,
                        const std::map<std::string, std::string>& sensitive, Value& computed,
                        std::string& error) {
  // Read calls for generated values that neither this action nor an earlier one captured.
  aws::Emission emission;
  emission.calls = std::move(calls);
  aws::AddReadCalls(aws::EmitContext(context_program_), emission);
  for (aws::AwsCall& call : emission.calls) {
    bool read_only = !call.captures.empty() && (call.operation.rfind("describe-", 0) == 0 ||
                                                call.operation.rfind("list-", 0) == 0);
    if (read_only) {
      std::lock_guard<std::mutex> lock(mu_);
      bool needed = false;
      for (const aws::Capture& capture : call.captures)
        needed = needed || !captured_.count(capture.name);
      if (!needed) continue;
    }
    std::string missing;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!Fill(call.body, sensitive, missing)) {
        error = call.service + " " + call.operation + " needs {{berth:" + missing +
                "}}, which no earlier call returned";
        return false;
      }
    }
    aws_api::CallResult result = CallPaged(*client_, call);
    if (!result.ok()) {
      error = result.error().ToString();
      return false;
    }
    if (call.service == "ecs" && !WaitAfter(call, error)) return false;
    for (const aws::Capture& capture : call.captures) {
      std::string why;
      std::optional<aws::Json> value = EvaluateQuery(capture.query, result.json(), why);
      if (!value) {
        error = call.service + " " + call.operation + " returned no " + capture.query +
                (why.empty() ? "" : " (" + why + ")");
        return false;
      }
      std::string text = AsText(*value);
      if (!capture.keep_from.empty()) {
        size_t at = text.find(capture.keep_from);
        if (at == std::string::npos) {
          error = call.service + " " + call.operation + ": " + capture.query + " = " + text +
                  " has no " + capture.keep_from;
          return false;
        }
        text = text.substr(at);
      }
      std::lock_guard<std::mutex> lock(mu_);
      captured_[capture.name] = text;
      std::string owner = call.address + ".";
      if (capture.name.rfind(owner, 0) == 0 &&
          capture.name.find('.', owner.size()) == std::string::npos)
        computed.Set(capture.name.substr(owner.size()), Value::String(text));
    }
  }
  return true;
}

backends::ActionResult AwsApiBackend::Apply(const planner::ResourceChange& change) {
  aws::ChangeCalls calls = aws::EmitChange(change, aws::EmitContext(context_program_));
  if (calls.no_emitter) {
    return {false, "berth cannot call AWS for kind " + change.kind + " yet (no emitter)",
            Value::Null()};
  }
  std::map<std::string, std::string> sensitive;
  for (const Value* attributes : {&change.before, &change.after}) {
    if (attributes->is_null()) continue;
    for (auto& [name, text] : aws::SensitiveValues(ResourceOf(change, *attributes)))
      sensitive[name] = text;
  }
  std::vector<aws::AwsCall> now = std::move(calls.now);
  for (aws::AwsCall& call : Rollouts(change, now)) now.push_back(std::move(call));
  // What earlier runs recorded stays, overwritten by what this one captures.
  Value computed = Value::Map({});
  if (change.action != planner::Action::kReplace) {
    auto recorded = recorded_computed_.find(change.address);
    if (recorded != recorded_computed_.end() && recorded->second.is(ValueKind::kMap))
      computed = recorded->second;
  }
  std::string error;
  if (!Run(std::move(now), sensitive, computed, error)) return {false, error, Value::Null()};
  if (!calls.after.empty()) {
    std::lock_guard<std::mutex> lock(mu_);
    deferred_.emplace_back(change.address, std::move(calls.after));
    deferred_sensitive_[change.address] = sensitive;
  }
  if (change.action == planner::Action::kDelete) return {true, "", Value::Null()};
  return {true, "", computed};
}

bool AwsApiBackend::Finish(const state::State& state, std::string& report) {
  std::vector<std::pair<std::string, std::vector<aws::AwsCall>>> deferred;
  {
    std::lock_guard<std::mutex> lock(mu_);
    deferred.swap(deferred_);
  }
  // The latest replaced first, as the aws backend orders them.
  std::vector<std::string> failures;
  for (auto it = deferred.rbegin(); it != deferred.rend(); ++it) {
    Value ignored = Value::Map({});
    std::string error;
    if (!Run(std::move(it->second), deferred_sensitive_[it->first], ignored, error))
      failures.push_back(it->first + ": removing the replaced resource: " + error);
  }
  for (size_t i = 0; i < failures.size(); ++i) report += (i ? "\n" : "") + failures[i];
  return failures.empty();
}

}  // namespace berth::aws_api_backend
