// Paging tokens of GetLogEvents and FilterLogEvents. AWS's look like "f/" or "b/" and 56
// digits (moto makes them the same way, moto/logs/models.py); berth's 56 digits are a position
// in the group's (timestamp, seq) order (events.h): 19 digits of timestamp, 37 of seq. A token
// stays good while events are added, and the reader knows it is done when the token it gets
// back is the one it sent.
#pragma once

#include <optional>
#include <string>

#include "controlplane/logs/events.h"

namespace berth::controlplane::logs {

std::string EncodeToken(char direction, const Position& position);

struct Token {
  char direction = 'f';  // 'f' forward, 'b' backward
  Position position;
};
// nullopt when `text` is not a token berth made.
std::optional<Token> DecodeToken(const std::string& text);

}  // namespace berth::controlplane::logs
