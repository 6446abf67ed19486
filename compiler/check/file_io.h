// Reading source files, with the system's reason on failure ("No such file or directory").
#pragma once

#include <optional>
#include <string>

namespace berth::check {

std::optional<std::string> ReadFileText(const std::string& path, std::string& error);

}  // namespace berth::check
