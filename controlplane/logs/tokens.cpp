#include "controlplane/logs/tokens.h"

#include <cstdio>

namespace berth::controlplane::logs {

std::string EncodeToken(char direction, const Position& position) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%c/%019lld%037lld", direction,
                static_cast<long long>(position.timestamp), static_cast<long long>(position.seq));
  return buffer;
}

std::optional<Token> DecodeToken(const std::string& text) {
  if (text.size() != 58 || (text[0] != 'f' && text[0] != 'b') || text[1] != '/') {
    return std::nullopt;
  }
  for (size_t i = 2; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  }
  Token token;
  token.direction = text[0];
  try {
    token.position.timestamp = std::stoll(text.substr(2, 19));
    token.position.seq = std::stoll(text.substr(21));
  } catch (const std::exception&) {
    return std::nullopt;
  }
  return token;
}

}  // namespace berth::controlplane::logs
