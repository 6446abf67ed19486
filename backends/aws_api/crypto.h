// The hashes SigV4 is made of, by OpenSSL (Debian's libssl): SHA-256, HMAC-SHA256, hex, and a
// comparison that takes the same time wherever two signatures differ (a server verifying a
// signature must not tell an attacker how many leading characters were right).
#pragma once

#include <string>
#include <string_view>

namespace berth::aws_api {

// Raw 32-byte digests.
std::string Sha256(std::string_view data);
std::string HmacSha256(std::string_view key, std::string_view data);

// Lowercase hex, as SigV4 writes hashes and signatures.
std::string Hex(std::string_view bytes);
inline std::string Sha256Hex(std::string_view data) { return Hex(Sha256(data)); }

bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace berth::aws_api
