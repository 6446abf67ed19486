#include "cli/args.h"

#include <fmt/format.h>

#include "compiler/base/diagnostics.h"

namespace berth::cli {

std::string ParsedArgs::Get(const std::string& flag, const std::string& fallback) const {
  auto it = values.find(flag);
  if (it == values.end() || it->second.empty()) return fallback;
  return it->second.back();
}

std::optional<ParsedArgs> ParseArgs(const std::vector<std::string>& args,
                                    const std::vector<FlagSpec>& specs, std::string& error) {
  ParsedArgs parsed;
  bool only_positional = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (only_positional || arg.size() < 2 || arg[0] != '-' || arg == "-") {
      parsed.positional.push_back(arg);
      continue;
    }
    if (arg == "--") {
      only_positional = true;
      continue;
    }
    std::string name = arg.substr(arg[1] == '-' ? 2 : 1);
    std::optional<std::string> inline_value;
    if (size_t eq = name.find('='); eq != std::string::npos) {
      inline_value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    const FlagSpec* spec = nullptr;
    for (const FlagSpec& s : specs) {
      if (s.name == name) spec = &s;
    }
    if (!spec) {
      std::vector<std::string> names;
      for (const FlagSpec& s : specs) names.push_back(s.name);
      error = fmt::format("unknown flag --{}", name);
      if (auto close = ClosestMatch(name, names)) error += fmt::format(" (did you mean --{}?)", *close);
      return std::nullopt;
    }
    std::string value;
    if (spec->takes_value) {
      if (inline_value) {
        value = *inline_value;
      } else if (i + 1 < args.size()) {
        value = args[++i];
      } else {
        error = fmt::format("flag --{} needs a value", name);
        return std::nullopt;
      }
    } else if (inline_value) {
      // --flag=false / --flag=true for booleans, like Terraform's -refresh=false.
      if (*inline_value != "true" && *inline_value != "false") {
        error = fmt::format("flag --{} takes true or false, not \"{}\"", name, *inline_value);
        return std::nullopt;
      }
      value = *inline_value;
    } else {
      value = "true";
    }
    auto& slot = parsed.values[name];
    if (!slot.empty() && !spec->repeatable) {
      error = fmt::format("flag --{} given more than once", name);
      return std::nullopt;
    }
    slot.push_back(value);
  }
  return parsed;
}

std::string FlagsHelp(const std::vector<FlagSpec>& specs) {
  std::string out;
  for (const FlagSpec& s : specs) {
    std::string left = "--" + s.name + (s.takes_value ? " VALUE" : "");
    out += fmt::format("  {:<24} {}\n", left, s.help);
  }
  return out;
}

}  // namespace berth::cli
