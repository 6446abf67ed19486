// --wait-timeout: how long `apply` waits for services to reach their healthy count.
#pragma once

#include <optional>
#include <string>

namespace berth::cli {

// "90s", "5m", "1h", "500ms" or a bare number of seconds, in milliseconds; nullopt otherwise.
std::optional<double> ParseWaitTimeout(const std::string& text);

}  // namespace berth::cli
