// Command-line flags of one subcommand. Each subcommand declares the flags it takes; anything
// else is a usage error with a suggestion, exit code 1.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace berth::cli {

struct FlagSpec {
  std::string name;   // without dashes: "var", "check"
  bool takes_value;   // --name VALUE or --name=VALUE
  bool repeatable;
  std::string help;
};

struct ParsedArgs {
  std::vector<std::string> positional;
  std::map<std::string, std::vector<std::string>> values;  // flag -> values in order
  bool Has(const std::string& flag) const { return values.count(flag) > 0; }
  // The last value given for the flag, or `fallback`.
  std::string Get(const std::string& flag, const std::string& fallback = "") const;
};

// Parses argv[first..]; on a usage error returns nullopt and sets `error`.
std::optional<ParsedArgs> ParseArgs(const std::vector<std::string>& args,
                                    const std::vector<FlagSpec>& specs, std::string& error);

std::string FlagsHelp(const std::vector<FlagSpec>& specs);

}  // namespace berth::cli
