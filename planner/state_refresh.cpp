#include "planner/state_refresh.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <ostream>

#include "compiler/schema/schema.h"
#include "planner/change_lines.h"
#include "planner/state_digest.h"
#include "planner/value_diff.h"

namespace berth::state {

namespace {

const Value* NamedItem(const Value& list, const std::string& name) {
  for (const Value& item : list.list()) {
    const Value* label = item.Get("name");
    if (label && label->is(ValueKind::kString) && label->str() == name) return &item;
  }
  return nullptr;
}

void SortUnique(std::vector<std::string>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

}  // namespace

void MarkSensitiveLike(Value& live, const Value& like) {
  if (live.is_null() || like.is_null()) return;
  if (like.sensitive()) {
    live.MarkSensitive();
    return;
  }
  if (!like.ContainsSensitive()) return;
  if (live.is(ValueKind::kMap) && like.is(ValueKind::kMap)) {
    for (auto& [key, value] : live.mutable_map()) {
      if (const Value* other = like.Get(key)) MarkSensitiveLike(value, *other);
    }
  } else if (live.is(ValueKind::kList) && like.is(ValueKind::kList)) {
    ValueList& items = live.mutable_list();
    for (size_t i = 0; i < items.size(); ++i) {
      const Value* label = items[i].Get("name");
      const Value* other = label && label->is(ValueKind::kString) ? NamedItem(like, label->str())
                           : i < like.list().size()               ? &like.list()[i]
                                                                  : nullptr;
      if (other) MarkSensitiveLike(items[i], *other);
    }
  }
}

RefreshResult Refresh(State& state, std::vector<planner::LiveResource> live,
                      const ir::Program& desired) {
  std::map<std::string, planner::LiveResource*> live_by_address;
  for (planner::LiveResource& resource : live) live_by_address[resource.address] = &resource;
  RefreshResult result;
  std::vector<std::string> gone;
  for (Resource& recorded : state.resources) {
    planner::ResourceChange change;
    change.address = recorded.address;
    change.kind = recorded.kind;
    change.depends_on = recorded.depends_on;
    planner::SchemaCursor root{schema::FindResource(recorded.kind), nullptr};
    auto found = live_by_address.find(recorded.address);
    if (found == live_by_address.end() || found->second->kind != recorded.kind) {
      change.action = planner::Action::kDelete;
      change.before = recorded.attributes;
      planner::MarkSchemaSensitive(change.before, root);
      planner::CollectSensitivePaths("", change.before, change.sensitive_paths);
      result.drift.changes.push_back(std::move(change));
      gone.push_back(recorded.address);
      continue;
    }
    Value now = std::move(found->second->attributes);
    // Sensitive wherever the state, the stack or the schema says so: a live read returns
    // secrets in plain text, and only a value marked sensitive is hashed when saved.
    planner::MarkSchemaSensitive(now, root);
    MarkSensitiveLike(now, recorded.attributes);
    if (const ir::Resource* wanted = desired.Find(recorded.address))
      MarkSensitiveLike(now, wanted->attributes);
    // The state holds hashes: those of values still live compare as the plaintext they hash.
    Value before = recorded.attributes;
    RevealDigests(before, now, state.digest_key);
    planner::MarkSchemaSensitive(before, root);
    planner::DiffValues("", before, now, root, {}, change.changes);
    if (change.changes.empty()) {
      ++result.unchanged;
      continue;
    }
    change.action = planner::Action::kUpdate;
    change.before = std::move(before);
    change.after = now;
    planner::CollectSensitivePaths("", change.before, change.sensitive_paths);
    planner::CollectSensitivePaths("", change.after, change.sensitive_paths);
    SortUnique(change.sensitive_paths);
    recorded.attributes = std::move(now);
    result.drift.changes.push_back(std::move(change));
  }
  for (const std::string& address : gone) state.Remove(address);
  return result;
}

void RenderDrift(const planner::Plan& drift, bool color, std::ostream& out) {
  auto paint = [color](const char* code, const std::string& text) {
    return color ? fmt::format("\033[{}m{}\033[0m", code, text) : text;
  };
  if (drift.changes.empty()) {
    out << "No changes. The live resources match the state.\n";
    return;
  }
  out << "Objects changed outside of berth:\n";
  for (const planner::ResourceChange& c : drift.changes) {
    bool deleted = c.action == planner::Action::kDelete;
    out << "\n  "
        << paint("1",
                 fmt::format("# {} {}", c.address, deleted ? "has been deleted" : "has changed"))
        << "\n";
    out << fmt::format("  {} {} {{\n", paint(deleted ? "31" : "33", deleted ? "-" : "~"),
                       c.address);
    if (!deleted) {
      for (const planner::ChangeLine& line : planner::DescribeChange(c, 8)) {
        const char* code = line.symbol == '+' ? "32" : line.symbol == '-' ? "31" : "33";
        out << fmt::format("      {} {}\n", paint(code, std::string(1, line.symbol)), line.text);
      }
    }
    out << "    }\n";
  }
}

}  // namespace berth::state
