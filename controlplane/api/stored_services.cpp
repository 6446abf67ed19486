// What the stored-only services' handlers share: ARNs, ids, required members, tag lists.
#include <random>

#include "controlplane/api/api.h"

namespace berth::controlplane::api {

std::string ServiceArn(const Context& context, const std::string& service,
                       const std::string& resource) {
  std::string region = service == "iam" ? "" : context.origin.region;
  return "arn:aws:" + service + ":" + region + ":" + context.origin.account + ":" + resource;
}

std::string RandomHex(int count) {
  thread_local std::mt19937_64 rng(std::random_device{}());
  std::uniform_int_distribution<int> digit(0, 15);
  std::string out;
  for (int i = 0; i < count; ++i) out += "0123456789abcdef"[digit(rng)];
  return out;
}

std::string RequireString(const json& input, const char* member, const char* error_type) {
  auto found = input.find(member);
  if (found == input.end() || !found->is_string() || found->get<std::string>().empty()) {
    throw ApiError(error_type, std::string("1 validation error detected: Value at '") + member +
                                   "' failed to satisfy constraint: Member must not be null");
  }
  return found->get<std::string>();
}

json MergeTags(const json& tags, const json& add, const char* key, const char* value) {
  json out = tags.is_array() ? tags : json::array();
  for (const json& tag : add.is_array() ? add : json::array()) {
    bool replaced = false;
    for (json& existing : out) {
      if (existing.value(key, "") == tag.value(key, "")) {
        existing[value] = tag.value(value, "");
        replaced = true;
      }
    }
    if (!replaced) out.push_back(tag);
  }
  return out;
}

json RemoveTags(const json& tags, const json& keys, const char* key) {
  json out = json::array();
  for (const json& tag : tags.is_array() ? tags : json::array()) {
    bool removed = false;
    for (const json& k : keys.is_array() ? keys : json::array()) removed |= tag.value(key, "") == k;
    if (!removed) out.push_back(tag);
  }
  return out;
}

}  // namespace berth::controlplane::api
