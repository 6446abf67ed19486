// Sensitive values in the files berth keeps (state, journal, saved plans): never their content,
// only a keyed hash of it, HMAC-SHA256 by OpenSSL, so the planner still tells a changed secret
// from an unchanged one without the file holding it (docs/state.md, "Sensitive values").
//
// In memory a hashed value is a sensitive symbol `hmac-sha256:<64 hex digits>` (the language can
// never write a symbol with `:` or `-` in it); every renderer masks it like any sensitive value,
// and RevealDigests puts the desired plaintext back where the hash matches.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "compiler/base/value.h"
#include "compiler/ir/ir.h"
#include "planner/plan.h"

namespace berth::state {

// The environment variable that gives the key instead of the key file (CI: a secret store).
inline constexpr const char* kStateKeyVariable = "BERTH_STATE_KEY";

// "<state>.key": the key file beside the state.
std::string KeyPath(const std::string& state_path);

// The key: $BERTH_STATE_KEY when set and not empty, else the content of the key file; "" when
// neither exists. False with `error` when the key file exists but cannot be read.
bool LoadDigestKey(const std::string& state_path, std::string& key, std::string& error);

// As LoadDigestKey, but creates the key file (0600, 256 random bits as 64 hex digits) when there
// is no key yet.
bool EnsureDigestKey(const std::string& state_path, std::string& key, std::string& error);

// A hashed sensitive value, as RevealDigests and the writers recognise it.
bool IsDigest(const Value& value);
// True when `value` or anything inside it is a digest.
bool ContainsDigest(const Value& value);
// "hmac-sha256:<hex>" of the value's content (kind included, sensitivity marks ignored). A
// value that already is a digest is its own digest.
std::string Digest(std::string_view key, const Value& value);
// The in-memory stand-in for a hashed value (sensitive, so masked everywhere).
Value DigestValue(std::string digest);

// Replaces each digest in `live` by the sensitive value of `desired` it is the digest of, so the
// diff compares plaintext with plaintext; a digest nothing matches stays (the diff then shows the
// value changed: a new secret, or a key that was lost). `desired` must carry the schema's
// sensitivity marks (MarkSchemaSensitive). With an empty key nothing matches.
void RevealDigests(Value& live, const Value& desired, std::string_view key);
// The same for every live resource holding a digest, against the program's resource at its
// address: what a command calls after reading a live view that came from a state file.
void RevealDigests(const ir::Program& desired, std::vector<planner::LiveResource>& live,
                   std::string_view key);

// True when `value` holds a sensitive value that is not a digest yet (plaintext to hash).
bool HoldsPlaintextSensitive(const Value& value);
struct State;
// The same for any resource of the state (one written before berth hashed them).
bool HoldsPlaintextSensitive(const State& state);

}  // namespace berth::state
