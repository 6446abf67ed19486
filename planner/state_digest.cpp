#include "planner/state_digest.h"

#include <fmt/format.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unordered_map>

#include "compiler/base/atomic_file.h"
#include "compiler/schema/schema.h"
#include "planner/state.h"
#include "planner/value_diff.h"

namespace berth::state {

namespace {

constexpr std::string_view kPrefix = "hmac-sha256:";
// Domain separation: the key hashes nothing else, but a version lets the input's form change.
constexpr std::string_view kContext = "berth sensitive value v1\n";

std::string Hex(const unsigned char* bytes, size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(size * 2);
  for (size_t i = 0; i < size; ++i) {
    hex.push_back(kDigits[bytes[i] >> 4]);
    hex.push_back(kDigits[bytes[i] & 0xf]);
  }
  return hex;
}

// The value with every sensitivity mark removed: two values equal in content hash alike however
// they came to be marked (a variable's mark, the schema's, an inherited one).
Value Unmarked(const Value& value) {
  Value out = value;
  out.MarkSensitive(false);
  if (out.is(ValueKind::kMap)) {
    for (auto& [key, item] : out.mutable_map()) item = Unmarked(item);
  } else if (out.is(ValueKind::kList)) {
    for (Value& item : out.mutable_list()) item = Unmarked(item);
  } else if (out.is(ValueKind::kTemplate)) {
    ValueList parts;
    for (const Value& part : value.parts()) parts.push_back(Unmarked(part));
    out = Value::Template(std::move(parts));
    out.MarkSensitive(false);
  }
  return out;
}

// Calls `f` on each outermost sensitive value inside `value`.
template <typename F>
void ForEachSensitive(const Value& value, F&& f) {
  if (value.sensitive()) {
    f(value);
  } else if (value.is(ValueKind::kMap)) {
    for (const auto& [key, item] : value.map()) ForEachSensitive(item, f);
  } else if (value.is(ValueKind::kList)) {
    for (const Value& item : value.list()) ForEachSensitive(item, f);
  }
}

void Replace(Value& live, const std::unordered_map<std::string, const Value*>& plaintext) {
  if (IsDigest(live)) {
    auto it = plaintext.find(live.str());
    if (it != plaintext.end()) {
      live = *it->second;
      live.MarkSensitive();
    }
  } else if (live.is(ValueKind::kMap)) {
    for (auto& [key, item] : live.mutable_map()) Replace(item, plaintext);
  } else if (live.is(ValueKind::kList)) {
    for (Value& item : live.mutable_list()) Replace(item, plaintext);
  }
}

bool ReadKeyFile(const std::string& path, std::string& key, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (errno == ENOENT) return true;
    error = fmt::format("cannot read the state key {}: {}", path, std::strerror(errno));
    return false;
  }
  std::ostringstream text;
  text << in.rdbuf();
  key = text.str();
  while (!key.empty() && (key.back() == '\n' || key.back() == '\r')) key.pop_back();
  if (key.empty()) {
    error = fmt::format("the state key {} is empty", path);
    return false;
  }
  return true;
}

}  // namespace

std::string KeyPath(const std::string& state_path) { return state_path + ".key"; }

bool LoadDigestKey(const std::string& state_path, std::string& key, std::string& error) {
  key.clear();
  if (const char* given = std::getenv(kStateKeyVariable); given && *given) {
    key = given;
    return true;
  }
  return ReadKeyFile(KeyPath(state_path), key, error);
}

bool EnsureDigestKey(const std::string& state_path, std::string& key, std::string& error) {
  if (!LoadDigestKey(state_path, key, error)) return false;
  if (!key.empty()) return true;
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) {
    error = "cannot make a key for the state's sensitive values: no random bytes from OpenSSL";
    return false;
  }
  std::string fresh = Hex(bytes, sizeof bytes);
  std::filesystem::path parent = std::filesystem::path(state_path).parent_path();
  std::error_code ec;
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  if (!WriteFileAtomically(KeyPath(state_path), fresh + "\n", error, FileAccess::kPrivate)) {
    error = "cannot write the key for the state's sensitive values: " + error;
    return false;
  }
  key = std::move(fresh);
  return true;
}

bool ContainsDigest(const Value& value) {
  if (!value.ContainsSensitive()) return false;
  if (IsDigest(value)) return true;
  if (value.is(ValueKind::kMap)) {
    for (const auto& [key, item] : value.map())
      if (ContainsDigest(item)) return true;
  } else if (value.is(ValueKind::kList)) {
    for (const Value& item : value.list())
      if (ContainsDigest(item)) return true;
  }
  return false;
}

bool IsDigest(const Value& value) {
  return value.sensitive() && value.is(ValueKind::kSymbol) && value.str().starts_with(kPrefix);
}

std::string Digest(std::string_view key, const Value& value) {
  if (IsDigest(value)) return value.str();
  std::string input(kContext);
  input += ValueToJson(Unmarked(value));
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(input.data()), input.size(), digest, &length);
  return std::string(kPrefix) + Hex(digest, length);
}

Value DigestValue(std::string digest) {
  Value value = Value::Symbol(std::move(digest));
  value.MarkSensitive();
  return value;
}

void RevealDigests(Value& live, const Value& desired, std::string_view key) {
  if (key.empty() || !ContainsDigest(live)) return;
  std::unordered_map<std::string, const Value*> plaintext;
  ForEachSensitive(desired, [&](const Value& v) {
    if (!IsDigest(v)) plaintext.emplace(Digest(key, v), &v);
  });
  Replace(live, plaintext);
}

void RevealDigests(const ir::Program& desired, std::vector<planner::LiveResource>& live,
                   std::string_view key) {
  if (key.empty()) return;
  for (planner::LiveResource& r : live) {
    if (!ContainsDigest(r.attributes)) continue;
    const ir::Resource* wanted = desired.Find(r.address);
    if (!wanted) continue;
    // The state hashed values the schema marks sensitive too: mark a copy the same way.
    Value attributes = wanted->attributes;
    planner::MarkSchemaSensitive(attributes, {schema::FindResource(wanted->kind), nullptr});
    RevealDigests(r.attributes, attributes, key);
  }
}

bool HoldsPlaintextSensitive(const Value& value) {
  if (!value.ContainsSensitive()) return false;
  bool plaintext = false;
  ForEachSensitive(value, [&](const Value& v) { plaintext = plaintext || !IsDigest(v); });
  return plaintext;
}

bool HoldsPlaintextSensitive(const State& state) {
  return std::any_of(state.resources.begin(), state.resources.end(), [](const Resource& r) {
    return HoldsPlaintextSensitive(r.attributes) || HoldsPlaintextSensitive(r.computed);
  });
}

}  // namespace berth::state
